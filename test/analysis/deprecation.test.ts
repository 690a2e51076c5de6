import { describe, expect, it } from 'vitest';
import { istio, obj, run } from './helpers';

const D = 'deprecation.DeprecationAnalyzer';

describe('deprecation.DeprecationAnalyzer (IST0002)', () => {
  it('reports deprecated fields and removed custom resource types', () => {
    const objects = [
      istio.vs('faults', 'shop', { hosts: ['r'], http: [{ fault: { delay: { percent: 10, fixedDelay: '5s' } }, route: [{ destination: { host: 'r' } }] }] }),
      istio.sidecar('egress', 'shop', { outboundTrafficPolicy: { mode: 'REGISTRY_ONLY', egressProxy: { host: 'egress.istio-system.svc.cluster.local' } } }),
      obj('apiextensions.k8s.io/v1', 'CustomResourceDefinition', 'serviceroles.rbac.istio.io', undefined, { spec: { group: 'rbac.istio.io', names: { kind: 'ServiceRole', plural: 'serviceroles' }, scope: 'Namespaced', versions: [] } }),
    ];
    expect(run([D], objects)).toEqual([
      'IST0002 CustomResourceDefinition serviceroles.rbac.istio.io: Deprecated: Custom resource type rbac.istio.io ServiceRole is removed',
      'IST0002 Sidecar egress.shop: Deprecated: OutboundTrafficPolicy.EgressProxy ignored',
      'IST0002 VirtualService faults.shop: Deprecated: HTTPRoute.fault.delay.percent is deprecated; use HTTPRoute.fault.delay.percentage',
    ]);
  });

  it('accepts the replacements', () => {
    const objects = [
      istio.vs('faults', 'shop', { hosts: ['r'], http: [{ fault: { delay: { percentage: { value: 10 }, fixedDelay: '5s' } }, route: [{ destination: { host: 'r' } }] }] }),
      istio.sidecar('egress', 'shop', { outboundTrafficPolicy: { mode: 'REGISTRY_ONLY' } }),
    ];
    expect(run([D], objects)).toEqual([]);
  });
});
