import { describe, expect, it } from 'vitest';
import { k8s, run } from './helpers';

const I = 'injection.Analyzer';

describe('injection.Analyzer (IST0102, IST0103, IST0123, IST0148)', () => {
  it('reports namespaces without an injection label, but not istio-system or opted-out ones', () => {
    const objects = [k8s.namespace('shop'), k8s.namespace('istio-system'), k8s.namespace('off', { 'istio-injection': 'disabled' }), k8s.namespace('rev', { 'istio.io/rev': 'canary' })];
    expect(run([I], objects)).toEqual([
      "IST0102 Namespace shop: The namespace is not enabled for Istio injection. Run 'kubectl label namespace shop istio-injection=enabled' to enable it, or 'kubectl label namespace shop istio-injection=disabled' to explicitly mark it as not needing injection.",
    ]);
  });

  it('reports namespaces with more than one kind of injection label', () => {
    const objects = [k8s.namespace('both', { 'istio-injection': 'enabled', 'istio.io/rev': 'canary' }), k8s.namespace('ambient', { 'istio.io/rev': 'canary', 'istio.io/dataplane-mode': 'ambient' })];
    expect(run([I], objects)).toEqual([
      'IST0123 Namespace ambient: The namespace has more than one type of injection labels [istio.io/rev=canary istio.io/dataplane-mode=ambient], which may lead to undefined behavior. Make sure only one injection label exists.',
      'IST0123 Namespace both: The namespace has more than one type of injection labels [istio-injection=enabled istio.io/rev=canary], which may lead to undefined behavior. Make sure only one injection label exists.',
    ]);
  });

  it('reports unlabelled namespaces as injected by default when the injector says so (IST0148)', () => {
    const injector = k8s.configMap('istio-sidecar-injector', 'istio-system', { values: JSON.stringify({ sidecarInjectorWebhook: { enableNamespacesByDefault: true } }) });
    expect(run([I], [k8s.namespace('shop'), injector])).toEqual([
      'IST0148 Namespace shop: is enabled for Istio injection, as Istio is installed with enableNamespacesByDefault as true.',
    ]);
  });

  it('reports running pods of injected namespaces that have no proxy (IST0103), but not templates or opted-out pods', () => {
    const objects = [
      k8s.namespace('shop', { 'istio-injection': 'enabled' }),
      k8s.pod('bare', 'shop', { app: 'bare' }),
      k8s.pod('injected', 'shop', { app: 'injected' }, { containers: [{ name: 'app', image: 'x' }, { name: 'istio-proxy', image: 'proxyv2' }] }),
      k8s.pod('native', 'shop', { app: 'native' }, { initContainers: [{ name: 'istio-proxy', image: 'proxyv2' }] }),
      k8s.pod('opt-out', 'shop', { 'app': 'o', 'sidecar.istio.io/inject': 'false' }),
      k8s.pod('host', 'shop', { app: 'h' }, { hostNetwork: true }),
      k8s.deployment('template', 'shop', { app: 'template' }),
    ];
    expect(run([I], objects)).toEqual([
      'IST0103 Pod bare.shop: The pod shop/bare is missing the Istio proxy. This can often be resolved by restarting or redeploying the workload.',
    ]);
  });
});
