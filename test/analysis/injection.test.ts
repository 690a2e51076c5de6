import { describe, expect, it } from 'vitest';
import { istio, k8s, obj, run } from './helpers';

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

describe('injection.ImageAnalyzer (IST0158)', () => {
  const injector = (name: string, global: object) => k8s.configMap(name, 'istio-system', { values: JSON.stringify({ global }) });
  const cm = injector('istio-sidecar-injector', { hub: 'docker.io/istio', tag: '1.30.3', proxy: { image: 'proxyv2' } });
  const pod = (name: string, ns: string, image: string, metadata: object = {}) => k8s.pod(name, ns, { app: name }, {
    containers: [{ name: 'app', image: 'app' }, { name: 'istio-proxy', image }],
  }, metadata);
  const shop = k8s.namespace('shop', { 'istio-injection': 'enabled' });

  it('reports, per injected namespace, the pods whose proxy is not the injector\'s image (sorted)', () => {
    const objects = [cm, shop, pod('web-1', 'shop', 'docker.io/istio/proxyv2:1.29.0'), pod('api-0', 'shop', 'docker.io/istio/proxyv2:1.29.0'), pod('ok-0', 'shop', 'docker.io/istio/proxyv2:1.30.3')];
    expect(run(['injection.ImageAnalyzer'], objects)).toEqual([
      'IST0158 Namespace shop: The Istio proxy images of the pods running in the namespace do not match the image defined in the injection configuration (pod names: [api-0 web-1]). This often happens after upgrading the Istio control-plane and can be fixed by redeploying the pods.',
    ]);
  });

  it('uses the revision\'s injector, an absolute proxy image, and the image type (distroless) of the mesh, ProxyConfigs or the pod', () => {
    const canary = injector('istio-sidecar-injector-canary', { proxy: { image: 'registry.example.com/proxy:1.30.3' } });
    const ns = k8s.namespace('shop', { 'istio.io/rev': 'canary' });
    expect(run(['injection.ImageAnalyzer'], [cm, canary, ns, pod('a-0', 'shop', 'registry.example.com/proxy:1.30.3')])).toEqual([]);
    const distroless = pod('b-0', 'shop', 'registry.example.com/proxy:1.30.3-distroless');
    expect(run(['injection.ImageAnalyzer'], [cm, canary, ns, distroless])).toHaveLength(1);
    expect(run(['injection.ImageAnalyzer'], [cm, canary, ns, distroless], { meshConfig: 'defaultConfig:\n  image:\n    imageType: distroless\n' })).toEqual([]);
    const pc = obj('networking.istio.io/v1beta1', 'ProxyConfig', 'images', 'shop', { spec: { image: { imageType: 'distroless' } } });
    expect(run(['injection.ImageAnalyzer'], [cm, canary, ns, distroless, pc])).toEqual([]);
    const annotated = pod('c-0', 'shop', 'registry.example.com/proxy:1.30.3-distroless', { annotations: { 'proxy.istio.io/config': 'image:\n  imageType: distroless\n' } });
    expect(run(['injection.ImageAnalyzer'], [cm, canary, ns, annotated])).toEqual([]);
  });

  it('skips pods of namespaces not labelled for injection, pods with a proxyImage annotation, and inputs without an injector', () => {
    const old = 'docker.io/istio/proxyv2:1.29.0';
    expect(run(['injection.ImageAnalyzer'], [cm, k8s.namespace('shop'), pod('a-0', 'shop', old)])).toEqual([]);
    expect(run(['injection.ImageAnalyzer'], [cm, shop, pod('a-0', 'shop', old, { annotations: { 'sidecar.istio.io/proxyImage': old } })])).toEqual([]);
    expect(run(['injection.ImageAnalyzer'], [shop, pod('a-0', 'shop', old)])).toEqual([]);
  });
});

describe('injection.ImageAutoAnalyzer (IST0146, IST0147)', () => {
  const auto = { containers: [{ name: 'istio-proxy', image: 'auto' }] };
  const webhook = obj('admissionregistration.k8s.io/v1', 'MutatingWebhookConfiguration', 'istio-sidecar-injector', undefined, {
    webhooks: [{ name: 'namespace.sidecar-injector.istio.io', namespaceSelector: { matchLabels: { 'istio-injection': 'enabled' } } }],
  });

  it('reports a Pod with image: auto (never injected), and a Deployment no Istio webhook selects', () => {
    const objects = [webhook, k8s.namespace('edge'), k8s.pod('gw-0', 'edge', { app: 'gw' }, auto), k8s.deployment('gw', 'edge', { app: 'gw' }, auto)];
    expect(run(['injection.ImageAutoAnalyzer'], objects)).toEqual([
      'IST0147 Pod gw-0.edge: Pod gw-0 contains `image: auto` but does not match any Istio injection webhook selectors.',
      'IST0146 Deployment gw.edge: Deployment gw contains `image: auto` but does not match any Istio injection webhook selectors.',
    ]);
  });

  it('accepts a Deployment an Istio webhook selects, and ignores webhooks that are not Istio\'s', () => {
    const other = obj('admissionregistration.k8s.io/v1', 'MutatingWebhookConfiguration', 'other', undefined, { webhooks: [{ name: 'inject.example.com' }] });
    expect(run(['injection.ImageAutoAnalyzer'], [webhook, k8s.namespace('edge', { 'istio-injection': 'enabled' }), k8s.deployment('gw', 'edge', { app: 'gw' }, auto)])).toEqual([]);
    expect(run(['injection.ImageAutoAnalyzer'], [other, k8s.namespace('edge', { 'istio-injection': 'enabled' }), k8s.deployment('gw', 'edge', { app: 'gw' }, auto)])).toHaveLength(1);
    expect(run(['injection.ImageAutoAnalyzer'], [k8s.deployment('app', 'edge', { app: 'app' })])).toEqual([]);
    expect(run(['injection.ImageAutoAnalyzer'], [istio.vs('vs', 'edge', { hosts: ['a'] })])).toEqual([]);
  });
});
