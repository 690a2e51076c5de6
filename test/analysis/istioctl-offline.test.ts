// What `istioctl analyze --use-kube=false` does to the input before the analyzers see it, and how it places and
// de-duplicates messages; and the behaviours found by running Istio's own analyzer tests (upstream-cases.test.ts),
// each tested here on its own.
import { describe, expect, it } from 'vitest';
import { analyze, brief, istio, k8s, obj, run, yamlOf } from './helpers';
import { runAnalysis } from '../../src/analysis/engine';
import { readYamlStream } from '../../src/validation/yaml-reader';

const gateway = (selector: Record<string, string>, port = 80) =>
  istio.gw('gw', 'shop', { selector, servers: [{ port: { number: port, name: 'http', protocol: 'HTTP' }, hosts: ['*.example.com'] }] });

describe('the ingress gateway istioctl assumes offline', () => {
  const P = 'gateway.IngressGatewayPortAnalyzer';

  it('is there when the input has none: a Gateway selecting istio=ingressgateway on port 80 or 443 is fine, 8080 is not', () => {
    expect(run([P], [gateway({ istio: 'ingressgateway' })])).toEqual([]);
    expect(run([P], [gateway({ istio: 'ingressgateway' }, 443)])).toEqual([]);
    expect(run([P], [gateway({ istio: 'ingressgateway' }, 8080)])).toEqual([
      'IST0162 Gateway gw.shop: The gateway is listening on a target port (port 8080) that is not defined in the Service associated with its workload instances (Pod selector istio=ingressgateway). If you need to access the gateway port through the gateway Service, it will not be available.',
    ]);
  });

  it('is named by the MeshConfig ingressService, and absent when ingressControllerMode is OFF', () => {
    const report = runAnalysis([readYamlStream('apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n')], { mesh: { meshConfig: { ingressService: 'edge' } } });
    expect(report.objectCount).toBe(1);
    const off = { meshConfig: 'ingressControllerMode: "OFF"\n' };
    expect(run([P], [gateway({ istio: 'ingressgateway' })], off)).toEqual([
      'IST0101 Gateway gw.shop: Referenced selector not found: "istio=ingressgateway"',
    ]);
    const jwt = istio.vs('claims', 'shop', { hosts: ['a.example.com'], gateways: ['gw'], http: [{ match: [{ headers: { '@request.auth.claims.group': { exact: 'x' } } }], route: [{ destination: { host: 'a' } }] }] });
    expect(run(['virtualservice.JWTClaimRouteAnalyzer'], [gateway({ istio: 'ingressgateway' }), jwt], { meshConfig: 'ingressService: edge\n' })[0]).toContain('pod (edge-dummypod)');
  });

  it('is replaced by an input object of the same kind, namespace and name', () => {
    const own = k8s.service('istio-ingressgateway', 'istio-system', { istio: 'ingressgateway' }, [{ name: 'http', port: 8080, protocol: 'TCP' }]);
    expect(run([P], [own, gateway({ istio: 'ingressgateway' })])).toEqual([
      'IST0162 Gateway gw.shop: The gateway is listening on a target port (port 80) that is not defined in the Service associated with its workload instances (Pod selector istio=ingressgateway). If you need to access the gateway port through the gateway Service, it will not be available.',
    ]);
  });

  it('can be left out (defaultResources: false)', () => {
    const report = runAnalysis([readYamlStream(`${JSON.stringify(gateway({ istio: 'ingressgateway' }))}\n`)], { analyzers: [P], defaultResources: false });
    expect(report.messages.map((m) => m.code)).toEqual(['IST0101']);
  });
});

describe('namespaces istioctl leaves out', () => {
  it.each(['kube-system', 'kube-public', 'kube-node-lease', 'local-path-storage'])('drops objects in %s, and the Namespace itself', (ns) => {
    const unnamed = k8s.service('api', ns, { app: 'api' }, [{ port: 9000 }]);
    expect(run(['service.PortNameAnalyzer'], [unnamed])).toEqual([]);
    expect(run(['injection.Analyzer'], [k8s.namespace(ns)])).toEqual([]);
    expect(run(['service.PortNameAnalyzer'], [k8s.service('api', 'shop', { app: 'api' }, [{ port: 9000 }])])).toHaveLength(1);
  });
});

