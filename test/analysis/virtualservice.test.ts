import { describe, expect, it } from 'vitest';
import { analyze, app, istio, k8s, run } from './helpers';

const ingress = [
  k8s.deployment('istio-ingressgateway', 'istio-system', { istio: 'ingressgateway' }),
  k8s.service('istio-ingressgateway', 'istio-system', { istio: 'ingressgateway' }, [{ name: 'http2', port: 80, targetPort: 8080 }]),
];

describe('virtualservice.GatewayAnalyzer (IST0101 gateway, IST0132)', () => {
  const gw = istio.gw('bookinfo-gateway', 'shop', { selector: { istio: 'ingressgateway' }, servers: [{ port: { number: 8080, name: 'http', protocol: 'HTTP' }, hosts: ['bookinfo.example.com'] }] });

  it('reports a gateway that does not exist, and that the hosts are then not in it', () => {
    const vs = istio.vs('bookinfo', 'shop', { hosts: ['bookinfo.example.com'], gateways: ['nope'], http: [{ route: [{ destination: { host: 'productpage' } }] }] });
    expect(run(['virtualservice.GatewayAnalyzer'], [vs])).toEqual([
      'IST0101 VirtualService bookinfo.shop: Referenced gateway not found: "nope"',
      'IST0132 VirtualService bookinfo.shop: one or more host [bookinfo.example.com] defined in VirtualService shop/bookinfo not found in Gateway shop/nope.',
    ]);
  });

  it('reports hosts the gateway does not serve (IST0132), including across namespaces', () => {
    const vs = istio.vs('bookinfo', 'shop', { hosts: ['other.example.com', 'x.example.com'], gateways: ['bookinfo-gateway'], http: [{ route: [{ destination: { host: 'productpage' } }] }] });
    expect(run(['virtualservice.GatewayAnalyzer'], [gw, vs])).toEqual([
      'IST0132 VirtualService bookinfo.shop: one or more host [other.example.com x.example.com] defined in VirtualService shop/bookinfo not found in Gateway shop/bookinfo-gateway.',
    ]);
    // A gateway host restricted to another namespace does not serve this one.
    const scoped = istio.gw('scoped', 'edge', { selector: { istio: 'ingressgateway' }, servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['./bookinfo.example.com'] }] });
    const crossNs = istio.vs('bookinfo', 'shop', { hosts: ['bookinfo.example.com'], gateways: ['edge/scoped'], http: [{ route: [{ destination: { host: 'productpage' } }] }] });
    expect(run(['virtualservice.GatewayAnalyzer'], [scoped, crossNs])).toEqual([
      'IST0132 VirtualService bookinfo.shop: one or more host [bookinfo.example.com] defined in VirtualService shop/bookinfo not found in Gateway edge/scoped.',
    ]);
  });

  it('accepts the mesh gateway, a matching host, a wildcard host and */* servers', () => {
    const ok = [
      istio.vs('a', 'shop', { hosts: ['bookinfo.example.com'], gateways: ['mesh', 'bookinfo-gateway'], http: [{ route: [{ destination: { host: 'productpage' } }] }] }),
      istio.gw('wild', 'shop', { selector: { istio: 'ingressgateway' }, servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['*.example.com'] }] }),
      istio.vs('b', 'shop', { hosts: ['api.example.com'], gateways: ['shop/wild'], http: [{ route: [{ destination: { host: 'productpage' } }] }] }),
      istio.gw('any', 'edge', { selector: { istio: 'ingressgateway' }, servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['*/*'] }] }),
      istio.vs('c', 'shop', { hosts: ['whatever.test'], gateways: ['edge/any'], http: [{ route: [{ destination: { host: 'productpage' } }] }] }),
    ];
    expect(run(['virtualservice.GatewayAnalyzer'], [gw, ...ok])).toEqual([]);
  });

  it('points at the gateways entry in the file', () => {
    const vs = istio.vs('bookinfo', 'shop', { hosts: ['bookinfo.example.com'], gateways: ['mesh', 'nope'], http: [{ route: [{ destination: { host: 'productpage' } }] }] });
    const [m] = analyze([vs], { analyzers: ['virtualservice.GatewayAnalyzer'] });
    expect({ file: m.file, documentIndex: m.documentIndex, line: m.line }).toEqual({ file: 'input.yaml', documentIndex: 0, line: 11 });
  });
});

