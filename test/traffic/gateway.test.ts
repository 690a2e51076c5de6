import { describe, expect, it } from 'vitest';
import { constructErrors, newChart, one, synth } from './util';
import {
  Gateway, GatewayReference, GatewayServer, GatewayWorkload, Host, IGatewayWorkload, PortProtocol, ServerTlsMode, TlsVersion, VirtualService,
} from '../../src';

const shop = Host.fromName('shop.example.com');

describe('Gateway', () => {
  it('renders servers with every field', () => {
    const chart = newChart();
    const gateway = new Gateway(chart, 'Gw', {
      metadata: { name: 'public' },
      selector: { istio: 'ingressgateway' },
      servers: [
        { port: { number: 80, protocol: PortProtocol.HTTP }, hosts: [shop], tls: { httpsRedirect: true } },
        {
          name: 'shop-https',
          port: { number: 443, protocol: PortProtocol.HTTPS, name: 'https', targetPort: 8443 },
          hosts: [shop, Host.wildcard('shop.example.com')],
          hostsNamespace: 'shop',
          tls: {
            mode: ServerTlsMode.MUTUAL,
            credentialName: 'shop-tls',
            caCertCredentialName: 'shop-ca',
            subjectAltNames: ['client.example.com'],
            verifyCertificateSpki: ['abc='],
            verifyCertificateHash: ['ab:cd'],
            minProtocolVersion: TlsVersion.TLS_V1_2,
            maxProtocolVersion: TlsVersion.TLS_V1_3,
            cipherSuites: ['ECDHE-ECDSA-AES256-GCM-SHA384'],
            caCrl: '/etc/crl.pem',
          },
        },
      ],
    });
    gateway.addServer({ port: { number: 15443, protocol: PortProtocol.TLS }, hosts: [Host.any()], tls: { mode: ServerTlsMode.AUTO_PASSTHROUGH } });
    gateway.addServer({
      port: { number: 8443, protocol: PortProtocol.HTTPS },
      hosts: [shop],
      tls: { mode: ServerTlsMode.SIMPLE, tlsCertificates: [{ serverCertificate: '/c/rsa.pem', privateKey: '/c/rsa.key', caCertificates: '/c/ca.pem' }] },
      bind: '0.0.0.0',
    });
    const spec = one(synth(chart), 'Gateway').spec;
    expect(spec).toEqual({
      selector: { istio: 'ingressgateway' },
      servers: [
        { port: { number: 80, protocol: 'HTTP', name: 'http-80' }, hosts: ['shop.example.com'], tls: { httpsRedirect: true } },
        {
          name: 'shop-https',
          port: { number: 443, protocol: 'HTTPS', name: 'https', targetPort: 8443 },
          hosts: ['shop/shop.example.com', 'shop/*.shop.example.com'],
          tls: {
            mode: 'MUTUAL',
            credentialName: 'shop-tls',
            caCertCredentialName: 'shop-ca',
            subjectAltNames: ['client.example.com'],
            verifyCertificateSpki: ['abc='],
            verifyCertificateHash: ['ab:cd'],
            minProtocolVersion: 'TLSV1_2',
            maxProtocolVersion: 'TLSV1_3',
            cipherSuites: ['ECDHE-ECDSA-AES256-GCM-SHA384'],
            caCrl: '/etc/crl.pem',
          },
        },
        { port: { number: 15443, protocol: 'TLS', name: 'tls-15443' }, hosts: ['*'], tls: { mode: 'AUTO_PASSTHROUGH' } },
        {
          port: { number: 8443, protocol: 'HTTPS', name: 'https-8443' },
          hosts: ['shop.example.com'],
          bind: '0.0.0.0',
          tls: { mode: 'SIMPLE', tlsCertificates: [{ serverCertificate: '/c/rsa.pem', privateKey: '/c/rsa.key', caCertificates: '/c/ca.pem' }] },
        },
      ],
    });
    expect(gateway.portNames).toEqual(['http-80', 'https', 'tls-15443', 'https-8443']);
  });

  it('binds to a gateway workload (mesh gateway constructs implement IGatewayWorkload) and is referenced by VirtualServices', () => {
    const chart = newChart();
    const workload: IGatewayWorkload = { selectorLabels: { app: 'edge', istio: 'ingressgateway' }, namespace: 'edge', name: 'edge-gateway' };
    const gateway = Gateway.forWorkload(chart, 'Gw', workload, {
      metadata: { name: 'edge' },
      servers: [{ port: { number: 443, protocol: PortProtocol.HTTPS }, hosts: [shop], tls: { mode: ServerTlsMode.SIMPLE, credentialName: 'shop-tls' } }],
    });
    new VirtualService(chart, 'Vs', {
      hosts: [shop],
      gateways: [GatewayReference.fromGateway(gateway)],
      httpRoutes: [{ destinations: [{ host: Host.fromServiceName('web', 'shop') }] }],
    });
    const objects = synth(chart);
    expect(one(objects, 'Gateway').spec.selector).toEqual({ app: 'edge', istio: 'ingressgateway' });
    expect(one(objects, 'VirtualService').spec.gateways).toEqual(['shop/edge']);
    expect(Gateway.forWorkload(newChart(), 'Default', GatewayWorkload.defaultIngress()).selector).toEqual({ istio: 'ingressgateway' });
    expect(objects).toMatchSnapshot();
  });
});