describe('message placement and de-duplication (util.ErrorLine)', () => {
  /** One-based lines of the YAML stream the helpers analyze that contain `text`. */
  const linesOf = (objects: object[], text: string) => yamlOf(objects).split('\n').flatMap((l, i) => (l.includes(text) ? [i + 1] : []));

  it('places a message about a mapping, a list or no field at the resource, and merges equal messages placed there', () => {
    const delay = { fault: { delay: { percent: 10, fixedDelay: '1s' } }, route: [{ destination: { host: 'a' } }] };
    const vs = istio.vs('vs', 'shop', { hosts: ['a'], http: [delay, delay] });
    const messages = analyze([vs], { analyzers: ['deprecation.DeprecationAnalyzer'] });
    expect(messages.map((m) => [m.code, m.line])).toEqual([['IST0002', 1]]);
    const patch = { applyTo: 'HTTP_FILTER', patch: { operation: 'INSERT_BEFORE', value: { name: 'x' } } };
    const ef = istio.envoyFilter('ef', 'shop', { configPatches: [patch, patch] });
    expect(analyze([ef], { analyzers: ['envoyfilter.EnvoyPatchAnalyzer'] }).map((m) => [m.code, m.line])).toEqual([['IST0151', 1]]);
  });

  it('keeps equal messages about different scalar fields apart, each at its line', () => {
    const vs = istio.vs('vs', 'shop', { hosts: ['a'], http: [{ route: [{ destination: { host: 'gone' } }, { destination: { host: 'gone' } }] }] });
    const messages = analyze([vs], { analyzers: ['virtualservice.DestinationHostAnalyzer'] });
    expect(messages.map((m) => [m.code, m.line])).toEqual(linesOf([vs], 'host: gone').map((l) => ['IST0101', l]));
    expect(messages).toHaveLength(2);
  });

  it('places a Gateway selector message at the first label of the selector string, as istioctl does', () => {
    const gw = gateway({ zone: 'b', app: 'edge' });
    const [m] = analyze([gw], { analyzers: ['gateway.IngressGatewayPortAnalyzer'] });
    expect([m.code, m.line]).toEqual(['IST0101', linesOf([gw], 'app: edge')[0]]);
  });

  it('reports a reserved UID once per workload, at the first field that sets it', () => {
    const containers = [{ name: 'app', image: 'a', securityContext: { runAsUser: 1337 } }, { name: 'b', image: 'b', securityContext: { runAsUser: 1337 } }];
    const d = k8s.deployment('app', 'shop', { app: 'app' }, { securityContext: { runAsUser: 1337 }, containers });
    const messages = analyze([d], { analyzers: ['applicationUID.Analyzer'] });
    expect(messages.map(brief)).toEqual(['IST0144 Deployment app.shop: User ID (UID) 1337 is reserved for the sidecar proxy.']);
    expect(messages[0].line).toBe(linesOf([d], 'runAsUser: 1337')[2]);
  });
});

