import { Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { constructErrors, ids, one } from './util';
import { BookinfoChart } from '../../examples/bookinfo/chart';
import { JWKS_URI, JWT_ISSUER } from '../../examples/bookinfo/security';
import { IstioTesting } from '../../src';

describe('examples/bookinfo security', () => {
  const chart = new BookinfoChart(Testing.app(), 'bookinfo');
  const objects = IstioTesting.synth(chart);
  const security = objects.filter((o) => ['PeerAuthentication', 'AuthorizationPolicy', 'RequestAuthentication', 'Sidecar', 'NetworkPolicy'].includes(o.kind)
    || o.metadata.name.includes('egress'));

  it('runs in a STRICT mTLS namespace with sidecar injection and a default deny', () => {
    expect(one(objects, 'Namespace').metadata).toEqual({ name: 'bookinfo', labels: { 'istio-injection': 'enabled' } });
    expect(one(objects, 'PeerAuthentication').metadata).toEqual({ name: 'default', namespace: 'bookinfo' });
    expect(one(objects, 'PeerAuthentication').spec).toEqual({ mtls: { mode: 'STRICT' } });
    expect(one(objects, 'AuthorizationPolicy', 'allow-nothing').spec).toEqual({});
  });

  it('lets each service be called only by its callers: ingress gateway → productpage → details, reviews → ratings', () => {
    const policies = ['productpage', 'details', 'reviews', 'ratings'].map((name) => one(objects, 'AuthorizationPolicy', name).spec);
    expect(policies.map((p) => [p.action, p.selector.matchLabels.app, p.rules[0].from[0].source.principals, p.rules[0].to[0].operation])).toEqual([
      ['ALLOW', 'productpage', ['cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account'], { ports: ['9080'] }],
      ['ALLOW', 'details', ['cluster.local/ns/bookinfo/sa/bookinfo-productpage'], { ports: ['9080'], methods: ['GET'] }],
      ['ALLOW', 'reviews', ['cluster.local/ns/bookinfo/sa/bookinfo-productpage'], { ports: ['9080'], methods: ['GET'] }],
      ['ALLOW', 'ratings', ['cluster.local/ns/bookinfo/sa/bookinfo-reviews'], { ports: ['9080'], methods: ['GET'] }],
    ]);
  });

  it("requires a JWT on productpage's API, not on its pages and health check", () => {
    expect(one(objects, 'RequestAuthentication').spec).toEqual({
      selector: { matchLabels: { app: 'productpage' } },
      jwtRules: [{ issuer: JWT_ISSUER, jwksUri: JWKS_URI }],
    });
    expect(one(objects, 'AuthorizationPolicy', 'productpage-jwt-require-jwt').spec).toEqual({
      action: 'DENY',
      selector: { matchLabels: { app: 'productpage' } },
      rules: [{
        from: [{ source: { notRequestPrincipals: ['*'] } }],
        to: [{ operation: { ports: ['9080'], notPaths: ['/health', '/productpage', '/static/*', '/login', '/logout'] } }],
      }],
    });
  });

  it('locks egress down to the books API, through the egress gateway, with a NetworkPolicy backstop', () => {
    expect(ids(security).filter((id) => !/PeerAuthentication|AuthorizationPolicy\/bookinfo|RequestAuthentication/.test(id))).toEqual([
      'Sidecar/bookinfo/default',
      'VirtualService/bookinfo/www-googleapis-com-egress',
      'Gateway/bookinfo/egress-lockdown',
      'DestinationRule/bookinfo/egress-lockdown-gateway',
      'AuthorizationPolicy/istio-system/egress-lockdown',
      'NetworkPolicy/bookinfo/egress-lockdown',
    ]);
    expect(one(objects, 'Sidecar').spec).toEqual({ outboundTrafficPolicy: { mode: 'REGISTRY_ONLY' } });
    // The books API is registered once, by the traffic part; the lockdown routes it.
    expect(objects.filter((o) => o.kind === 'ServiceEntry').map((o) => o.spec.hosts)).toEqual([['www.googleapis.com']]);
    expect(one(objects, 'VirtualService', 'www-googleapis-com-egress').spec.tls[0].route[0].destination)
      .toEqual({ host: 'istio-egressgateway.istio-system.svc.cluster.local', subset: 'www-googleapis-com', port: { number: 443 } });
    expect(one(objects, 'AuthorizationPolicy', 'egress-lockdown').spec.rules).toEqual([
      { from: [{ source: { namespaces: ['bookinfo'] } }], when: [{ key: 'connection.sni', values: ['www.googleapis.com'] }] },
    ]);
    expect(one(objects, 'NetworkPolicy').spec.egress.map((r: any) => r.to[0])).toEqual([
      { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } },
      { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'istio-system' } }, podSelector: { matchLabels: { app: 'istiod' } } },
      { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'istio-system' } }, podSelector: { matchLabels: { istio: 'egressgateway' } } },
      { namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['bookinfo'] }] } },
    ]);
  });

  it('passes the construct validations and renders the security objects', () => {
    expect(constructErrors(chart)).toEqual([]);
    expect(security).toMatchSnapshot();
  });
});