describe('virtualservice.DestinationHostAnalyzer (IST0101 host, IST0112, IST0140)', () => {
  it('reports route and mirror destinations no Service or ServiceEntry serves', () => {
    const vs = istio.vs('reviews', 'shop', {
      hosts: ['reviews'],
      http: [{ route: [{ destination: { host: 'reviews' } }], mirror: { host: 'shadow' } }],
      tcp: [{ route: [{ destination: { host: 'db.shop.svc.cluster.local', port: { number: 5432 } } }] }],
    });
    // Same code and object: sorted by line.
    expect(run(['virtualservice.DestinationHostAnalyzer'], [vs])).toEqual([
      'IST0101 VirtualService reviews.shop: Referenced host not found: "reviews"',
      'IST0101 VirtualService reviews.shop: Referenced mirror host not found: "shadow"',
      'IST0101 VirtualService reviews.shop: Referenced host not found: "db.shop.svc.cluster.local"',
    ]);
  });

  it('resolves short names, FQDNs, exported Services and (wildcard) ServiceEntries', () => {
    const objects = [
      ...app('reviews', 'shop'),
      k8s.service('ratings', 'data', { app: 'ratings' }, [{ name: 'http', port: 9080 }]),
      istio.se('external', 'shop', { hosts: ['*.googleapis.com'], ports: [{ number: 443, name: 'https', protocol: 'HTTPS' }], resolution: 'DNS', location: 'MESH_EXTERNAL' }),
      istio.vs('reviews', 'shop', {
        hosts: ['reviews'],
        http: [{ route: [{ destination: { host: 'reviews' }, weight: 50 }, { destination: { host: 'ratings.data.svc.cluster.local' }, weight: 50 }] }],
        tls: [{ match: [{ sniHosts: ['storage.googleapis.com'] }], route: [{ destination: { host: 'storage.googleapis.com' } }] }],
      }),
    ];
    expect(run(['virtualservice.DestinationHostAnalyzer'], objects)).toEqual([]);
  });

  it('does not resolve a Service exported only to its own namespace from another namespace', () => {
    const objects = [
      k8s.service('private', 'data', { app: 'private' }, [{ name: 'http', port: 80 }], {}, { annotations: { 'networking.istio.io/exportTo': '.' } }),
      istio.vs('caller', 'shop', { hosts: ['caller'], http: [{ route: [{ destination: { host: 'private.data.svc.cluster.local' } }] }] }),
      istio.vs('local', 'data', { hosts: ['local'], http: [{ route: [{ destination: { host: 'private' } }] }] }),
    ];
    expect(run(['virtualservice.DestinationHostAnalyzer'], objects)).toEqual([
      'IST0101 VirtualService caller.shop: Referenced host not found: "private.data.svc.cluster.local"',
    ]);
  });

  it('requires a port when the destination has several (IST0112) and reports ports it does not have', () => {
    const objects = [
      k8s.service('multi', 'shop', { app: 'multi' }, [{ name: 'http', port: 80 }, { name: 'grpc', port: 9090 }]),
      istio.vs('no-port', 'shop', { hosts: ['multi'], http: [{ route: [{ destination: { host: 'multi' } }] }] }),
      istio.vs('bad-port', 'shop', { hosts: ['multi2'], http: [{ route: [{ destination: { host: 'multi', port: { number: 81 } } }] }] }),
      istio.vs('good-port', 'shop', { hosts: ['multi3'], http: [{ route: [{ destination: { host: 'multi', port: { number: 9090 } } }] }] }),
    ];
    expect(run(['virtualservice.DestinationHostAnalyzer'], objects)).toEqual([
      'IST0101 VirtualService bad-port.shop: Referenced host:port not found: "multi:81"',
      'IST0112 VirtualService no-port.shop: This VirtualService routes to a service "multi" that exposes multiple ports [80 9090]. Specifying a port in the destination is required to disambiguate.',
    ]);
  });

  it('reports gateway routes without a subset to a host another VirtualService splits by subset (IST0140)', () => {
    const objects = [
      ...app('productpage', 'shop'),
      istio.vs('ingress', 'shop', { hosts: ['bookinfo.example.com'], gateways: ['bookinfo-gateway'], http: [{ route: [{ destination: { host: 'productpage' } }] }] }),
      istio.vs('productpage', 'shop', { hosts: ['productpage'], http: [{ route: [{ destination: { host: 'productpage', subset: 'v1' } }] }] }),
    ];
    expect(run(['virtualservice.DestinationHostAnalyzer'], objects)).toEqual([
      'IST0140 VirtualService ingress.shop: Subset in virtual service shop/productpage has no effect on ingress gateway shop/ingress requests',
    ]);
    // Without the subset split there is nothing to lose.
    expect(run(['virtualservice.DestinationHostAnalyzer'], objects.slice(0, 3))).toEqual([]);
  });
});

