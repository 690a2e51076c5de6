import { describe, expect, it } from 'vitest';
import { constructErrors, newChart, one, synth } from './util';
import {
  ExportTo, Host, PortProtocol, ServiceEntry, ServiceEntryLocation, ServiceEntryProps, ServiceEntryResolution, WorkloadSelector,
} from '../../src';

const api = Host.fromName('api.example.com');

describe('ServiceEntry', () => {
  it('renders an external API with every field', () => {
    const chart = newChart();
    const entry = new ServiceEntry(chart, 'Api', {
      metadata: { name: 'api' },
      hosts: [api],
      addresses: ['192.0.2.10'],
      ports: [{ number: 443, protocol: PortProtocol.TLS, name: 'tls' }, { number: 80, protocol: PortProtocol.HTTP, targetPort: 8080 }],
      location: ServiceEntryLocation.MESH_EXTERNAL,
      resolution: ServiceEntryResolution.DNS,
      endpoints: [
        { address: 'api-1.example.com', ports: { tls: 8443 }, labels: { zone: 'a' }, locality: 'us-east/a', weight: 2 },
        { address: '192.0.2.11', network: 'external', serviceAccount: 'api' },
      ],
      exportTo: [ExportTo.sameNamespace()],
      subjectAltNames: ['api.example.com'],
    });
    entry.addEndpoint({ address: 'unix:///var/run/api.sock' });
    expect(entry.addPort({ number: 8081, protocol: PortProtocol.GRPC })).toEqual('grpc-8081');
    const spec = one(synth(chart), 'ServiceEntry').spec;
    expect(spec).toEqual({
      hosts: ['api.example.com'],
      addresses: ['192.0.2.10'],
      ports: [
        { number: 443, protocol: 'TLS', name: 'tls' },
        { number: 80, protocol: 'HTTP', name: 'http-80', targetPort: 8080 },
        { number: 8081, protocol: 'GRPC', name: 'grpc-8081' },
      ],
      location: 'MESH_EXTERNAL',
      resolution: 'DNS',
      endpoints: [
        { address: 'api-1.example.com', ports: { tls: 8443 }, labels: { zone: 'a' }, locality: 'us-east/a', weight: 2 },
        { address: '192.0.2.11', network: 'external', serviceAccount: 'api' },
        { address: 'unix:///var/run/api.sock' },
      ],
      exportTo: ['.'],
      subjectAltNames: ['api.example.com'],
    });
    expect(entry.hosts).toEqual(['api.example.com']);
  });

  it('renders a mesh-internal service selecting VMs, and the whole manifest', () => {
    const chart = newChart();
    new ServiceEntry(chart, 'Vm', {
      metadata: { name: 'legacy' },
      hosts: [Host.fromName('legacy.shop.svc.cluster.local')],
      addresses: ['10.10.0.0/24'],
      ports: [{ number: 8080, protocol: PortProtocol.HTTP, name: 'http' }],
      location: ServiceEntryLocation.MESH_INTERNAL,
      resolution: ServiceEntryResolution.STATIC,
      workloadSelector: WorkloadSelector.fromLabels({ app: 'legacy' }),
    });
    new ServiceEntry(chart, 'Wild', { metadata: { name: 'wild' }, hosts: [Host.wildcard('example.org')], ports: [{ number: 443, protocol: PortProtocol.TLS }] });
    const objects = synth(chart);
    expect(one(objects, 'ServiceEntry', 'legacy').spec.workloadSelector).toEqual({ labels: { app: 'legacy' } });
    expect(one(objects, 'ServiceEntry', 'wild').spec).toEqual({ hosts: ['*.example.org'], ports: [{ number: 443, protocol: 'TLS', name: 'tls-443' }] });
    expect(constructErrors(chart)).toEqual([]);
    expect(objects).toMatchSnapshot();
  });
});

