import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { describe, expect, it } from 'vitest';
import { constructErrors, ids, newChart, one, synth } from './util';
import {
  ClientTlsMode, DestinationRule, Host, InjectionTarget, IngressGateway, MtlsMode, networking, Peer, StrictMtlsNamespace,
  StrictMtlsNamespaceProps, WorkloadSelector,
} from '../../src';

const web = WorkloadSelector.fromLabels({ app: 'web' });

describe('StrictMtlsNamespace', () => {
  it('creates the chart namespace with injection and a STRICT namespace-wide PeerAuthentication', () => {
    const chart = newChart();
    const ns = new StrictMtlsNamespace(chart, 'Ns');
    const objects = synth(chart);
    expect(ids(objects)).toEqual(['Namespace//shop', 'PeerAuthentication/shop/default']);
    expect(one(objects, 'Namespace').metadata).toEqual({ name: 'shop', labels: { 'istio-injection': 'enabled' } });
    expect(one(objects, 'PeerAuthentication').spec).toEqual({ mtls: { mode: 'STRICT' } });
    expect([ns.namespaceName, ns.mode, ns.trustDomain, ns.defaultDenyPolicy]).toEqual(['shop', MtlsMode.STRICT, 'cluster.local', undefined]);
  });

  it('takes over a cdk8s-plus Namespace, injecting with a revision', () => {
    const chart = newChart(null);
    const namespace = new kplus.Namespace(chart, 'Payments', { metadata: { name: 'payments' } });
    const ns = new StrictMtlsNamespace(chart, 'Ns', { namespace, injection: InjectionTarget.revision('1-30-3') });
    const objects = synth(chart);
    expect(ids(objects)).toEqual(['Namespace//payments', 'PeerAuthentication/payments/default']);
    expect(one(objects, 'Namespace').metadata.labels).toEqual({ 'istio.io/rev': '1-30-3' });
    expect(ns.namespace).toBe(namespace);
  });

  it('secures a namespace managed elsewhere by name', () => {
    const chart = newChart(null);
    const ns = new StrictMtlsNamespace(chart, 'Ns', { namespaceName: 'legacy', createNamespace: false });
    expect(ids(synth(chart))).toEqual(['PeerAuthentication/legacy/default']);
    expect(ns.namespace).toBeUndefined();
  });

  it('migrates with PERMISSIVE, port exceptions per selector, default-deny and per-workload allowFrom policies', () => {
    const app = Testing.app();
    const ingress = new IngressGateway(new Chart(app, 'mesh'), 'Ingress');
    const chart = new Chart(app, 'test', { namespace: 'shop' });
    const front = new kplus.ServiceAccount(chart, 'Front', { metadata: { name: 'front' } });
    const ns = new StrictMtlsNamespace(chart, 'Ns', {
      namespaceName: 'shop',
      mode: MtlsMode.PERMISSIVE,
      defaultDeny: true,
      trustDomain: 'prod.example.com',
      portExceptions: [{ selector: web, port: 9090, mode: MtlsMode.DISABLE }],
    });
    const exceptions = ns.addPortException({ selector: WorkloadSelector.fromLabels({ app: 'web' }), port: 15090, mode: MtlsMode.STRICT });
    ns.addPortException({ selector: WorkloadSelector.fromLabels({ app: 'api' }), port: 9090, mode: MtlsMode.DISABLE });
    ns.allowFrom('front', [Peer.gateway(ingress)], { selector: WorkloadSelector.fromLabels({ app: 'front' }) });
    const policy = ns.allowFrom('web', [Peer.serviceAccount(front), Peer.namespaceName('monitoring')], {
      selector: web, to: [{ methods: ['GET'], ports: [8080] }],
    });
    const objects = synth(chart);
    expect(ids(objects)).toEqual([
      'ServiceAccount/shop/front',
      'Namespace//shop',
      'PeerAuthentication/shop/default',
      'PeerAuthentication/shop/port-exceptions-0',
      'AuthorizationPolicy/shop/allow-nothing',
      'PeerAuthentication/shop/port-exceptions-1',
      'AuthorizationPolicy/shop/front',
      'AuthorizationPolicy/shop/web',
    ]);
    expect(one(objects, 'PeerAuthentication', 'default').spec).toEqual({ mtls: { mode: 'PERMISSIVE' } });
    expect(one(objects, 'PeerAuthentication', 'port-exceptions-0').spec).toEqual({
      selector: { matchLabels: { app: 'web' } },
      portLevelMtls: { 9090: { mode: 'DISABLE' }, 15090: { mode: 'STRICT' } },
    });
    expect(one(objects, 'AuthorizationPolicy', 'allow-nothing').spec).toEqual({});
    expect(one(objects, 'AuthorizationPolicy', 'front').spec).toEqual({
      action: 'ALLOW',
      selector: { matchLabels: { app: 'front' } },
      rules: [{ from: [{ source: { principals: ['prod.example.com/ns/istio-system/sa/istio-ingressgateway-service-account'] } }] }],
    });
    expect(one(objects, 'AuthorizationPolicy', 'web').spec).toEqual({
      action: 'ALLOW',
      selector: { matchLabels: { app: 'web' } },
      rules: [{
        from: [{ source: { principals: ['prod.example.com/ns/shop/sa/front'] } }, { source: { namespaces: ['monitoring'] } }],
        to: [{ operation: { ports: ['8080'], methods: ['GET'] } }],
      }],
    });
    expect(exceptions.name).toEqual('port-exceptions-0');
    expect(policy.trustDomain).toEqual('prod.example.com');
    expect(ns.allowPolicyNames).toEqual(['front', 'web']);
    expect(objects).toMatchSnapshot();
  });

  it('accepts DestinationRules with TLS other than DISABLE, and DISABLE for hosts of other namespaces', () => {
    const chart = newChart();
    new StrictMtlsNamespace(chart, 'Ns');
    new DestinationRule(chart, 'Mutual', { metadata: { name: 'web' }, host: Host.fromServiceName('web', 'shop'), trafficPolicy: { tls: { mode: ClientTlsMode.ISTIO_MUTUAL } } });
    new DestinationRule(chart, 'Other', { metadata: { name: 'legacy' }, host: Host.fromServiceName('legacy', 'legacy'), trafficPolicy: { tls: { mode: ClientTlsMode.DISABLE } } });
    new DestinationRule(chart, 'External', { metadata: { name: 'ext' }, host: Host.fromName('api.example.com'), trafficPolicy: { tls: { mode: ClientTlsMode.DISABLE } } });
    new DestinationRule(chart, 'OtherWildcard', { metadata: { name: 'other-wild' }, host: Host.wildcard('legacy.svc.cluster.local'), trafficPolicy: { tls: { mode: ClientTlsMode.DISABLE } } });
    new DestinationRule(chart, 'Short', { metadata: { name: 'short', namespace: 'legacy' }, host: Host.fromName('web'), trafficPolicy: { tls: { mode: ClientTlsMode.DISABLE } } });
    // Istio completes only names without a dot: 'web.shop' addresses no Service.
    new DestinationRule(chart, 'TwoLabels', { metadata: { name: 'two-labels' }, host: Host.fromName('web.shop'), trafficPolicy: { tls: { mode: ClientTlsMode.DISABLE } } });
    new DestinationRule(chart, 'OtherDomain', {
      metadata: { name: 'other-domain' }, host: Host.wildcard('legacy.svc.corp.example'), trafficPolicy: { tls: { mode: ClientTlsMode.DISABLE } },
    });
    expect(constructErrors(chart)).toEqual([]);
  });

  it('accepts DISABLE while the namespace is PERMISSIVE', () => {
    const chart = newChart();
    new StrictMtlsNamespace(chart, 'Ns', { mode: MtlsMode.PERMISSIVE });
    new DestinationRule(chart, 'Plain', { metadata: { name: 'web' }, host: Host.fromServiceName('web', 'shop'), trafficPolicy: { tls: { mode: ClientTlsMode.DISABLE } } });
    expect(constructErrors(chart)).toEqual([]);
  });
});

