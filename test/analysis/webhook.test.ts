import { describe, expect, it } from 'vitest';
import { k8s, obj, run } from './helpers';

const W = 'webhook.Analyzer';
const istiod = k8s.service('istiod', 'istio-system', { app: 'istiod' }, [{ name: 'https-webhook', port: 443 }]);

function injector(name: string, webhooks: object[], labels: Record<string, string> = {}) {
  return obj('admissionregistration.k8s.io/v1', 'MutatingWebhookConfiguration', name, undefined, { webhooks }, { labels });
}

function hook(name: string, namespaceSelector: object, objectSelector?: object, service = 'istiod') {
  return {
    name,
    admissionReviewVersions: ['v1'],
    sideEffects: 'None',
    clientConfig: { service: { name: service, namespace: 'istio-system', path: '/inject' } },
    namespaceSelector,
    ...(objectSelector ? { objectSelector } : {}),
  };
}

const enabled = { matchLabels: { 'istio-injection': 'enabled' } };
const revCanary = { matchExpressions: [{ key: 'istio-injection', operator: 'DoesNotExist' }, { key: 'istio.io/rev', operator: 'In', values: ['canary'] }] };

describe('webhook.Analyzer (IST0139)', () => {
  it('reports injection webhooks that select the same namespace and pod', () => {
    const objects = [istiod, injector('istio-sidecar-injector', [hook('namespace.sidecar-injector.istio.io', enabled)]), injector('copy', [hook('copy.sidecar-injector.istio.io', enabled)])];
    expect(run([W], objects)).toEqual([
      'IST0139 MutatingWebhookConfiguration copy: Webhook overlaps with others: [istio-sidecar-injector/namespace.sidecar-injector.istio.io]. This may cause injection to occur twice.',
      'IST0139 MutatingWebhookConfiguration istio-sidecar-injector: Webhook overlaps with others: [copy/copy.sidecar-injector.istio.io]. This may cause injection to occur twice.',
    ]);
  });

  it('reports a webhook whose control plane Service does not exist', () => {
    const objects = [injector('istio-sidecar-injector', [hook('namespace.sidecar-injector.istio.io', enabled, undefined, 'istiod-gone')])];
    expect(run([W], objects)).toEqual([
      'IST0139 MutatingWebhookConfiguration istio-sidecar-injector: Injector refers to a control plane service that does not exist: istio-system/istiod-gone.',
    ]);
  });

  it('accepts revisioned webhooks that select disjoint namespaces, and ignores non-Istio webhooks', () => {
    const objects = [
      istiod,
      injector('istio-sidecar-injector', [hook('namespace.sidecar-injector.istio.io', enabled)]),
      injector('istio-sidecar-injector-canary', [hook('rev.namespace.sidecar-injector.istio.io', revCanary)], { 'istio.io/rev': 'canary' }),
      injector('cert-manager', [hook('webhook.cert-manager.io', {})]),
    ];
    expect(run([W], objects)).toEqual([]);
  });
});
