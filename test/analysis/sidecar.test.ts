import { describe, expect, it } from 'vitest';
import { istio, k8s, run } from './helpers';

const pods = [k8s.deployment('reviews', 'shop', { app: 'reviews', version: 'v1' }), k8s.pod('ratings-0', 'shop', { app: 'ratings' })];
const sidecar = (name: string, labels?: Record<string, string>, ns = 'shop') =>
  istio.sidecar(name, ns, { ...(labels ? { workloadSelector: { labels } } : {}), egress: [{ hosts: ['./*'] }] });

describe('sidecar.SelectorAnalyzer (IST0101 selector, IST0110)', () => {
  it('reports a selector that matches no workload of its namespace', () => {
    expect(run(['sidecar.SelectorAnalyzer'], [...pods, sidecar('missing', { app: 'details' }), sidecar('other-ns', { app: 'reviews' }, 'web')])).toEqual([
      'IST0101 Sidecar missing.shop: Referenced selector not found: "app=details"',
      'IST0101 Sidecar other-ns.web: Referenced selector not found: "app=reviews"',
    ]);
  });

  it('reports Sidecars that select the same workload', () => {
    expect(run(['sidecar.SelectorAnalyzer'], [...pods, sidecar('a', { app: 'reviews' }), sidecar('b', { version: 'v1' })])).toEqual([
      'IST0110 Sidecar a.shop: The Sidecars [a b] in namespace "shop" select the same workload pod "reviews", which can lead to undefined behavior.',
      'IST0110 Sidecar b.shop: The Sidecars [a b] in namespace "shop" select the same workload pod "reviews", which can lead to undefined behavior.',
    ]);
  });

  it('accepts Sidecars selecting different workloads', () => {
    expect(run(['sidecar.SelectorAnalyzer'], [...pods, sidecar('a', { app: 'reviews' }), sidecar('b', { app: 'ratings' }), sidecar('default')])).toEqual([]);
  });
});

describe('sidecar.SelectorAnalyzer (IST0111 namespace-wide Sidecars)', () => {
  it('reports several Sidecars without a workload selector in one namespace, names sorted', () => {
    expect(run(['sidecar.SelectorAnalyzer'], [sidecar('b'), sidecar('a'), sidecar('c', undefined, 'web'), sidecar('d', {}, 'web')])).toEqual([
      'IST0111 Sidecar a.shop: The Sidecars [a b] in namespace "shop" have no workload selector, which can lead to undefined behavior.',
      'IST0111 Sidecar b.shop: The Sidecars [a b] in namespace "shop" have no workload selector, which can lead to undefined behavior.',
      'IST0111 Sidecar c.web: The Sidecars [c d] in namespace "web" have no workload selector, which can lead to undefined behavior.',
      'IST0111 Sidecar d.web: The Sidecars [c d] in namespace "web" have no workload selector, which can lead to undefined behavior.',
    ]);
  });

  it('accepts one namespace-wide Sidecar per namespace', () => {
    expect(run(['sidecar.SelectorAnalyzer'], [...pods, sidecar('a'), sidecar('b', { app: 'reviews' }), sidecar('c', undefined, 'web')])).toEqual([]);
  });
});

describe('sidecar.SelectorAnalyzer (IST0167 ambient)', () => {
  it('reports namespace-wide Sidecars of an ambient namespace as ineffective, instead of conflicting', () => {
    const ambient = k8s.namespace('shop', { 'istio.io/dataplane-mode': 'ambient' });
    expect(run(['sidecar.SelectorAnalyzer'], [ambient, sidecar('a'), sidecar('b')])).toEqual([
      'IST0167 Sidecar a.shop: The policy has no impact: namespace is in ambient mode, the policy has no impact.',
      'IST0167 Sidecar b.shop: The policy has no impact: namespace is in ambient mode, the policy has no impact.',
    ]);
  });

  it('does not count a namespace labelled for sidecar injection or a revision as ambient', () => {
    const labelSets: Array<Record<string, string>> = [{ 'istio-injection': 'enabled' }, { 'istio.io/rev': 'canary' }];
    for (const labels of labelSets) {
      const ns = k8s.namespace('shop', { 'istio.io/dataplane-mode': 'ambient', ...labels });
      expect(run(['sidecar.SelectorAnalyzer'], [ns, sidecar('a')])).toEqual([]);
    }
  });

  it('reports Sidecars selecting a pod redirected to ztunnel as ineffective, once', () => {
    const pod = k8s.pod('web-0', 'shop', { app: 'web' }, {}, { annotations: { 'ambient.istio.io/redirection': 'enabled' } });
    expect(run(['sidecar.SelectorAnalyzer'], [pod, sidecar('a', { app: 'web' })])).toEqual([
      'IST0167 Sidecar a.shop: The policy has no impact: selected workload is in ambient mode, the policy has no impact.',
    ]);
  });
});