describe('ServiceEntry validation', () => {
  const se = (p: Partial<ServiceEntryProps>) => () => new ServiceEntry(newChart(), 'Se', { hosts: [api], ...p });
  const dns = ServiceEntryResolution.DNS;

  it.each<[string, () => unknown, string]>([
    ['no hosts', se({ hosts: [] }), 'test/Se: hosts: must list at least one host, got none; give the DNS name(s) of the service'],
    ['the * host', se({ hosts: [Host.any()] }),
      "test/Se: hosts[0]: must not be '*', got '*'; a ServiceEntry registers specific hosts — use Host.wildcard('example.com') at most"],
    ['a wildcard resolved by DNS without endpoints', se({ hosts: [Host.wildcard('example.com')], resolution: dns }),
      'test/Se: resolution: cannot resolve a wildcard host by DNS without endpoints, got DNS; use DYNAMIC_DNS or NONE, or list endpoints'],
    ['a bad address', se({ addresses: ['300.0.0.1'] }),
      "test/Se: addresses[0]: must be an IPv4 or IPv6 address or CIDR block, got '300.0.0.1'; e.g. '10.0.0.0/16' or '192.0.2.7'"],
    ['a CIDR with DNS resolution', se({ addresses: ['10.0.0.0/24'], resolution: dns }),
      "test/Se: addresses[0]: can be a CIDR block only with resolution NONE or STATIC, got '10.0.0.0/24' with DNS; use single IPs or change the resolution"],
    ['endpoints with a workloadSelector', se({ resolution: dns, endpoints: [{ address: '192.0.2.1' }], workloadSelector: WorkloadSelector.fromLabels({ app: 'a' }) }),
      'test/Se: workloadSelector: cannot be combined with endpoints, got both; select workloads or list endpoints'],
    ['a port outside 1–65535', se({ ports: [{ number: 0, protocol: PortProtocol.TCP }] }),
      'test/Se: ports[0].number: must be a port number from 1 to 65535, got 0; use the port the service listens on'],
    ['a duplicate port number', se({ ports: [{ number: 443, protocol: PortProtocol.TLS }, { number: 443, protocol: PortProtocol.HTTPS }] }),
      'test/Se: ports[1].number: must be unique in the ServiceEntry, got 443 twice; list each port once'],
    ['a duplicate port name', se({ ports: [{ number: 443, protocol: PortProtocol.TLS, name: 'p' }, { number: 80, protocol: PortProtocol.HTTP, name: 'p' }] }),
      "test/Se: ports[1].name: must be unique in the ServiceEntry, got 'p' twice; give the port another name"],
    ['endpoints with resolution NONE', se({ endpoints: [{ address: '192.0.2.1' }] }),
      'test/Se: endpoints[0]: cannot be set with resolution NONE, got an endpoint; use STATIC (IPs) or DNS (names) resolution'],
    ['two endpoints with DNS_ROUND_ROBIN', se({ resolution: ServiceEntryResolution.DNS_ROUND_ROBIN, endpoints: [{ address: 'a.example.com' }, { address: 'b.example.com' }] }),
      'test/Se: endpoints[1]: DNS_ROUND_ROBIN takes at most one endpoint, got 2; use DNS resolution for several endpoints'],
    ['an endpoint without address', se({ resolution: dns, endpoints: [{ labels: { a: 'b' } }] }),
      'test/Se: endpoints[0].address: is required unless network is set, got neither; give the IP (or DNS name) of the workload'],
    ['a relative socket', se({ resolution: dns, endpoints: [{ address: 'unix://run/api.sock' }] }),
      "test/Se: endpoints[0].address: must be an absolute socket path or abstract socket, got 'unix://run/api.sock'; use unix:///path/to/socket"],
    ['a socket with ports', se({ resolution: dns, ports: [{ number: 80, protocol: PortProtocol.HTTP, name: 'http' }], endpoints: [{ address: 'unix:///a.sock', ports: { http: 80 } }] }),
      'test/Se: endpoints[0].ports: cannot be set for a unix socket address, got http; remove the ports'],
    ['a host name with STATIC resolution', se({ resolution: ServiceEntryResolution.STATIC, endpoints: [{ address: 'a.example.com' }] }),
      "test/Se: endpoints[0].address: must be an IP address or unix:// socket, got 'a.example.com'; use DNS resolution for host names"],
    ['an address with a port', se({ resolution: dns, endpoints: [{ address: 'a.example.com:443' }] }),
      "test/Se: endpoints[0].address: must be an IP address, DNS name or unix:// socket, got 'a.example.com:443'; remove any scheme or port"],
    ['an endpoint port outside 1–65535', se({ resolution: dns, endpoints: [{ address: '192.0.2.1', ports: { http: 0 } }] }),
      'test/Se: endpoints[0].ports.http: must be an integer from 1 to 65535, got 0; use the port the workload listens on'],
    ['a bad endpoint port name', se({ resolution: dns, endpoints: [{ address: '192.0.2.1', ports: { '-http': 80 } }] }),
      "test/Se: endpoints[0].ports.-http: must be keyed by a port name, got '-http'; use the name of the service port"],
    ['a negative weight', se({ resolution: dns, endpoints: [{ address: '192.0.2.1', weight: -1 }] }),
      'test/Se: endpoints[0].weight: must be an integer from 0 to 4294967295, got -1; use a relative weight such as 1'],
    ['a bad service account', se({ resolution: dns, endpoints: [{ address: '192.0.2.1', serviceAccount: 'My SA' }] }),
      "test/Se: endpoints[0].serviceAccount: must be a ServiceAccount name (DNS-1123 subdomain), got 'My SA'; use the workload's service account"],
  ])('rejects %s', (_name, build, message) => {
    expect(build).toThrow(message);
  });

  it('rejects an endpoint port the ServiceEntry does not define (checked at synthesis, after every addPort())', () => {
    const chart = newChart();
    new ServiceEntry(chart, 'Se', { hosts: [api], resolution: ServiceEntryResolution.DNS, ports: [{ number: 443, protocol: PortProtocol.TLS, name: 'tls' }], endpoints: [{ address: '192.0.2.1', ports: { https: 8443 } }] });
    expect(() => synth(chart)).toThrow("test/Se: endpoints[0].ports.https: refers to a port the service does not define, got 'https'; use one of [tls]");
  });

  it('reports STATIC resolution without endpoints at synthesis', () => {
    const chart = newChart();
    new ServiceEntry(chart, 'Se', { hosts: [api], resolution: ServiceEntryResolution.STATIC });
    expect(constructErrors(chart)).toEqual(['test/Se: endpoints: STATIC resolution needs endpoints or a workloadSelector, got none; add endpoints or use DNS resolution']);
  });
});
