import { describe, expect, it } from 'vitest';
import { istio, k8s, obj, run } from './helpers';

const SEL = 'k8sgateway.SelectorAnalyzer';
const CRD = 'k8sgateway.CRDVersionAnalyzer';

const gateway = obj('gateway.networking.k8s.io/v1', 'Gateway', 'ingress', 'shop', { spec: { gatewayClassName: 'istio', listeners: [{ name: 'http', port: 80, protocol: 'HTTP' }] } });
const gatewayPod = k8s.pod('ingress-istio-abc', 'shop', { 'gateway.networking.k8s.io/gateway-name': 'ingress', 'app': 'edge' });

describe('k8sgateway.SelectorAnalyzer (IST0166)', () => {
  it('reports policies that select the pods of a Kubernetes Gateway instead of attaching with targetRef', () => {
    const objects = [gatewayPod, istio.ap('edge', 'shop', { selector: { matchLabels: { app: 'edge' } } }), istio.ra('jwt', 'shop', { selector: { matchLabels: {} }, jwtRules: [] })];
    expect(run([SEL], objects)).toEqual([
      'IST0166 AuthorizationPolicy edge.shop: Ineffective selector on Kubernetes Gateway ingress. Use the TargetRef field instead.',
      'IST0166 RequestAuthentication jwt.shop: Ineffective selector on Kubernetes Gateway ingress. Use the TargetRef field instead.',
    ]);
  });

  it('counts the pods Istio deploys for an Istio-class Gateway API Gateway of the input', () => {
    expect(run([SEL], [gateway, istio.telemetry('t', 'shop', { selector: { matchLabels: { 'gateway.networking.k8s.io/gateway-name': 'ingress' } }, tracing: [{}] })])).toEqual([
      'IST0166 Telemetry t.shop: Ineffective selector on Kubernetes Gateway ingress. Use the TargetRef field instead.',
    ]);
  });

  it('accepts targetRef attachment and selectors of other workloads', () => {
    const objects = [gatewayPod, gateway, istio.ap('edge', 'shop', { targetRef: { kind: 'Gateway', group: 'gateway.networking.k8s.io', name: 'ingress' } }),
      istio.ap('app', 'shop', { selector: { matchLabels: { app: 'reviews' } } })];
    expect(run([SEL], objects)).toEqual([]);
  });
});

function crd(plural: string, kind: string, served: string[], bundleVersion?: string) {
  return obj('apiextensions.k8s.io/v1', 'CustomResourceDefinition', `${plural}.gateway.networking.k8s.io`, undefined, {
    spec: { group: 'gateway.networking.k8s.io', names: { kind, plural }, scope: 'Namespaced', versions: served.map((name) => ({ name, served: true, storage: name === served[0] })) },
  }, bundleVersion ? { annotations: { 'gateway.networking.k8s.io/bundle-version': bundleVersion } } : {});
}

describe('k8sgateway.CRDVersionAnalyzer (IST0156 served version, IST0176 bundle version)', () => {
  it('reports Gateway API CRDs that do not serve v1, or are older than Istio needs', () => {
    const objects = [crd('httproutes', 'HTTPRoute', ['v1beta1']), crd('tlsroutes', 'TLSRoute', ['v1alpha2'], 'v1.4.0'), crd('grpcroutes', 'GRPCRoute', ['v1'], 'v1.0.0')];
    expect(run([CRD], objects)).toEqual([
      'IST0156 CustomResourceDefinition httproutes.gateway.networking.k8s.io: The Gateway API CRD version v1beta1 is lower than the minimum version: v1',
      'IST0176 CustomResourceDefinition grpcroutes.gateway.networking.k8s.io: Gateway API CRD "grpcroutes.gateway.networking.k8s.io" is at version "1.0.0" but Istio requires at least "1.1.0"; resources of this kind will not be processed. Upgrade the Gateway API CRDs to satisfy the minimum version.',
      'IST0176 CustomResourceDefinition tlsroutes.gateway.networking.k8s.io: Gateway API CRD "tlsroutes.gateway.networking.k8s.io" is at version "1.4.0" but Istio requires at least "1.5.0"; resources of this kind will not be processed. Upgrade the Gateway API CRDs to satisfy the minimum version.',
    ]);
  });

  it('accepts the pinned Gateway API v1.6.1 bundle', () => {
    const objects = [crd('httproutes', 'HTTPRoute', ['v1', 'v1beta1'], 'v1.6.1'), crd('tlsroutes', 'TLSRoute', ['v1'], 'v1.6.1'), crd('backendtlspolicies', 'BackendTLSPolicy', ['v1'], 'v1.6.1')];
    expect(run([CRD], objects)).toEqual([]);
  });
});
