import { describe, expect, it } from 'vitest';
import { find, forSnapshot, names, newChart, synth } from './helpers';
import { Istiod, RevisionTag } from '../../src';

describe('RevisionTag', () => {
  it('points a tag at a revision: webhooks selecting istio.io/rev=<tag>, served by the revision\'s istiod', () => {
    const chart = newChart();
    const istiod = new Istiod(chart, 'Istiod', { revision: '1-30-3' });
    const tag = istiod.addRevisionTag('prod-stable');
    const objects = synth(chart).filter((o) => o.metadata.labels?.['istio.io/tag']);
    expect(names(objects)).toEqual(['MutatingWebhookConfiguration/istio-revision-tag-prod-stable', 'Service/istiod-revision-tag-prod-stable']);
    expect(tag.revision).toBe('1-30-3');
    const mwc = find(objects, 'MutatingWebhookConfiguration', 'istio-revision-tag-prod-stable');
    expect(mwc.metadata.labels).toMatchObject({ 'istio.io/tag': 'prod-stable', 'istio.io/rev': '1-30-3', 'app': 'sidecar-injector' });
    expect(mwc.webhooks.map((w: any) => [w.name, w.clientConfig.service.name, w.namespaceSelector, w.objectSelector])).toEqual([
      ['rev.namespace.sidecar-injector.istio.io', 'istiod-1-30-3',
        { matchExpressions: [{ key: 'istio.io/rev', operator: 'In', values: ['prod-stable'] }, { key: 'istio-injection', operator: 'DoesNotExist' }] },
        { matchExpressions: [{ key: 'sidecar.istio.io/inject', operator: 'NotIn', values: ['false'] }] }],
      ['rev.object.sidecar-injector.istio.io', 'istiod-1-30-3',
        { matchExpressions: [{ key: 'istio.io/rev', operator: 'DoesNotExist' }, { key: 'istio-injection', operator: 'DoesNotExist' }] },
        { matchExpressions: [{ key: 'sidecar.istio.io/inject', operator: 'NotIn', values: ['false'] }, { key: 'istio.io/rev', operator: 'In', values: ['prod-stable'] }] }],
    ]);
    expect(find(objects, 'Service', 'istiod-revision-tag-prod-stable').spec.selector).toEqual({ 'app': 'istiod', 'istio.io/rev': '1-30-3' });
    expect(tag.ignoreDifferences()).toEqual([{
      group: 'admissionregistration.k8s.io',
      kind: 'MutatingWebhookConfiguration',
      name: 'istio-revision-tag-prod-stable',
      jsonPointers: ['/webhooks/0/clientConfig/caBundle', '/webhooks/1/clientConfig/caBundle'],
      jqPathExpressions: ['.webhooks[]?.clientConfig.caBundle'],
      reason: 'istiod patches the CA bundle of the revision tag webhooks at run time; it is never rendered',
    }]);
    expect(istiod.ignoreDifferences().map((d) => d.name)).toContain('istio-revision-tag-prod-stable');
    expect(forSnapshot(objects)).toMatchSnapshot();
  });

  it('gives the default tag the legacy selectors too', () => {
    const chart = newChart();
    const istiod = new Istiod(chart, 'Istiod', { revision: 'canary', namespace: 'mesh', enableNamespacesByDefault: true });
    new RevisionTag(chart, 'Default', { tag: 'default', istiod });
    const mwc = find(synth(chart), 'MutatingWebhookConfiguration', 'istio-revision-tag-default-mesh');
    expect(mwc.webhooks.map((w: any) => w.name)).toEqual([
      'rev.namespace.sidecar-injector.istio.io', 'rev.object.sidecar-injector.istio.io', 'namespace.sidecar-injector.istio.io',
      'object.sidecar-injector.istio.io', 'auto.sidecar-injector.istio.io',
    ]);
    expect(mwc.webhooks[2].namespaceSelector).toEqual({ matchExpressions: [{ key: 'istio-injection', operator: 'In', values: ['enabled'] }] });
  });

  it('moves with the istiod it points at (canary upgrade)', () => {
    const chart = newChart();
    new Istiod(chart, 'Old', { revision: '1-29-2' });
    const next = new Istiod(chart, 'New', { revision: '1-30-3' });
    new RevisionTag(chart, 'Prod', { tag: 'prod', istiod: next });
    const mwc = find(synth(chart), 'MutatingWebhookConfiguration', 'istio-revision-tag-prod');
    expect(mwc.webhooks.every((w: any) => w.clientConfig.service.name === 'istiod-1-30-3')).toBe(true);
  });
});

describe('RevisionTag errors', () => {
  it('rejects a bad tag, an unrevisioned istiod and a tag named like its revision', () => {
    const chart = newChart();
    const rev = new Istiod(chart, 'Rev', { revision: '1-30-3' });
    const def = new Istiod(newChart(), 'Default');
    expect(() => new RevisionTag(chart, 'T1', { tag: 'Prod', istiod: rev })).toThrow(
      "test/T1: tag: must be a DNS-1123 label (at most 63 lowercase letters, digits and '-', starting and ending with a letter or digit), got \"Prod\"; use a short name such as 'prod-stable', 'canary' or 'default'");
    expect(() => new RevisionTag(chart, 'T2', { tag: 'prod', istiod: def })).toThrow(
      'test/T2: istiod: a revision tag must point at a revisioned control plane, got the default revision (test/Default); set `revision` on the Istiod the tag points at');
    expect(() => new RevisionTag(chart, 'T3', { tag: '1-30-3', istiod: rev })).toThrow(
      'test/T3: tag: must differ from the revision it points at, got "1-30-3"; pick a stable name such as prod-stable');
  });
});
