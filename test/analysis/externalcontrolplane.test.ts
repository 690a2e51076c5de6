import { describe, expect, it } from 'vitest';
import { obj, run } from './helpers';

const E = 'externalcontrolplane.ExternalControlPlaneAnalyzer';
const webhook = (kind: string, name: string, clientConfig: object) =>
  obj('admissionregistration.k8s.io/v1', kind, name, undefined, { webhooks: [{ name: 'rev.validation.istio.io', clientConfig, sideEffects: 'None', admissionReviewVersions: ['v1'] }] });

describe('externalcontrolplane.ExternalControlPlaneAnalyzer (IST0163, IST0164)', () => {
  it('reports webhooks reaching the external control plane by IP, by a malformed URL, or not at all', () => {
    const objects = [
      webhook('ValidatingWebhookConfiguration', 'istio-validator-external-istiod', { url: 'https://10.0.0.1:15017/validate' }),
      webhook('MutatingWebhookConfiguration', 'istio-sidecar-injector-external-istiod', { url: 'not a url' }),
      webhook('ValidatingWebhookConfiguration', 'istiod-default-validator', {}),
    ];
    expect(run([E], objects)).toEqual([
      'IST0163 MutatingWebhookConfiguration istio-sidecar-injector-external-istiod: The hostname (not a url) that was provided for the webhook (rev.validation.istio.io) to reach the ingress gateway on the external control plane cluster was provided in an invalid format. Traffic may not flow properly.',
      'IST0163 ValidatingWebhookConfiguration istiod-default-validator: The hostname () that was provided for the webhook (rev.validation.istio.io) to reach the ingress gateway on the external control plane cluster is blank. Traffic may not flow properly.',
      'IST0164 ValidatingWebhookConfiguration istio-validator-external-istiod: The address (https://10.0.0.1:15017/validate) that was provided for the webhook (rev.validation.istio.io) to reach the ingress gateway on the external control plane cluster is an IP address. This is not recommended for a production environment.',
    ]);
  });

  it('accepts host names and Services, and ignores webhooks that are not Istio\'s', () => {
    const objects = [
      webhook('ValidatingWebhookConfiguration', 'istio-validator-istio-system', { url: 'https://istiod.external.example.com:15017/validate' }),
      webhook('MutatingWebhookConfiguration', 'istio-sidecar-injector', { service: { name: 'istiod', namespace: 'istio-system' } }),
      webhook('ValidatingWebhookConfiguration', 'other', { url: 'https://10.0.0.1/' }),
    ];
    expect(run([E], objects)).toEqual([]);
  });
});