describe('analyzer behaviours checked against upstream', () => {
  it('IST0162: a Gateway port may be the Service port when the Service maps it to a targetPort', () => {
    const pod = k8s.pod('edge-0', 'shop', { app: 'edge' });
    const svc = k8s.service('edge', 'shop', { app: 'edge' }, [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }]);
    expect(run(['gateway.IngressGatewayPortAnalyzer'], [pod, svc, gateway({ app: 'edge' }, 80)])).toEqual([]);
    expect(run(['gateway.IngressGatewayPortAnalyzer'], [pod, svc, gateway({ app: 'edge' }, 8080)])).toEqual([]);
    expect(run(['gateway.IngressGatewayPortAnalyzer'], [pod, svc, gateway({ app: 'edge' }, 9090)])).toHaveLength(1);
  });

  it('IST0152: REPLACE applies to VIRTUAL_HOST as well as network and HTTP filters', () => {
    const ef = (applyTo: string) => istio.envoyFilter('ef', 'shop', { priority: 1, configPatches: [{ applyTo, patch: { operation: 'REPLACE', value: { name: 'x' } } }] });
    for (const applyTo of ['VIRTUAL_HOST', 'HTTP_FILTER', 'NETWORK_FILTER']) expect(run(['envoyfilter.EnvoyPatchAnalyzer'], [ef(applyTo)])).toEqual([]);
    expect(run(['envoyfilter.EnvoyPatchAnalyzer'], [ef('CLUSTER')]).map((m) => m.slice(0, 7))).toEqual(['IST0152']);
  });

  it('IST0165: a VirtualService may not name a Gateway Istio generates for a Gateway API Gateway', () => {
    const vs = istio.vs('vs', 'shop', { hosts: ['a.example.com'], gateways: ['istio-ingress/gw~istio-autogenerated-k8s-gateway~http'], http: [{ route: [{ destination: { host: 'a' } }] }] });
    expect(run(['virtualservice.GatewayAnalyzer'], [vs])).toEqual([
      'IST0165 VirtualService vs.shop: Gateway reference in VirtualService shop/vs is to an implementation-generated internal Gateway: istio-ingress/gw~istio-autogenerated-k8s-gateway~http.',
    ]);
  });

  it('IST0173: subsets may select by the topology labels pilot adds to pods scheduled on a node', () => {
    const node = obj('v1', 'Node', 'node-1', undefined, {}, { labels: { 'topology.kubernetes.io/region': 'eu', 'topology.kubernetes.io/zone': 'eu-1' } });
    const pod = k8s.pod('web-0', 'shop', { app: 'web' }, { nodeName: 'node-1' });
    const svc = k8s.service('web', 'shop', { app: 'web' }, [{ name: 'http', port: 80 }]);
    const dr = (labels: Record<string, string>) => istio.dr('web', 'shop', { host: 'web', subsets: [{ name: 's', labels }] });
    const selectors: Array<Record<string, string>> = [{ 'topology.kubernetes.io/zone': 'eu-1' }, { 'topology.kubernetes.io/region': 'eu' }, { 'kubernetes.io/hostname': 'node-1' }];
    for (const labels of selectors) {
      expect(run(['destinationrule.SubsetSelectPodAnalyzer'], [node, pod, svc, dr(labels)])).toEqual([]);
    }
    expect(run(['destinationrule.SubsetSelectPodAnalyzer'], [node, pod, svc, dr({ 'topology.kubernetes.io/zone': 'eu-2' })])).toHaveLength(1);
  });

  it('IST0175: RequestAuthentications with an istiod Deployment that does not set BLOCKED_CIDRS_IN_JWKS_URIS', () => {
    const istiod = (env: object[]) => obj('apps/v1', 'Deployment', 'istiod', 'istio-system', {
      spec: { selector: { matchLabels: { app: 'istiod' } }, template: { metadata: { labels: { app: 'istiod' } }, spec: { containers: [{ name: 'discovery', image: 'pilot', env }] } } },
    }, { labels: { app: 'istiod' } });
    const ras = ['a', 'b', 'c', 'd', 'e', 'f'].map((n) => istio.ra(n, 'shop', { jwtRules: [{ issuer: 'https://issuer.example.com' }] }));
    expect(run(['authn.BlockedCIDRsAnalyzer'], [istiod([]), ...ras])).toEqual([
      'IST0175 Deployment istiod.istio-system: BLOCKED_CIDRS_IN_JWKS_URIS is not configured but 6 RequestAuthentication resource(s) exist (shop/a, shop/b, shop/c, shop/d, shop/e, and 1 more). Consider configuring it to restrict JWKS URI fetches to trusted networks.',
    ]);
    expect(run(['authn.BlockedCIDRsAnalyzer'], [istiod([{ name: 'BLOCKED_CIDRS_IN_JWKS_URIS', value: '10.0.0.0/8' }]), ...ras])).toEqual([]);
    expect(run(['authn.BlockedCIDRsAnalyzer'], [istiod([{ name: 'BLOCKED_CIDRS_IN_JWKS_URIS', value: '' }])])).toEqual([]);
  });

  it('counts a native sidecar (istio-proxy init container) as in the mesh, and ambient pods as selectable by policies', () => {
    const ns = k8s.namespace('shop');
    const native = k8s.pod('web-0', 'shop', { app: 'web' }, { initContainers: [{ name: 'istio-proxy', image: 'proxyv2', restartPolicy: 'Always' }] });
    const ambient = k8s.pod('api-0', 'shop', { app: 'api' }, {}, { annotations: { 'ambient.istio.io/redirection': 'enabled' } });
    const ap = (app: string) => istio.ap(app, 'shop', { selector: { matchLabels: { app } } });
    expect(run(['auth.AuthorizationPoliciesAnalyzer'], [ns, native, ambient, ap('web'), ap('api')])).toEqual([]);
    expect(run(['auth.AuthorizationPoliciesAnalyzer'], [ns, k8s.pod('web-0', 'shop', { app: 'web' }), ap('web')])).toHaveLength(1);
  });
});