describe('Gateway validation', () => {
  const server = (s: Partial<GatewayServer>): GatewayServer => ({ port: { number: 80, protocol: PortProtocol.HTTP }, hosts: [shop], ...s });
  const gw = (...servers: GatewayServer[]) => () => new Gateway(newChart(), 'Gw', { selector: { istio: 'ingressgateway' }, servers });
  const https = (tls: GatewayServer['tls']) => gw(server({ port: { number: 443, protocol: PortProtocol.HTTPS }, tls }));

  it.each<[string, () => unknown, string]>([
    ['an empty selector', () => new Gateway(newChart(), 'Gw', { selector: {} }),
      'test/Gw: selector: must select workloads by at least one label, got empty labels; an empty selector would apply to every workload — give the labels of the pods it is meant for'],
    ['a port outside 1–65535', gw(server({ port: { number: 70000, protocol: PortProtocol.HTTP } })),
      'test/Gw: servers[0].port.number: must be a port number from 1 to 65535, got 70000; use the port the service listens on'],
    ['a bad target port', gw(server({ port: { number: 80, protocol: PortProtocol.HTTP, targetPort: 0 } })),
      'test/Gw: servers[0].port.targetPort: must be a port number from 1 to 65535, got 0; use the port the service listens on'],
    ['a duplicate port name', gw(server({}), server({ hosts: [Host.fromName('other.example.com')] })),
      "test/Gw: servers[1].port.name: must be unique in the Gateway, got 'http-80' twice; give the server port another name"],
    ['a duplicate server name', gw(server({ name: 'a' }), server({ name: 'a', port: { number: 81, protocol: PortProtocol.HTTP } })),
      "test/Gw: servers[1].name: must be unique in the Gateway, got 'a' twice; give each server its own name"],
    ['a server without hosts', gw(server({ hosts: [] })),
      'test/Gw: servers[0].hosts: must list at least one host, got none; add the host names clients use (Host.any() for every host)'],
    ['a bad hosts namespace', gw(server({ hostsNamespace: 'Shop' })),
      "test/Gw: servers[0].hostsNamespace: must be a namespace, '.' or '*', got 'Shop'; use the namespace of the VirtualServices that bind to this server"],
    ['an HTTPS server without TLS', https(undefined),
      "test/Gw: servers[0].tls: is required on HTTPS port 443, got undefined; set tls with mode SIMPLE and credentialName (a TLS Secret in the gateway's namespace), or PASSTHROUGH"],
    ['a TLS mode on an HTTP port', gw(server({ tls: { mode: ServerTlsMode.SIMPLE, credentialName: 'x' } })),
      'test/Gw: servers[0].tls.mode: cannot be set on plain HTTP port 80, got SIMPLE; use protocol HTTPS or TLS for TLS, or only httpsRedirect on HTTP ports'],
    ['TLS without mode', https({ credentialName: 'x' }),
      'test/Gw: servers[0].tls.mode: is required unless the server only redirects to HTTPS, got undefined; set mode (e.g. ServerTlsMode.SIMPLE) or httpsRedirect: true'],
    ['a TLS server without credentialName', https({ mode: ServerTlsMode.SIMPLE }),
      "test/Gw: servers[0].tls.credentialName: is required to terminate TLS (mode SIMPLE), got no credentialName, credentialNames, tlsCertificates or certificate files; set credentialName to the TLS Secret in the gateway's namespace"],
    ['a certificate file without key', https({ mode: ServerTlsMode.SIMPLE, serverCertificate: '/c.pem' }),
      'test/Gw: servers[0].tls: needs both serverCertificate and privateKey, got only one; set both file paths or use credentialName'],
    ['two certificate sources', https({ mode: ServerTlsMode.SIMPLE, credentialName: 'a', credentialNames: ['b'] }),
      'test/Gw: servers[0].tls: takes one certificate source, got credentialName and credentialNames; keep one of them'],
    ['three credentialNames', https({ mode: ServerTlsMode.SIMPLE, credentialNames: ['a', 'b', 'c'] }),
      'test/Gw: servers[0].tls.credentialNames: takes at most 2 Secrets, got 3; keep one RSA and one ECDSA certificate'],
    ['three tlsCertificates', https({ mode: ServerTlsMode.SIMPLE, tlsCertificates: [1, 2, 3].map((i) => ({ serverCertificate: `/${i}.pem`, privateKey: `/${i}.key` })) }),
      'test/Gw: servers[0].tls.tlsCertificates: takes at most 2 certificates, got 3; keep one RSA and one ECDSA certificate'],
    ['a bad credentialName', https({ mode: ServerTlsMode.SIMPLE, credentialName: 'Shop_TLS' }),
      "test/Gw: servers[0].tls.credentialName: must be a Secret name (DNS-1123 subdomain), got 'Shop_TLS' (entry 0); use the name of the TLS Secret"],
    ['a certificate with PASSTHROUGH', https({ mode: ServerTlsMode.PASSTHROUGH, credentialName: 'x' }),
      'test/Gw: servers[0].tls: mode PASSTHROUGH does not use a server certificate, got credentialName; remove it or use mode SIMPLE/MUTUAL'],
  ])('rejects %s', (_name, build, message) => {
    expect(build).toThrow(message);
  });

  it('reports a Gateway without servers at synthesis', () => {
    const chart = newChart();
    new Gateway(chart, 'Gw', { selector: { istio: 'ingressgateway' } });
    expect(constructErrors(chart)).toEqual(['test/Gw: servers: must have at least one server, got none; call addServer()']);
  });
});
