import { describe, expect, it } from 'vitest';
import { constructErrors, newChart, ofKind, one, synth } from './util';
import { ExportTo, ExternalService, GatewayWorkload, Host, ServiceEntryResolution } from '../../src';

const api = Host.fromName('api.example.com');

describe('ExternalService', () => {
  it('registers an external TLS service (passthrough from the sidecars)', () => {
    const chart = newChart();
    const ext = new ExternalService(chart, 'Api', { host: api });
    const objects = synth(chart);
    expect(objects.map((o) => o.kind)).toEqual(['ServiceEntry']);
    expect(one(objects, 'ServiceEntry').metadata).toEqual({ name: 'api-example-com', namespace: 'shop' });
    expect(one(objects, 'ServiceEntry').spec).toEqual({
      hosts: ['api.example.com'], location: 'MESH_EXTERNAL', resolution: 'DNS', ports: [{ number: 443, protocol: 'TLS', name: 'tls' }],
    });
    expect(ext.host).toEqual('api.example.com');
  });

  it('originates TLS in the sidecar', () => {
    const chart = newChart();
    new ExternalService(chart, 'Api', {
      host: api,
      resolution: ServiceEntryResolution.DNS_ROUND_ROBIN,
      exportTo: [ExportTo.sameNamespace()],
      tlsOrigination: { httpPort: 8080, caCertificates: '/etc/ssl/ca.pem', subjectAltNames: ['api.example.com'] },
    });
    const objects = synth(chart);
    expect(one(objects, 'ServiceEntry').spec).toEqual({
      hosts: ['api.example.com'],
      location: 'MESH_EXTERNAL',
      resolution: 'DNS_ROUND_ROBIN',
      exportTo: ['.'],
      ports: [{ number: 8080, protocol: 'HTTP', name: 'http', targetPort: 443 }, { number: 443, protocol: 'HTTPS', name: 'https' }],
    });
    expect(one(objects, 'DestinationRule').spec).toEqual({
      host: 'api.example.com',
      exportTo: ['.'],
      trafficPolicy: {
        portLevelSettings: [{
          port: { number: 8080 },
          tls: { mode: 'SIMPLE', sni: 'api.example.com', caCertificates: '/etc/ssl/ca.pem', subjectAltNames: ['api.example.com'] },
        }],
      },
    });
  });

  it('routes through the egress gateway with TLS passthrough', () => {
    const chart = newChart();
    const ext = new ExternalService(chart, 'Api', { host: api, egressGateway: GatewayWorkload.defaultEgress() });
    const objects = synth(chart);
    // The server listens on the egress gateway pods' 8443, behind the Service's 443 the sidecars send to.
    expect(one(objects, 'Gateway').spec).toEqual({
      selector: { istio: 'egressgateway' },
      servers: [{ port: { number: 8443, protocol: 'TLS', name: 'tls' }, hosts: ['api.example.com'], tls: { mode: 'PASSTHROUGH' } }],
    });
    expect(one(objects, 'DestinationRule').spec).toEqual({ host: 'istio-egressgateway.istio-system.svc.cluster.local', subsets: [{ name: 'api-example-com' }] });
    expect(one(objects, 'VirtualService').spec).toEqual({
      hosts: ['api.example.com'],
      gateways: ['mesh', 'shop/api-example-com-egress'],
      tls: [
        {
          match: [{ gateways: ['mesh'], port: 443, sniHosts: ['api.example.com'] }],
          route: [{ destination: { host: 'istio-egressgateway.istio-system.svc.cluster.local', subset: 'api-example-com', port: { number: 443 } } }],
        },
        {
          match: [{ gateways: ['shop/api-example-com-egress'], port: 8443, sniHosts: ['api.example.com'] }],
          route: [{ destination: { host: 'api.example.com', port: { number: 443 } } }],
        },
      ],
    });
    expect(ext.gateway).toBeDefined();
    expect(ext.destinationRule).toBeUndefined();
    expect(constructErrors(chart)).toEqual([]);
  });

  it('routes through the egress gateway and originates (mutual) TLS there', () => {
    const chart = newChart();
    new ExternalService(chart, 'Api', {
      host: api, egressGateway: GatewayWorkload.defaultEgress('egress'), tlsOrigination: { credentialName: 'api-client' },
    });
    const objects = synth(chart);
    expect(one(objects, 'ServiceEntry').spec.ports).toEqual([{ number: 80, protocol: 'HTTP', name: 'http' }, { number: 443, protocol: 'HTTPS', name: 'https' }]);
    expect(one(objects, 'Gateway').spec.servers).toEqual([
      { port: { number: 8080, protocol: 'HTTPS', name: 'https-origination' }, hosts: ['api.example.com'], tls: { mode: 'ISTIO_MUTUAL' } },
    ]);
    expect(one(objects, 'DestinationRule', 'api-example-com-egress').spec).toEqual({
      host: 'istio-egressgateway.egress.svc.cluster.local',
      subsets: [{ name: 'api-example-com', trafficPolicy: { portLevelSettings: [{ port: { number: 80 }, tls: { mode: 'ISTIO_MUTUAL', sni: 'api.example.com' } }] } }],
    });
    expect(one(objects, 'DestinationRule', 'api-example-com').spec).toEqual({
      host: 'api.example.com',
      trafficPolicy: { portLevelSettings: [{ port: { number: 443 }, tls: { mode: 'MUTUAL', credentialName: 'api-client', sni: 'api.example.com' } }] },
    });
    expect(one(objects, 'VirtualService').spec.http).toEqual([
      {
        name: 'to-egress-gateway',
        match: [{ gateways: ['mesh'], port: 80 }],
        route: [{ destination: { host: 'istio-egressgateway.egress.svc.cluster.local', subset: 'api-example-com', port: { number: 80 } } }],
      },
      {
        name: 'to-external',
        match: [{ gateways: ['shop/api-example-com-egress'], port: 8080 }],
        route: [{ destination: { host: 'api.example.com', port: { number: 443 } } }],
      },
    ]);
    expect(ofKind(objects, 'DestinationRule')).toHaveLength(2);
    expect(constructErrors(chart)).toEqual([]);
    expect(objects).toMatchSnapshot();
  });

  it("follows the egress gateway's Service port mapping for a given port, and takes Service ports as pod ports when none is known", () => {
    const chart = newChart();
    const mapped = GatewayWorkload.fromAttributes({ selectorLabels: { istio: 'egress' }, namespace: 'egress', name: 'egress', servicePorts: [{ port: 9443, targetPort: 10443 }] });
    new ExternalService(chart, 'Mapped', { metadata: { name: 'mapped' }, host: api, port: 9443, egressGateway: mapped });
    const plain = GatewayWorkload.fromAttributes({ selectorLabels: { istio: 'plain' }, namespace: 'egress', name: 'plain' });
    new ExternalService(chart, 'Plain', { metadata: { name: 'plain' }, host: Host.fromName('www.example.org'), tlsOrigination: {}, egressGateway: plain });
    const objects = synth(chart);
    expect(one(objects, 'Gateway', 'mapped-egress').spec.servers[0].port).toEqual({ number: 10443, protocol: 'TLS', name: 'tls' });
    expect(one(objects, 'VirtualService', 'mapped').spec.tls.map((r: any) => [r.match[0].port, r.route[0].destination.port.number])).toEqual([[9443, 9443], [10443, 9443]]);
    expect(one(objects, 'Gateway', 'plain-egress').spec.servers[0].port).toEqual({ number: 80, protocol: 'HTTPS', name: 'https-origination' });
    expect(one(objects, 'VirtualService', 'plain').spec.http.map((r: any) => [r.match[0].port, r.route[0].destination.port.number])).toEqual([[80, 80], [80, 443]]);
    expect(one(objects, 'DestinationRule', 'plain-egress').spec.subsets[0].trafficPolicy.portLevelSettings[0].port).toEqual({ number: 80 });
    expect(constructErrors(chart)).toEqual([]);
  });

  it('rejects a bad egress gateway port mapping', () => {
    const egressGateway = GatewayWorkload.fromAttributes({ selectorLabels: { istio: 'egress' }, namespace: 'egress', name: 'egress', servicePorts: [{ port: 70000 }] });
    expect(() => new ExternalService(newChart(), 'Api', { host: api, egressGateway })).toThrow(
      "test/Api: egressGateway.servicePorts[0].port: must be a port number from 1 to 65535, got 70000; give the gateway Service's port and the container port behind it");
  });

  it('rejects a wildcard host', () => {
    expect(() => new ExternalService(newChart(), 'Api', { host: Host.wildcard('example.com') })).toThrow(
      "test/Api: host: must be an exact host name, got '*.example.com'; use a ServiceEntry with Host.wildcard() for wildcard egress");
  });

  it('rejects the same port for HTTP and TLS', () => {
    expect(() => new ExternalService(newChart(), 'Api', { host: api, port: 80, tlsOrigination: {} })).toThrow(
      "test/Api: tlsOrigination.httpPort: must differ from the TLS port, got 80 for both; the application's plain HTTP port is usually 80");
  });

  it('rejects a TLS port outside 1–65535', () => {
    expect(() => new ExternalService(newChart(), 'Api', { host: api, port: 0 })).toThrow(
      'test/Api: port: must be a port number from 1 to 65535, got 0; use the port the service listens on');
  });
});