describe('virtualservice.DestinationRuleAnalyzer (IST0101 host+subset)', () => {
  const vs = istio.vs('reviews', 'shop', {
    hosts: ['reviews'],
    http: [{ route: [{ destination: { host: 'reviews', subset: 'v1' }, weight: 50 }, { destination: { host: 'reviews.shop.svc.cluster.local', subset: 'v3' }, weight: 50 }], mirror: { host: 'reviews', subset: 'v9' } }],
  });

  it('reports subsets no DestinationRule for the host defines', () => {
    const dr = istio.dr('reviews', 'shop', { host: 'reviews.shop.svc.cluster.local', subsets: [{ name: 'v1', labels: { version: 'v1' } }] });
    expect(run(['virtualservice.DestinationRuleAnalyzer'], [vs, dr])).toEqual([
      'IST0101 VirtualService reviews.shop: Referenced host+subset in destinationrule not found: "reviews.shop.svc.cluster.local+v3"',
      'IST0101 VirtualService reviews.shop: Referenced mirror+subset in destinationrule not found: "reviews+v9"',
    ]);
  });

  it('accepts subsets defined by a DestinationRule in short or FQDN form', () => {
    const dr = istio.dr('reviews', 'shop', { host: 'reviews', subsets: [{ name: 'v1' }, { name: 'v3' }, { name: 'v9' }] });
    expect(run(['virtualservice.DestinationRuleAnalyzer'], [vs, dr])).toEqual([]);
  });
});

describe('virtualservice.ConflictingMeshGatewayHostsAnalyzer (IST0109)', () => {
  it('reports VirtualServices bound to the mesh that define the same host', () => {
    const objects = [
      istio.vs('productpage', 'team-1', { hosts: ['productpage.default.svc.cluster.local'], http: [{ route: [{ destination: { host: 'productpage' } }] }] }),
      istio.vs('custom', 'team-2', { hosts: ['productpage.default.svc.cluster.local'], gateways: ['mesh'], http: [{ route: [{ destination: { host: 'productpage' } }] }] }),
    ];
    expect(run(['virtualservice.ConflictingMeshGatewayHostsAnalyzer'], objects)).toEqual([
      'IST0109 VirtualService productpage.team-1: The VirtualServices team-1/productpage,team-2/custom associated with mesh gateway define the same host */productpage.default.svc.cluster.local which can lead to undefined behavior. This can be fixed by merging the conflicting VirtualServices into a single resource.',
      'IST0109 VirtualService custom.team-2: The VirtualServices team-1/productpage,team-2/custom associated with mesh gateway define the same host */productpage.default.svc.cluster.local which can lead to undefined behavior. This can be fixed by merging the conflicting VirtualServices into a single resource.',
    ]);
  });

  it('accepts the same host when each VirtualService is exported only to its namespace, or bound to a gateway', () => {
    const objects = [
      istio.vs('productpage', 'team-1', { exportTo: ['.'], hosts: ['productpage.default.svc.cluster.local'], http: [{ route: [{ destination: { host: 'productpage' } }] }] }),
      istio.vs('custom', 'team-2', { exportTo: ['.'], hosts: ['productpage.default.svc.cluster.local'], http: [{ route: [{ destination: { host: 'productpage' } }] }] }),
      istio.vs('ingress', 'team-3', { hosts: ['productpage.default.svc.cluster.local'], gateways: ['edge'], http: [{ route: [{ destination: { host: 'productpage' } }] }] }),
    ];
    expect(run(['virtualservice.ConflictingMeshGatewayHostsAnalyzer'], objects)).toEqual([]);
  });
});

