import * as kplus from 'cdk8s-plus-28';
import { describe, expect, it } from 'vitest';
import { find, newChart, synth } from './helpers';
import { InjectionTarget, Istiod, SidecarInjection } from '../../src';

function deployment(chart: any, id = 'Web') {
  return new kplus.Deployment(chart, id, {
    metadata: { name: id.toLowerCase(), namespace: 'shop' },
    containers: [{ image: 'nginx:1.27', portNumber: 8080, securityContext: { user: 1000 } }],
  });
}

describe('SidecarInjection', () => {
  it('labels namespaces for the legacy webhook, a revision, an Istiod or a tag', () => {
    const chart = newChart();
    const istiod = new Istiod(chart, 'Istiod', { revision: '1-30-3' });
    const tag = istiod.addRevisionTag('prod');
    const legacy = new kplus.Namespace(chart, 'Legacy', { metadata: { name: 'legacy' } });
    SidecarInjection.enableNamespace(legacy);
    SidecarInjection.namespace(chart, 'ByRevision', 'by-revision', InjectionTarget.revision('1-30-3'));
    SidecarInjection.namespace(chart, 'ByIstiod', 'by-istiod', InjectionTarget.istiod(istiod));
    SidecarInjection.namespace(chart, 'ByTag', 'by-tag', InjectionTarget.tag(tag));
    const off = new kplus.Namespace(chart, 'Off', { metadata: { name: 'off' } });
    SidecarInjection.disableNamespace(off);
    const objects = synth(chart);
    expect(find(objects, 'Namespace', 'legacy').metadata.labels).toEqual({ 'istio-injection': 'enabled' });
    expect(find(objects, 'Namespace', 'by-revision').metadata.labels).toEqual({ 'istio.io/rev': '1-30-3' });
    expect(find(objects, 'Namespace', 'by-istiod').metadata.labels).toEqual({ 'istio.io/rev': '1-30-3' });
    expect(find(objects, 'Namespace', 'by-tag').metadata.labels).toEqual({ 'istio.io/rev': 'prod' });
    expect(find(objects, 'Namespace', 'off').metadata.labels).toEqual({ 'istio-injection': 'disabled' });
    expect(SidecarInjection.namespaceLabels(InjectionTarget.istiod(new Istiod(newChart(), 'D')))).toEqual({ 'istio.io/rev': 'default' });
    expect(SidecarInjection.namespaceLabels()).toEqual({ 'istio-injection': 'enabled' });
    expect(objects.filter((o) => o.kind === 'Namespace')).toMatchSnapshot();
  });

  it('opts workloads in and out on their pod template', () => {
    const chart = newChart();
    const a = deployment(chart, 'A');
    const b = deployment(chart, 'B');
    const c = deployment(chart, 'C');
    SidecarInjection.enableWorkload(a);
    SidecarInjection.enableWorkload(b, InjectionTarget.revision('canary'));
    SidecarInjection.disableWorkload(c);
    const objects = synth(chart);
    expect(find(objects, 'Deployment', 'a').spec.template.metadata.labels['sidecar.istio.io/inject']).toBe('true');
    expect(find(objects, 'Deployment', 'b').spec.template.metadata.labels['istio.io/rev']).toBe('canary');
    expect(find(objects, 'Deployment', 'c').spec.template.metadata.labels['sidecar.istio.io/inject']).toBe('false');
  });
});

describe('SidecarInjection errors', () => {
  it('fails synthesis when a namespace carries both istio-injection and istio.io/rev', () => {
    const chart = newChart();
    const ns = new kplus.Namespace(chart, 'Shop', { metadata: { name: 'shop' } });
    SidecarInjection.enableNamespace(ns);
    SidecarInjection.enableNamespace(ns, InjectionTarget.revision('1-30-3'));
    expect(() => synth(chart)).toThrow('test/Shop: metadata.labels: istio-injection and istio.io/rev are both set, got ' +
      'istio-injection=enabled and istio.io/rev=1-30-3; the legacy label wins and the revision is ignored, keep only one of them');
  });

  it('also catches a conflicting label added by hand, and a bad legacy value', () => {
    const chart = newChart();
    const ns = SidecarInjection.namespace(chart, 'Shop', 'shop', InjectionTarget.revision('1-30-3'));
    ns.metadata.addLabel('istio-injection', 'yes');
    expect(() => synth(chart)).toThrow('test/Shop: metadata.labels.istio-injection: must be enabled or disabled, got "yes"; ' +
      'use SidecarInjection.enableNamespace() or disableNamespace()');
  });

  it('fails synthesis when a workload opts out and selects a revision', () => {
    const chart = newChart();
    const web = deployment(chart);
    SidecarInjection.enableWorkload(web, InjectionTarget.revision('1-30-3'));
    SidecarInjection.disableWorkload(web);
    expect(() => synth(chart)).toThrow('test/Web: podMetadata.labels: sidecar.istio.io/inject=false and istio.io/rev=1-30-3 ' +
      'are both set, got a workload that opts out and selects a revision; the opt-out wins, keep only one of them');
  });

  it('rejects a bad inject value, a bad revision and a bad namespace name', () => {
    const chart = newChart();
    const web = deployment(chart);
    SidecarInjection.disableWorkload(web);
    web.podMetadata.addLabel('sidecar.istio.io/inject', 'no');
    expect(() => synth(chart)).toThrow('test/Web: podMetadata.labels.sidecar.istio.io/inject: must be "true" or "false", got "no"; ' +
      'use SidecarInjection.enableWorkload() or disableWorkload()');
    const ns = new kplus.Namespace(newChart(), 'Ns');
    expect(() => SidecarInjection.enableNamespace(ns, InjectionTarget.revision('1.30'))).toThrow(
      "test/Ns: target: revision must be a DNS-1123 label, got \"1.30\"; use the revision or tag name, e.g. '1-30-3' or 'prod-stable'");
    expect(() => SidecarInjection.namespace(newChart(), 'Bad', 'Shop')).toThrow(
      "test/Bad: name: must be a DNS-1123 label (at most 63 lowercase letters, digits and '-', starting and ending with a letter or digit), got \"Shop\"; use a DNS-1123 label such as shop");
  });
});
