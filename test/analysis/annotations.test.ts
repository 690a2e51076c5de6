import { describe, expect, it } from 'vitest';
import { analyze, k8s, run } from './helpers';

const K = 'annotations.K8sAnalyzer';
const ALPHA = 'annotations.AlphaAnalyzer';

describe('annotations.K8sAnalyzer (IST0107, IST0108, IST0125, IST0135)', () => {
  it('reports unknown Istio annotations', () => {
    const svc = k8s.service('web', 'shop', { app: 'web' }, [{ name: 'http', port: 80 }], {}, { annotations: { 'networking.istio.io/exportTO': '.', 'example.com/other': 'x' } });
    expect(run([K], [svc])).toEqual(['IST0108 Service web.shop: Unknown annotation: networking.istio.io/exportTO']);
  });

  it('reports annotations on a kind they do not apply to, naming the kinds they do', () => {
    const ns = k8s.namespace('shop', {}, { 'sidecar.istio.io/proxyCPU': '100m' });
    const deploy = k8s.deployment('web', 'shop', { app: 'web' }, {}, { annotations: { 'traffic.istio.io/nodeSelector': '{}' } });
    expect(run([K], [ns, deploy])).toEqual([
      'IST0107 Deployment web.shop: Misplaced annotation: traffic.istio.io/nodeSelector can only be applied to Service',
      'IST0107 Namespace shop: Misplaced annotation: sidecar.istio.io/proxyCPU can only be applied to Pod',
    ]);
  });

  it('checks pod template annotations as Pod annotations, with the injector\'s value checks', () => {
    const deploy = k8s.deployment('web', 'shop', { app: 'web' }, {}, {}, {
      annotations: {
        'sidecar.istio.io/interceptionMode': 'MAGIC',
        'traffic.sidecar.istio.io/includeInboundPorts': '80,http',
        'traffic.sidecar.istio.io/excludeOutboundIPRanges': '10.0.0.0/8,10.1.2.3',
        'status.sidecar.istio.io/port': '70000',
        'readiness.status.sidecar.istio.io/periodSeconds': '-1',
        'prometheus.istio.io/merge-metrics': 'yes',
        'proxy.istio.io/config': '[not, a, mapping]',
        'sidecar.istio.io/proxyCPU': '100m',
      },
    });
    expect(run([K], [deploy])).toEqual([
      'IST0125 Deployment web.shop: Invalid annotation sidecar.istio.io/interceptionMode: interceptionMode invalid, use REDIRECT,TPROXY,NONE: MAGIC',
      "IST0125 Deployment web.shop: Invalid annotation traffic.sidecar.istio.io/includeInboundPorts: includeInboundPorts invalid: failed parsing port 'http': failed parsing port 'http': strconv.ParseUint: parsing \"http\": invalid syntax",
      "IST0125 Deployment web.shop: Invalid annotation traffic.sidecar.istio.io/excludeOutboundIPRanges: excludeIPRanges invalid: failed parsing cidr '10.1.2.3': netip.ParsePrefix(\"10.1.2.3\"): no '/'",
      "IST0125 Deployment web.shop: Invalid annotation status.sidecar.istio.io/port: excludeInboundPorts invalid: failed parsing port '70000': strconv.ParseUint: parsing \"70000\": value out of range",
      'IST0125 Deployment web.shop: Invalid annotation readiness.status.sidecar.istio.io/periodSeconds: strconv.ParseUint: parsing "-1": invalid syntax',
      'IST0125 Deployment web.shop: Invalid annotation prometheus.istio.io/merge-metrics: strconv.ParseBool: parsing "yes": invalid syntax',
      'IST0125 Deployment web.shop: Invalid annotation proxy.istio.io/config: failed to convert to apply proxy config: expected a ProxyConfig mapping',
    ]);
  });

  it('points at the template annotation in the file', () => {
    const deploy = k8s.deployment('web', 'shop', { app: 'web' }, {}, {}, { annotations: { 'sidecar.istio.io/bogus': 'x' } });
    const [m] = analyze([deploy], { analyzers: [K] });
    expect({ code: m.code, line: m.line }).toEqual({ code: 'IST0108', line: 14 });
  });

  it('reports deprecated annotations, except the inject annotation next to the inject label', () => {
    const pod = k8s.pod('old', 'shop', { app: 'old' }, {}, { annotations: { 'sidecar.istio.io/inject': 'true', 'sidecar.istio.io/statsInclusionPrefixes': 'cluster' } });
    const both = k8s.pod('both', 'shop', { 'app': 'both', 'sidecar.istio.io/inject': 'true' }, {}, { annotations: { 'sidecar.istio.io/inject': 'true' } });
    expect(run([K], [pod, both])).toEqual([
      'IST0135 Pod old.shop: Annotation "sidecar.istio.io/inject" has been deprecated in favor of the "sidecar.istio.io/inject" label and may not work in future Istio versions.',
      'IST0135 Pod old.shop: Annotation "sidecar.istio.io/statsInclusionPrefixes" has been deprecated and may not work in future Istio versions.',
    ]);
  });

  it('accepts valid annotations where they belong, and annotations for any kind', () => {
    const svc = k8s.service('web', 'shop', { app: 'web' }, [{ name: 'http', port: 80 }], {}, { annotations: { 'networking.istio.io/exportTo': '.', 'galley.istio.io/analyze-suppress': 'IST0118' } });
    const deploy = k8s.deployment('web', 'shop', { app: 'web' }, {}, {}, {
      annotations: {
        'sidecar.istio.io/interceptionMode': 'TPROXY',
        'traffic.sidecar.istio.io/includeInboundPorts': '*',
        'traffic.sidecar.istio.io/excludeOutboundIPRanges': '10.0.0.0/8,fd00::/8',
        'proxy.istio.io/config': 'holdApplicationUntilProxyStarts: true',
        'prometheus.istio.io/merge-metrics': 'false',
        'status.sidecar.istio.io/port': '15020',
      },
    });
    expect(run([K], [svc, deploy])).toEqual([]);
  });
});

