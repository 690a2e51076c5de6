import { Chart, Duration, Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { constructErrors, newChart, one, synth } from './util';
import { GatewayWorkload, Host, HttpMatch, IngressGateway, IngressRoute, TlsVersion } from '../../src';

const shop = Host.fromName('shop.example.com');
const web = Host.fromServiceName('web', 'shop');
const api = Host.fromServiceName('api', 'shop');

describe('IngressRoute', () => {
  it('exposes services over HTTPS with an HTTP redirect and path routing', () => {
    const chart = newChart();
    const ingress = new IngressRoute(chart, 'Ingress', {
      hosts: [shop],
      tls: { credentialName: 'shop-tls', minProtocolVersion: TlsVersion.TLS_V1_2 },
      paths: [{ name: 'api', match: HttpMatch.prefix('/api/'), backend: api, port: 8080, rewrite: { uri: '/' }, policy: { timeout: Duration.seconds(10) } }],
    });
    ingress.addPath({ name: 'web', match: HttpMatch.prefix('/'), backend: web });
    const objects = synth(chart);
    // Clients reach the ingress gateway Service's 80 and 443; the servers listen on the pods' 8080 and 8443 behind them.
    expect(one(objects, 'Gateway').spec).toEqual({
      selector: { istio: 'ingressgateway' },
      servers: [
        { port: { number: 8080, protocol: 'HTTP', name: 'http' }, hosts: ['shop.example.com'], tls: { httpsRedirect: true } },
        { port: { number: 8443, protocol: 'HTTPS', name: 'https' }, hosts: ['shop.example.com'], tls: { mode: 'SIMPLE', credentialName: 'shop-tls', minProtocolVersion: 'TLSV1_2' } },
      ],
    });
    expect(one(objects, 'VirtualService').spec).toEqual({
      hosts: ['shop.example.com'],
      gateways: ['shop/shop-example-com'],
      http: [
        {
          name: 'api',
          match: [{ uri: { prefix: '/api/' } }],
          rewrite: { uri: '/' },
          timeout: '10s',
          route: [{ destination: { host: 'api.shop.svc.cluster.local', port: { number: 8080 } } }],
        },
        { name: 'web', match: [{ uri: { prefix: '/' } }], route: [{ destination: { host: 'web.shop.svc.cluster.local' } }] },
      ],
    });
    expect(constructErrors(chart)).toEqual([]);
    expect(objects).toMatchSnapshot();
  });

  it('serves plain HTTP without TLS, on a given gateway and ports, and mutual TLS without redirect', () => {
    const chart = newChart();
    new IngressRoute(chart, 'Plain', {
      metadata: { name: 'plain' },
      hosts: [shop],
      gateway: GatewayWorkload.fromAttributes({ selectorLabels: { app: 'edge' }, namespace: 'edge', name: 'edge' }),
      httpPort: 8080,
      paths: [{ match: HttpMatch.prefix('/'), backend: web }],
    });
    new IngressRoute(chart, 'Mtls', {
      metadata: { name: 'mtls' },
      hosts: [Host.fromName('partners.example.com')],
      tls: { credentialName: 'partners-tls', requireClientCertificate: true, redirectHttp: false },
      httpsPort: 8443,
      paths: [{ match: HttpMatch.prefix('/'), backend: api }],
    });
    const objects = synth(chart);
    expect(one(objects, 'Gateway', 'plain').spec).toEqual({
      selector: { app: 'edge' },
      servers: [{ port: { number: 8080, protocol: 'HTTP', name: 'http' }, hosts: ['shop.example.com'] }],
    });
    expect(one(objects, 'Gateway', 'mtls').spec.servers).toEqual([
      { port: { number: 8080, protocol: 'HTTP', name: 'http' }, hosts: ['partners.example.com'] },
      { port: { number: 8443, protocol: 'HTTPS', name: 'https' }, hosts: ['partners.example.com'], tls: { mode: 'MUTUAL', credentialName: 'partners-tls' } },
    ]);
  });

  it("renders the gateway's container ports by default and given ports as given", () => {
    const app = Testing.app();
    const ingress = new IngressGateway(new Chart(app, 'mesh'), 'Ingress', {
      ports: [{ name: 'http2', port: 80, targetPort: 9080 }, { name: 'https', port: 443, targetPort: 9443 }],
    });
    const chart = new Chart(app, 'test', { namespace: 'shop' });
    const common = { tls: { credentialName: 'shop-tls' }, paths: [{ match: HttpMatch.prefix('/'), backend: web }] };
    new IngressRoute(chart, 'Mesh', { metadata: { name: 'mesh' }, hosts: [shop], gateway: ingress, ...common });
    new IngressRoute(chart, 'Given', { metadata: { name: 'given' }, hosts: [shop], gateway: ingress, httpPort: 80, httpsPort: 443, ...common });
    const plain = GatewayWorkload.fromAttributes({ selectorLabels: { app: 'edge' }, namespace: 'edge', name: 'edge' });
    new IngressRoute(chart, 'Plain', { metadata: { name: 'plain' }, hosts: [shop], gateway: plain, ...common });
    const objects = synth(chart);
    const ports = (name: string) => one(objects, 'Gateway', name).spec.servers.map((s: any) => s.port.number);
    expect(ports('mesh')).toEqual([9080, 9443]);
    expect(ports('given')).toEqual([80, 443]);
    expect(ports('plain')).toEqual([80, 443]);
  });

  it('rejects a bad gateway port mapping', () => {
    const gateway = GatewayWorkload.fromAttributes({ selectorLabels: { app: 'edge' }, namespace: 'edge', name: 'edge', servicePorts: [{ port: 80, targetPort: 8080 }, { port: 80 }] });
    expect(() => new IngressRoute(newChart(), 'Ingress', { hosts: [shop], gateway })).toThrow(
      'test/Ingress: gateway.servicePorts[1].port: is listed twice, got 80; list each Service port of the gateway once');
  });

  it('rejects an IngressRoute without hosts', () => {
    expect(() => new IngressRoute(newChart(), 'Ingress', { hosts: [] })).toThrow(
      'test/Ingress: hosts: must list at least one host, got none; give the external host names clients use');
  });

  it('rejects an empty gateway selector', () => {
    expect(() => new IngressRoute(newChart(), 'Ingress', {
      hosts: [shop], gateway: GatewayWorkload.fromAttributes({ selectorLabels: {}, namespace: 'edge', name: 'edge' }),
    })).toThrow('test/Ingress/Gateway: selector: must select workloads by at least one label, got empty labels; an empty selector would apply to every workload — give the labels of the pods it is meant for');
  });
});
