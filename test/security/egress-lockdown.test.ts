import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { constructErrors, ids, newChart, one, synth } from './util';
import {
  EgressGateway, EgressLockdown, EgressLockdownProps, EgressLockdownScope, ExternalService, GatewayWorkload, Host, Istiod, OutboundTrafficPolicyMode,
} from '../../src';

const api = Host.fromName('api.example.com');

describe('EgressLockdown', () => {
  it('restricts namespaces to the registry and registers allowed hosts, reached directly without an egress gateway', () => {
    const chart = newChart();
    const lockdown = new EgressLockdown(chart, 'Egress', {
      namespaceNames: ['shop', 'batch'],
      allow: [
        { host: api },
        { host: Host.fromName('legacy.example.com'), port: 8443, tlsOrigination: { httpPort: 8080, caCertificates: '/etc/ssl/ca.pem' } },
      ],
    });
    expect(lockdown.allowHost({ host: Host.wildcard('googleapis.com') })).toEqual('*.googleapis.com:443');
    const objects = synth(chart);
    expect(ids(objects)).toEqual([
      'Sidecar/shop/default',
      'Sidecar/batch/default',
      'ServiceEntry/shop/api-example-com',
      'ServiceEntry/shop/legacy-example-com-8443',
      'DestinationRule/shop/legacy-example-com-8443',
      'ServiceEntry/shop/wildcard-googleapis-com',
    ]);
    expect(objects.filter((o) => o.kind === 'Sidecar').map((o) => o.spec)).toEqual([
      { outboundTrafficPolicy: { mode: 'REGISTRY_ONLY' } }, { outboundTrafficPolicy: { mode: 'REGISTRY_ONLY' } },
    ]);
    expect(one(objects, 'ServiceEntry', 'legacy-example-com-8443').spec).toEqual({
      hosts: ['legacy.example.com'],
      location: 'MESH_EXTERNAL',
      resolution: 'DNS',
      ports: [{ number: 8080, protocol: 'HTTP', name: 'http', targetPort: 8443 }, { number: 8443, protocol: 'HTTPS', name: 'https' }],
    });
    expect(one(objects, 'DestinationRule').spec).toEqual({
      host: 'legacy.example.com',
      trafficPolicy: { portLevelSettings: [{ port: { number: 8080 }, tls: { mode: 'SIMPLE', sni: 'legacy.example.com', caCertificates: '/etc/ssl/ca.pem' } }] },
    });
    expect(one(objects, 'ServiceEntry', 'wildcard-googleapis-com').spec).toEqual({
      hosts: ['*.googleapis.com'], location: 'MESH_EXTERNAL', resolution: 'NONE', ports: [{ number: 443, protocol: 'TLS', name: 'tls' }],
    });
    expect([lockdown.allowedHosts, lockdown.configNamespace, lockdown.scope, lockdown.gateway, lockdown.egressGatewayPolicy]).toEqual([
      ['api.example.com:443', 'legacy.example.com:8443', '*.googleapis.com:443'], 'shop', EgressLockdownScope.NAMESPACE, undefined, undefined,
    ]);
  });

  it('routes through the egress gateway with ISTIO_MUTUAL, admits only the locked-down namespaces there, and backstops with NetworkPolicies', () => {
    const app = Testing.app();
    const mesh = new Chart(app, 'mesh');
    const istiod = new Istiod(mesh, 'Istiod', { namespace: 'istio-control' });
    const egress = new EgressGateway(mesh, 'Egress', { istiod, namespace: 'istio-egress' });
    const chart = new Chart(app, 'test');
    const shop = new kplus.Namespace(chart, 'Shop', { metadata: { name: 'shop' } });
    new ExternalService(chart, 'Books', { metadata: { namespace: 'shop' }, host: Host.fromName('books.example.com') });
    const lockdown = new EgressLockdown(chart, 'Egress', {
      namespaces: [shop],
      namespaceNames: ['batch'],
      istiod,
      egressGateway: egress,
      name: 'lockdown',
      configNamespace: 'egress-config',
      networkPolicy: { allowedNamespaces: ['data'], allowedCidrs: ['10.96.0.1', '172.16.0.0/12', '2001:db8::1'], dnsNamespace: 'dns', dnsPodLabels: { app: 'coredns' } },
      allow: [
        { host: api },
        { host: Host.fromName('www.example.org'), tlsOrigination: { credentialName: 'client-cert', subjectAltNames: ['www.example.org'] } },
        { host: Host.fromName('books.example.com'), registered: true },
      ],
    });
    const objects = synth(chart);
    expect(ids(objects)).toEqual([
      'Namespace//shop',
      'ServiceEntry/shop/books-example-com',
      'Sidecar/shop/default',
      'Sidecar/batch/default',
      'ServiceEntry/egress-config/api-example-com',
      'VirtualService/egress-config/api-example-com-egress',
      'Gateway/egress-config/lockdown',
      'DestinationRule/egress-config/lockdown-gateway',
      'AuthorizationPolicy/istio-egress/lockdown',
      'ServiceEntry/egress-config/www-example-org',
      'VirtualService/egress-config/www-example-org-egress',
      'DestinationRule/egress-config/www-example-org',
      'VirtualService/egress-config/books-example-com-egress',
      'NetworkPolicy/shop/lockdown',
      'NetworkPolicy/batch/lockdown',
    ]);
    // The servers listen on the gateway pods' ports behind the Service's 443 and 80 (IST0162 otherwise).
    expect(one(objects, 'Gateway').spec).toEqual({
      selector: { app: 'istio-egressgateway', istio: 'egressgateway' },
      servers: [
        { port: { number: 8443, protocol: 'TLS', name: 'tls-api-example-com' }, hosts: ['api.example.com'], tls: { mode: 'ISTIO_MUTUAL' } },
        { port: { number: 8080, protocol: 'HTTPS', name: 'https-www-example-org' }, hosts: ['www.example.org'], tls: { mode: 'ISTIO_MUTUAL' } },
        { port: { number: 8443, protocol: 'TLS', name: 'tls-books-example-com' }, hosts: ['books.example.com'], tls: { mode: 'ISTIO_MUTUAL' } },
      ],
    });
    // The sidecars' side stays on the gateway Service's ports.
    const mutual = (port: number, sni: string) => ({ portLevelSettings: [{ port: { number: port }, tls: { mode: 'ISTIO_MUTUAL', sni } }] });
    expect(one(objects, 'DestinationRule', 'lockdown-gateway').spec).toEqual({
      host: 'istio-egressgateway.istio-egress.svc.cluster.local',
      subsets: [
        { name: 'api-example-com', trafficPolicy: mutual(443, 'api.example.com') },
        { name: 'www-example-org', trafficPolicy: mutual(80, 'www.example.org') },
        { name: 'books-example-com', trafficPolicy: mutual(443, 'books.example.com') },
      ],
    });
    const gateway = 'egress-config/lockdown';
    const egressHost = 'istio-egressgateway.istio-egress.svc.cluster.local';
    expect(one(objects, 'VirtualService', 'api-example-com-egress').spec).toEqual({
      hosts: ['api.example.com'],
      gateways: ['mesh', gateway],
      tls: [{
        match: [{ gateways: ['mesh'], port: 443, sniHosts: ['api.example.com'] }],
        route: [{ destination: { host: egressHost, subset: 'api-example-com', port: { number: 443 } } }],
      }],
      tcp: [{ match: [{ gateways: [gateway], port: 8443 }], route: [{ destination: { host: 'api.example.com', port: { number: 443 } } }] }],
    });
    expect(one(objects, 'VirtualService', 'www-example-org-egress').spec).toEqual({
      hosts: ['www.example.org'],
      gateways: ['mesh', gateway],
      http: [
        {
          name: 'to-egress-gateway',
          match: [{ gateways: ['mesh'], port: 80 }],
          route: [{ destination: { host: egressHost, subset: 'www-example-org', port: { number: 80 } } }],
        },
        { name: 'to-external', match: [{ gateways: [gateway], port: 8080 }], route: [{ destination: { host: 'www.example.org', port: { number: 443 } } }] },
      ],
    });
    expect(one(objects, 'ServiceEntry', 'www-example-org').spec.ports).toEqual([
      { number: 80, protocol: 'HTTP', name: 'http' }, { number: 443, protocol: 'HTTPS', name: 'https' },
    ]);
    expect(one(objects, 'DestinationRule', 'www-example-org').spec.trafficPolicy).toEqual({
      portLevelSettings: [{
        port: { number: 443 },
        tls: { mode: 'MUTUAL', credentialName: 'client-cert', subjectAltNames: ['www.example.org'], sni: 'www.example.org' },
      }],
    });
    const sni = (host: string) => ({ from: [{ source: { namespaces: ['shop', 'batch'] } }], when: [{ key: 'connection.sni', values: [host] }] });
    expect(one(objects, 'AuthorizationPolicy').spec).toEqual({
      action: 'ALLOW',
      selector: { matchLabels: { app: 'istio-egressgateway', istio: 'egressgateway' } },
      rules: [sni('api.example.com'), sni('www.example.org'), sni('books.example.com')],
    });
    const [shopPolicy, batchPolicy] = objects.filter((o) => o.kind === 'NetworkPolicy');
    expect(batchPolicy.spec).toEqual(shopPolicy.spec);
    expect(shopPolicy.spec).toEqual({
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [
        {
          to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'dns' } }, podSelector: { matchLabels: { app: 'coredns' } } }],
          ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }],
        },
        {
          to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'istio-control' } }, podSelector: { matchLabels: { app: 'istiod' } } }],
          ports: [{ protocol: 'TCP', port: 15012 }],
        },
        {
          to: [{
            namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'istio-egress' } },
            podSelector: { matchLabels: { app: 'istio-egressgateway', istio: 'egressgateway' } },
          }],
          ports: [{ protocol: 'TCP', port: 8080 }, { protocol: 'TCP', port: 8443 }],
        },
        { to: [{ namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['shop', 'batch', 'data'] }] } }] },
        { to: [{ ipBlock: { cidr: '10.96.0.1/32' } }, { ipBlock: { cidr: '172.16.0.0/12' } }, { ipBlock: { cidr: '2001:db8::1/128' } }] },
      ],
    });
    expect(lockdown.gateway?.name).toEqual('lockdown');
    expect(lockdown.egressGatewayDestinationRule?.subsetNames).toEqual(['api-example-com', 'www-example-org', 'books-example-com']);
    expect(constructErrors(chart)).toEqual([]);
    expect(objects).toMatchSnapshot();
  });

  it('restricts the whole mesh through the istiod mesh config, without gateway policy or network policy when asked', () => {
    const chart = newChart(null);
    const istiod = new Istiod(chart, 'Istiod');
    new EgressLockdown(chart, 'Egress', {
      namespaceNames: ['shop'],
      scope: EgressLockdownScope.MESH,
      istiod,
      egressGateway: GatewayWorkload.defaultEgress(),
      egressGatewayPolicy: false,
      networkPolicy: { enabled: false, egressGatewayPodPorts: [9443] },
      allow: [{ host: api }],
    });
    const objects = synth(chart);
    expect(objects.filter((o) => ['Sidecar', 'AuthorizationPolicy', 'NetworkPolicy'].includes(o.kind))).toEqual([]);
    expect(parse(one(objects, 'ConfigMap', 'istio').data.mesh).outboundTrafficPolicy).toEqual({ mode: 'REGISTRY_ONLY' });
    expect(istiod.outboundTrafficPolicy).toEqual(OutboundTrafficPolicyMode.REGISTRY_ONLY);
    expect(objects.filter((o) => o.metadata.namespace === 'shop').map((o) => o.kind)).toEqual(['ServiceEntry', 'VirtualService', 'Gateway', 'DestinationRule']);
  });

  it("follows the egress gateway's Service port mapping: custom target ports, or none known", () => {
    const app = Testing.app();
    const mesh = new Chart(app, 'mesh');
    const custom = new EgressGateway(mesh, 'Egress', {
      namespace: 'istio-egress',
      ports: [{ name: 'http2', port: 80, targetPort: 9080 }, { name: 'https', port: 443, targetPort: 9443 }],
    });
    const chart = new Chart(app, 'test');
    new EgressLockdown(chart, 'Custom', {
      namespaceNames: ['shop'], egressGateway: custom, name: 'custom', allow: [{ host: api }, { host: Host.fromName('www.example.org'), tlsOrigination: {} }],
    });
    // A gateway the app does not own, without servicePorts: its Service ports are taken as the pods' ports.
    const plain = GatewayWorkload.fromAttributes({ selectorLabels: { istio: 'egress' }, namespace: 'egress', name: 'egress' });
    new EgressLockdown(chart, 'Plain', { namespaceNames: ['batch'], egressGateway: plain, name: 'plain', allow: [{ host: Host.fromName('other.example.com') }] });
    const objects = synth(chart);
    const servers = (name: string) => one(objects, 'Gateway', name).spec.servers.map((s: any) => s.port.number);
    const tcpMatch = (ns: string, name: string) => objects.find((o) => o.kind === 'VirtualService' && o.metadata.namespace === ns && o.metadata.name === name).spec.tcp[0].match;
    const gatewayPodPorts = (ns: string) => objects.find((o) => o.kind === 'NetworkPolicy' && o.metadata.namespace === ns).spec.egress[2].ports;
    expect(servers('custom')).toEqual([9443, 9080]);
    expect(tcpMatch('shop', 'api-example-com-egress')).toEqual([{ gateways: ['shop/custom'], port: 9443 }]);
    expect(one(objects, 'VirtualService', 'www-example-org-egress').spec.http.map((r: any) => r.match[0].port)).toEqual([80, 9080]);
    expect(one(objects, 'DestinationRule', 'custom-gateway').spec.subsets.map((s: any) => s.trafficPolicy.portLevelSettings[0].port)).toEqual([{ number: 443 }, { number: 80 }]);
    expect(gatewayPodPorts('shop')).toEqual([{ protocol: 'TCP', port: 9080 }, { protocol: 'TCP', port: 9443 }]);
    expect(servers('plain')).toEqual([443]);
    expect(tcpMatch('batch', 'other-example-com-egress')).toEqual([{ gateways: ['batch/plain'], port: 443 }]);
    expect(gatewayPodPorts('batch')).toEqual([{ protocol: 'TCP', port: 80 }, { protocol: 'TCP', port: 443 }]);
    expect(constructErrors(chart)).toEqual([]);
  });

  it('leaves out the gateway objects until a host is routed through it', () => {
    const chart = newChart();
    new EgressLockdown(chart, 'Egress', { namespaceNames: ['shop'], egressGateway: GatewayWorkload.defaultEgress() });
    expect(ids(synth(chart))).toEqual(['Sidecar/shop/default', 'NetworkPolicy/shop/egress-lockdown']);
  });
});