describe('annotations.AlphaAnalyzer (IST0136)', () => {
  it('reports alpha-phase annotations', () => {
    const deploy = k8s.deployment('web', 'shop', { app: 'web' }, {}, {}, { annotations: { 'sidecar.istio.io/proxyCPU': '100m', 'inject.istio.io/templates': 'sidecar' } });
    expect(run([ALPHA], [deploy])).toEqual([
      'IST0136 Deployment web.shop: Annotation "sidecar.istio.io/proxyCPU" is part of an alpha-phase feature and may be incompletely supported.',
      'IST0136 Deployment web.shop: Annotation "inject.istio.io/templates" is part of an alpha-phase feature and may be incompletely supported.',
    ]);
  });

  it('ignores beta and stable annotations, annotations set by Istio, and CNI-managed ones', () => {
    const pod = k8s.pod('web', 'shop', { app: 'web' }, {}, {
      annotations: { 'proxy.istio.io/config': '{}', 'sidecar.istio.io/status': '{}', 'istio.io/rev': 'default', 'sidecar.istio.io/interceptionMode': 'REDIRECT' },
    });
    expect(run([ALPHA], [pod])).toEqual([]);
    const withInit = k8s.pod('init', 'shop', { app: 'init' }, { initContainers: [{ name: 'istio-init', image: 'proxyv2' }] }, { annotations: { 'sidecar.istio.io/interceptionMode': 'REDIRECT' } });
    expect(run([ALPHA], [withInit])).toEqual([
      'IST0136 Pod init.shop: Annotation "sidecar.istio.io/interceptionMode" is part of an alpha-phase feature and may be incompletely supported.',
    ]);
  });
});