describe('StrictMtlsNamespace validation', () => {
  const ns = (p: StrictMtlsNamespaceProps, namespace: string | null = 'shop') => () => new StrictMtlsNamespace(newChart(namespace), 'Ns', p);

  it.each<[string, () => unknown, string]>([
    ['a Namespace and a name', () => {
      const chart = newChart();
      return new StrictMtlsNamespace(chart, 'Ns', { namespace: new kplus.Namespace(chart, 'N'), namespaceName: 'shop' });
    }, "test/Ns: namespaceName: cannot be combined with namespace, got both ('shop'); pass the Namespace to take it over, or a name to create it"],
    ['createNamespace with a Namespace', () => {
      const chart = newChart();
      return new StrictMtlsNamespace(chart, 'Ns', { namespace: new kplus.Namespace(chart, 'N'), createNamespace: true });
    }, 'test/Ns: createNamespace: applies only to namespaceName, got it with a Namespace; remove createNamespace'],
    ['mode DISABLE', ns({ mode: MtlsMode.DISABLE }),
      'test/Ns: mode: must be STRICT or PERMISSIVE, got DISABLE; a namespace without mutual TLS is not what this construct is for — use a PeerAuthentication directly'],
    ['no namespace at all', ns({}, null), 'test/Ns: namespaceName: is required outside a chart with a namespace, got none; give namespaceName or a Namespace'],
    ['a bad namespace name', ns({ namespaceName: 'Shop' }),
      "test/Ns: namespaceName: must be a namespace name (DNS-1123 label: lowercase letters, digits and '-', at most 63 characters), got 'Shop'; use a namespace name such as shop"],
    ['a bad trust domain', ns({ trustDomain: 'cluster_local' }),
      "test/Ns: trustDomain: must be a trust domain (a lowercase DNS name such as 'cluster.local'), got 'cluster_local'; use the mesh's trust domain (Istiod trustDomain)"],
    ['an exception in the namespace mode', ns({ portExceptions: [{ selector: web, port: 9090, mode: MtlsMode.STRICT }] }),
      'test/Ns: portExceptions[0].mode: must differ from the namespace mode STRICT, got STRICT for port 9090; an exception that changes nothing is probably a mistake — use PERMISSIVE or DISABLE'],
    ['the same exception port twice', ns({ portExceptions: [{ selector: web, port: 9090 }, { selector: web, port: 9090, mode: MtlsMode.DISABLE }] }),
      'test/Ns/PortExceptions0: portLevelMtls[1].port: is already set to PERMISSIVE, got port 9090 again; set each port once'],
  ])('rejects %s', (_, create, message) => {
    expect(create).toThrow(message);
  });

  it('rejects bad and repeated allowFrom() names', () => {
    const n = new StrictMtlsNamespace(newChart(), 'Ns', { defaultDeny: true });
    expect(() => n.allowFrom('Web', [Peer.namespaceName('a')])).toThrow("test/Ns: allowFrom: name must be a DNS-1123 subdomain, got 'Web'; e.g. 'reviews-from-productpage'");
    n.allowFrom('web', [Peer.namespaceName('a')]);
    expect(() => n.allowFrom('web', [Peer.namespaceName('b')])).toThrow("test/Ns: allowFrom: name is already used in namespace shop, got 'web' twice; give each policy its own name");
    expect(() => n.allowFrom('allow-nothing', [Peer.namespaceName('b')]))
      .toThrow("test/Ns: allowFrom: name is already used in namespace shop, got 'allow-nothing' twice; give each policy its own name");
  });

  it('reports every DestinationRule of the app that sends plain text to the STRICT namespace', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'test', { namespace: 'shop' });
    new StrictMtlsNamespace(chart, 'Ns');
    const clients = new Chart(app, 'clients', { namespace: 'clients' });
    new DestinationRule(clients, 'Top', { metadata: { name: 'top' }, host: Host.fromServiceName('web', 'shop'), trafficPolicy: { tls: { mode: ClientTlsMode.DISABLE } } });
    new DestinationRule(clients, 'Port', {
      metadata: { name: 'port' }, host: Host.fromName('api.shop.svc.corp.example'), trafficPolicy: { portLevelSettings: [{ port: 8080, tls: { mode: ClientTlsMode.DISABLE } }] },
    });
    new DestinationRule(clients, 'Subset', {
      metadata: { name: 'subset' }, host: Host.wildcard('svc.cluster.local'), subsets: [{ name: 'v1', trafficPolicy: { tls: { mode: ClientTlsMode.DISABLE } } }],
    });
    new DestinationRule(chart, 'Short', { metadata: { name: 'short' }, host: Host.fromName('web'), trafficPolicy: { tls: { mode: ClientTlsMode.DISABLE } } });
    new networking.DestinationRule(clients, 'Raw', { metadata: { name: 'raw' }, spec: { host: '*', trafficPolicy: { tls: { mode: networking.DestinationRuleSpecTrafficPolicyTlsMode.DISABLE } } } });
    const hint = 'remove the DISABLE setting (auto mTLS picks ISTIO_MUTUAL), or keep the namespace PERMISSIVE until its clients use mTLS';
    expect(constructErrors(chart)).toEqual([
      `test/Ns: mode: STRICT rejects plain text, got DestinationRule test/Short (host web) with TLS mode DISABLE at trafficPolicy.tls; ${hint}`,
      `test/Ns: mode: STRICT rejects plain text, got DestinationRule clients/Top (host web.shop.svc.cluster.local) with TLS mode DISABLE at trafficPolicy.tls; ${hint}`,
      `test/Ns: mode: STRICT rejects plain text, got DestinationRule clients/Port (host api.shop.svc.corp.example) with TLS mode DISABLE at trafficPolicy.portLevelSettings[0].tls (port 8080); ${hint}`,
      `test/Ns: mode: STRICT rejects plain text, got DestinationRule clients/Subset (host *.svc.cluster.local) with TLS mode DISABLE at subsets[0].trafficPolicy.tls; ${hint}`,
      `test/Ns: mode: STRICT rejects plain text, got DestinationRule clients/Raw (host *) with TLS mode DISABLE at trafficPolicy.tls; ${hint}`,
    ]);
  });
});