describe('virtualservice.JWTClaimRouteAnalyzer (IST0149)', () => {
  const gw = istio.gw('gw', 'istio-system', { selector: { istio: 'ingressgateway' }, servers: [{ port: { number: 8080, name: 'http', protocol: 'HTTP' }, hosts: ['*'] }] });
  const vs = istio.vs('claims', 'shop', {
    hosts: ['*'],
    gateways: ['istio-system/gw'],
    http: [{ match: [{ headers: { '@request.auth.claims.group': { exact: 'admin' } } }], route: [{ destination: { host: 'admin' } }] }, { route: [{ destination: { host: 'public' } }] }],
  });

  it('reports claim-based routing on gateway pods no RequestAuthentication covers (the input\'s, and the one istioctl assumes)', () => {
    expect(run(['virtualservice.JWTClaimRouteAnalyzer'], [...ingress, gw, vs])).toEqual([
      'IST0149 VirtualService claims.shop: The virtual service uses the JWT claim based routing (key: @request.auth.claims.group) but found no request authentication for the gateway (istio-system/gw) pod (istio-ingressgateway). The request authentication must first be applied for the gateway pods to validate the JWT token and make the claims available for routing.',
      'IST0149 VirtualService claims.shop: The virtual service uses the JWT claim based routing (key: @request.auth.claims.group) but found no request authentication for the gateway (istio-system/gw) pod (istio-ingressgateway-dummypod). The request authentication must first be applied for the gateway pods to validate the JWT token and make the claims available for routing.',
    ]);
  });

  it('accepts it when a RequestAuthentication selects the gateway pods', () => {
    const ra = istio.ra('jwt', 'istio-system', { selector: { matchLabels: { istio: 'ingressgateway' } }, jwtRules: [{ issuer: 'https://issuer.example.com', jwksUri: 'https://issuer.example.com/jwks' }] });
    expect(run(['virtualservice.JWTClaimRouteAnalyzer'], [...ingress, gw, vs, ra])).toEqual([]);
  });
});

describe('unreachable rules and ineffective matches (IST0130, IST0131)', () => {
  const A = { uri: { prefix: '/api' } };

  it('reports rules after a catch-all, duplicate matches, and prefixes covered by earlier ones', () => {
    const vs = istio.vs('api', 'shop', {
      hosts: ['api'],
      http: [
        { name: 'first', match: [{ name: 'api', ...A }], route: [{ destination: { host: 'api' } }] },
        { name: 'dup', match: [A], route: [{ destination: { host: 'api' } }] },
        { name: 'covered', match: [{ uri: { prefix: '/api/v2' } }], route: [{ destination: { host: 'api' } }] },
        { route: [{ destination: { host: 'api' } }] },
        { name: 'late', match: [{ uri: { prefix: '/late' } }], route: [{ destination: { host: 'api' } }] },
      ],
    });
    expect(run(['schema.ValidationAnalyzer.VirtualService'], [vs])).toEqual([
      'IST0130 VirtualService api.shop: VirtualService rule "dup" not used (all matches used by prior rules).',
      'IST0130 VirtualService api.shop: VirtualService rule "late" not used (route without matches defined before).',
      'IST0131 VirtualService api.shop: VirtualService rule "covered" match #0 of prefix /api/v2 is not used (duplicate/overlapping match in rule "api" of prefix /api on "first").',
      'IST0131 VirtualService api.shop: VirtualService rule "dup" match #0 is not used (duplicate/overlapping match in rule "first").',
    ]);
  });

  it('reports a second rule without matches in TCP routes, and accepts distinct matches', () => {
    const tcp = istio.vs('db', 'shop', { hosts: ['db'], tcp: [{ route: [{ destination: { host: 'db' } }] }, { route: [{ destination: { host: 'db2' } }] }] });
    expect(run(['schema.ValidationAnalyzer.VirtualService'], [tcp])).toEqual([
      'IST0130 VirtualService db.shop: VirtualService rule #1 not used (only the last rule can have no matches).',
    ]);
    const ok = istio.vs('ok', 'shop', {
      hosts: ['ok'],
      http: [
        { match: [{ uri: { prefix: '/a' }, headers: { 'x-user': { exact: 'jason' } } }], route: [{ destination: { host: 'ok' } }] },
        { match: [{ uri: { prefix: '/a' } }], route: [{ destination: { host: 'ok' } }] },
        { match: [{ uri: { prefix: '/ab' }, method: { exact: 'POST' } }], route: [{ destination: { host: 'ok' } }] },
        { route: [{ destination: { host: 'ok' } }] },
      ],
    });
    expect(run(['schema.ValidationAnalyzer.VirtualService'], [ok])).toEqual([]);
  });
});
