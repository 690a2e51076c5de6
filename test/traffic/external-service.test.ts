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
    expect(one(objects, 'Gateway').spec).toEqual({
      selector: { istio: 'egressgateway' },
      servers: [{ port: { number: 443, protocol: 'TLS', name: 'tls' }, hosts: ['api.example.com'], tls: { mode: 'PASSTHROUGH' } }],
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
          match: [{ gateways: ['shop/api-example-com-egress'], port: 443, sniHosts: ['api.example.com'] }],
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
      { port: { number: 80, protocol: 'HTTPS', name: 'https-origination' }, hosts: ['api.example.com'], tls: { mode: 'ISTIO_MUTUAL' } },
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
        match: [{ gateways: ['shop/api-example-com-egress'], port: 80 }],
        route: [{ destination: { host: 'api.example.com', port: { number: 443 } } }],
      },
    ]);
    expect(ofKind(objects, 'DestinationRule')).toHaveLength(2);
    expect(constructErrors(chart)).toEqual([]);
    expect(objects).toMatchSnapshot();
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