describe('EgressLockdown validation', () => {
  const lock = (p: Partial<EgressLockdownProps>) => () => new EgressLockdown(newChart(), 'Egress', { namespaceNames: ['shop'], ...p });
  const gw = GatewayWorkload.defaultEgress();

  it.each<[string, () => unknown, string]>([
    ['no namespaces', lock({ namespaceNames: [] }), 'test/Egress: namespaces: must list at least one namespace, got none; give namespaces or namespaceNames'],
    ['a bad namespace', lock({ namespaceNames: ['Shop'] }),
      "test/Egress: namespaces[0]: must be a namespace name (DNS-1123 label: lowercase letters, digits and '-', at most 63 characters), got 'Shop'; use the name of the namespace to lock down"],
    ['a namespace twice', lock({ namespaceNames: ['shop', 'shop'] }), "test/Egress: namespaces: must not repeat a namespace, got 'shop' twice; list each namespace once"],
    ['a bad name', lock({ name: 'Egress' }), "test/Egress: name: must be a DNS-1123 label of at most 63 characters, got 'Egress'; e.g. 'egress-lockdown'"],
    ['a bad config namespace', lock({ configNamespace: 'egress_config' }),
      "test/Egress: configNamespace: must be a namespace name (DNS-1123 label: lowercase letters, digits and '-', at most 63 characters), got 'egress_config'; " +
      'use the namespace that holds the egress configuration'],
    ['a gateway in a bad namespace', lock({ egressGateway: GatewayWorkload.defaultEgress('Istio') }),
      "test/Egress: egressGateway.namespace: must be a namespace name (DNS-1123 label: lowercase letters, digits and '-', at most 63 characters), got 'Istio'; " +
      "use the egress gateway's namespace"],
    ['a network policy without gateway', lock({ networkPolicy: { enabled: true } }),
      'test/Egress: networkPolicy.enabled: needs an egress gateway, got none; without one the sidecars reach the allowed hosts directly and a NetworkPolicy ' +
      'cannot allow them by name — set egressGateway, or disable the network policy'],
    ['a gateway policy without gateway', lock({ egressGatewayPolicy: true }),
      'test/Egress: egressGatewayPolicy: needs an egress gateway, got none; set egressGateway or remove egressGatewayPolicy'],
    ['the gateway in a locked-down namespace', lock({ egressGateway: GatewayWorkload.defaultEgress('shop') }),
      "test/Egress: egressGateway.namespace: must not be a locked-down namespace, got 'shop'; the NetworkPolicy would block the gateway itself — " +
      'run the egress gateway in its own namespace (e.g. istio-system or istio-egress)'],
    ['mesh scope without istiod', lock({ scope: EgressLockdownScope.MESH }),
      'test/Egress: istiod: is required with EgressLockdownScope.MESH, got none; pass the Istiod of the app, or use EgressLockdownScope.NAMESPACE when the mesh is installed elsewhere'],
    ['the * host', lock({ allow: [{ host: Host.any() }] }),
      "test/Egress: allow[0].host: must not be '*', got '*'; allowing every host is no lockdown — list the hosts (Host.wildcard('example.com') at most)"],
    ['a host with a scheme', lock({ allow: [{ host: Host.fromName('https://api.example.com') }] }),
      "test/Egress: allow[0].host: must be a DNS-1123 subdomain (dot-separated labels of lowercase letters, digits and '-', at most 253 characters), " +
      "got 'https://api.example.com'; remove the scheme, port, path or invalid characters"],
    ['a bad port', lock({ allow: [{ host: api, port: 0 }] }), "test/Egress: allow[0].port: must be a port number from 1 to 65535, got 0; use the external service's TLS port"],
    ['a bad HTTP port', lock({ allow: [{ host: api, tlsOrigination: { httpPort: 65536 } }] }),
      'test/Egress: allow[0].tlsOrigination.httpPort: must be a port number from 1 to 65535, got 65536; use the port the application sends plain HTTP to'],
    ['the HTTP port equal to the TLS port', lock({ allow: [{ host: api, tlsOrigination: { httpPort: 443 } }] }),
      "test/Egress: allow[0].tlsOrigination.httpPort: must differ from the TLS port, got 443 for both; the application's plain HTTP port is usually 80"],
    ['a wildcard through the gateway', lock({ egressGateway: gw, allow: [{ host: Host.wildcard('example.com') }] }),
      "test/Egress: allow[0].host: cannot be routed through the egress gateway as a wildcard, got '*.example.com'; " +
      'list the exact hosts, or lock down without an egress gateway for wildcard destinations'],
    ['TLS origination for a wildcard', lock({ allow: [{ host: Host.wildcard('example.com'), tlsOrigination: {} }] }),
      "test/Egress: allow[0].tlsOrigination: needs an exact host, got '*.example.com'; TLS origination needs the name to verify — list the exact hosts"],
    ['TLS origination for a registered host', lock({ allow: [{ host: api, registered: true, tlsOrigination: {} }] }),
      'test/Egress: allow[0].tlsOrigination: cannot be combined with registered, got both; a registered host is routed as TLS passthrough — ' +
      'let this lockdown register it (registered: false) to originate TLS'],
    ['a host twice', lock({ allow: [{ host: api }, { host: api, port: 443, tlsOrigination: {} }] }),
      "test/Egress: allow[1].host: is already allowed on port 443, got 'api.example.com' twice; list each host and port once"],
    ['two hosts with the same object name', lock({ allow: [{ host: Host.fromName('a-b.example.com') }, { host: Host.fromName('a.b.example.com') }] }),
      "test/Egress: allow[1].host: derives the same object name as another allowed host, got 'a-b-example-com'; shorten or rename one of the hosts"],
    ['a bad DNS namespace', lock({ egressGateway: gw, networkPolicy: { dnsNamespace: 'Kube-System' } }),
      "test/Egress: networkPolicy.dnsNamespace: must be a namespace name (DNS-1123 label: lowercase letters, digits and '-', at most 63 characters), " +
      "got 'Kube-System'; use the namespace of the cluster DNS pods"],
    ['empty DNS pod labels', lock({ egressGateway: gw, networkPolicy: { dnsPodLabels: {} } }),
      'test/Egress: networkPolicy.dnsPodLabels: must select workloads by at least one label, got empty labels; ' +
      'an empty selector would apply to every workload — give the labels of the pods it is meant for'],
    ['a bad allowed namespace', lock({ egressGateway: gw, networkPolicy: { allowedNamespaces: ['*'] } }),
      "test/Egress: networkPolicy.allowedNamespaces[0]: must be a namespace name (DNS-1123 label: lowercase letters, digits and '-', at most 63 characters), " +
      "got '*'; use the namespace of the pods the workloads call"],
    ['a bad CIDR', lock({ egressGateway: gw, networkPolicy: { allowedCidrs: ['0.0.0.0/-1'] } }),
      "test/Egress: networkPolicy.allowedCidrs[0]: must be an IPv4 or IPv6 address or CIDR block, got '0.0.0.0/-1'; e.g. '10.0.0.0/16' or '192.0.2.7'"],
    ['no gateway pod ports', lock({ egressGateway: gw, networkPolicy: { egressGatewayPodPorts: [] } }),
      'test/Egress: networkPolicy.egressGatewayPodPorts: must not be empty, got []; leave it out for the default ports'],
    ['a bad gateway pod port', lock({ egressGateway: gw, networkPolicy: { egressGatewayPodPorts: [8443, 0] } }),
      "test/Egress: networkPolicy.egressGatewayPodPorts[1]: must be a port number from 1 to 65535, got 0; use the egress gateway's container ports"],
    ['a bad gateway target port', lock({
      egressGateway: GatewayWorkload.fromAttributes({ selectorLabels: { istio: 'egress' }, namespace: 'egress', name: 'egress', servicePorts: [{ port: 443, targetPort: 0 }] }),
      allow: [{ host: api }],
    }), "test/Egress: egressGateway.servicePorts[0].targetPort: must be a port number from 1 to 65535, got 0; give the gateway Service's port and the container port behind it"],
    ['a gateway Service port listed twice', lock({
      egressGateway: GatewayWorkload.fromAttributes({
        selectorLabels: { istio: 'egress' }, namespace: 'egress', name: 'egress', servicePorts: [{ port: 443, targetPort: 8443 }, { port: 443 }],
      }),
    }), 'test/Egress: egressGateway.servicePorts[1].port: is listed twice, got 443; list each Service port of the gateway once'],
  ])('rejects %s', (_, create, message) => {
    expect(create).toThrow(message);
  });

  it('rejects mesh scope when the istiod explicitly allows any destination', () => {
    const chart = newChart(null);
    const istiod = new Istiod(chart, 'Istiod', { meshConfig: { outboundTrafficPolicy: OutboundTrafficPolicyMode.ALLOW_ANY } });
    expect(() => new EgressLockdown(chart, 'Egress', { namespaceNames: ['shop'], scope: EgressLockdownScope.MESH, istiod }))
      .toThrow('test/Istiod: meshConfig.outboundTrafficPolicy: is ALLOW_ANY, got a request to restrict outbound traffic to the registry ' +
        '(REGISTRY_ONLY, e.g. from an EgressLockdown with mesh scope); remove outboundTrafficPolicy from meshConfig or set it to REGISTRY_ONLY');
  });

  it('reports a registered host that no ServiceEntry of the app registers with that port', () => {
    const chart = newChart();
    new ExternalService(chart, 'Api', { host: api, port: 8443 });
    new EgressLockdown(chart, 'Egress', {
      namespaceNames: ['shop'],
      allow: [{ host: api, port: 8443, registered: true }, { host: api, registered: true }, { host: Host.fromName('other.example.com'), registered: true }],
    });
    const hint = 'register it (e.g. ExternalService) or let this lockdown emit the ServiceEntry (registered: false)';
    expect(constructErrors(chart)).toEqual([
      `test/Egress: allow: api.example.com is marked registered, got no ServiceEntry in the app with host api.example.com and port 443; ${hint}`,
      `test/Egress: allow: other.example.com is marked registered, got no ServiceEntry in the app with host other.example.com and port 443; ${hint}`,
    ]);
  });
});
