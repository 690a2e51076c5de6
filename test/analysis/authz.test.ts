import { describe, expect, it } from 'vitest';
import { analyze, istio, k8s, obj, run } from './helpers';

const A = 'auth.AuthorizationPoliciesAnalyzer';
const shop = k8s.namespace('shop', { 'istio-injection': 'enabled' });
const web = k8s.namespace('web');
const reviews = k8s.deployment('reviews', 'shop', { app: 'reviews' });

describe('auth.AuthorizationPoliciesAnalyzer: workloads (IST0127)', () => {
  it('reports a selector that matches no in-mesh workload', () => {
    const objects = [shop, web, reviews, k8s.deployment('plain', 'web', { app: 'plain' }), istio.ap('none', 'shop', { selector: { matchLabels: { app: 'ratings' } } }),
      istio.ap('not-in-mesh', 'web', { selector: { matchLabels: { app: 'plain' } } })];
    expect(run([A], objects)).toEqual([
      'IST0127 AuthorizationPolicy none.shop: No matching workloads for this resource with the following labels: app=ratings',
      'IST0127 AuthorizationPolicy not-in-mesh.web: No matching workloads for this resource with the following labels: app=plain',
    ]);
  });

  it('reports a namespace-wide policy in a namespace without in-mesh workloads', () => {
    expect(run([A], [shop, web, istio.ap('deny-all', 'web', {})])).toEqual([
      'IST0127 AuthorizationPolicy deny-all.web: No matching workloads for this resource with the following labels: ',
    ]);
  });

  it('accepts matching policies, mesh-wide selector-less policies and policies attached with targetRefs', () => {
    const objects = [
      shop, web, reviews,
      istio.ap('reviews', 'shop', { selector: { matchLabels: { app: 'reviews' } } }),
      istio.ap('ns-wide', 'shop', { action: 'DENY', rules: [{ to: [{ operation: { paths: ['/admin'] } }] }] }),
      istio.ap('mesh-wide', 'istio-system', {}),
      istio.ap('gateway', 'web', { targetRefs: [{ kind: 'Gateway', group: 'gateway.networking.k8s.io', name: 'gw' }] }),
    ];
    expect(run([A], objects)).toEqual([]);
  });

  it('looks for a mesh-wide (root namespace) selector in every namespace', () => {
    expect(run([A], [shop, reviews, istio.ap('root', 'istio-system', { selector: { matchLabels: { app: 'reviews' } } })])).toEqual([]);
    expect(run([A], [shop, reviews, istio.ap('root', 'istio-system', { selector: { matchLabels: { app: 'nope' } } })])).toEqual([
      'IST0127 AuthorizationPolicy root.istio-system: No matching workloads for this resource with the following labels: app=nope',
    ]);
  });
});

describe('auth.AuthorizationPoliciesAnalyzer and auth.PrincipalReferencesAnalyzer: references (IST0101 namespace, service account)', () => {
  const policy = (from: object[]) => istio.ap('refs', 'shop', { selector: { matchLabels: { app: 'reviews' } }, rules: [{ from }] });

  const objects = [shop, web, reviews, obj('v1', 'ServiceAccount', 'frontend', 'web'), policy([
    { source: { namespaces: ['web', 'nope'], notNamespaces: ['gone*'] } },
    { source: { principals: ['cluster.local/ns/web/sa/frontend', 'cluster.local/ns/web/sa/backend', 'cluster.local/ns/ghost/sa/x', 'cluster.local/ns/web/sa/default'] } },
  ])];

  it('reports source namespaces that match no namespace, and (as istioctl) not principals', () => {
    // As istioctl, a notNamespaces entry is placed at the line of namespaces[k] ("web", before "nope").
    expect(run([A], objects)).toEqual([
      'IST0101 AuthorizationPolicy refs.shop: Referenced namespace not found: "gone*"',
      'IST0101 AuthorizationPolicy refs.shop: Referenced namespace not found: "nope"',
    ]);
    expect(analyze(objects, { analyzers: [A] }).map((m) => m.line)).toEqual([50, 51]);
  });

  it('reports principals naming namespaces or service accounts that do not exist, when asked to', () => {
    expect(run(['auth.PrincipalReferencesAnalyzer'], objects)).toEqual([
      'IST0101 AuthorizationPolicy refs.shop: Referenced service account not found: "web/backend"',
      'IST0101 AuthorizationPolicy refs.shop: Referenced namespace not found: "ghost"',
    ]);
    expect(analyze(objects).map((m) => m.analyzer)).not.toContain('auth.PrincipalReferencesAnalyzer');
  });

  it('accepts existing namespaces, patterns that match one, wildcards, and accounts of namespaces that define none', () => {
    const accepted = [shop, web, reviews, policy([
      { source: { namespaces: ['web', 'w*', '*eb', '*'] } },
      { source: { principals: ['cluster.local/ns/web/sa/anything', 'cluster.local/ns/*/sa/x', '*'] } },
    ])];
    expect(run([A, 'auth.PrincipalReferencesAnalyzer'], accepted)).toEqual([]);
  });
});
