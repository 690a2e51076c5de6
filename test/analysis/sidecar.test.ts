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

describe('sidecar.DefaultSelectorAnalyzer (IST0111)', () => {
  it('reports several Sidecars without a workload selector in one namespace', () => {
    expect(run(['sidecar.DefaultSelectorAnalyzer'], [sidecar('a'), sidecar('b'), sidecar('c', undefined, 'web')])).toEqual([
      'IST0111 Sidecar a.shop: The Sidecars [a b] in namespace "shop" have no workload selector, which can lead to undefined behavior.',
      'IST0111 Sidecar b.shop: The Sidecars [a b] in namespace "shop" have no workload selector, which can lead to undefined behavior.',
    ]);
  });

  it('accepts one default Sidecar per namespace', () => {
    expect(run(['sidecar.DefaultSelectorAnalyzer'], [sidecar('a'), sidecar('b', { app: 'x' }), sidecar('c', undefined, 'web')])).toEqual([]);
  });
});
