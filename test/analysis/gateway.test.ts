import { describe, expect, it } from 'vitest';
import { EXPIRED_CERT, EXPIRED_KEY, VALID_CERT, VALID_KEY } from './certificates';
import { istio, k8s, run } from './helpers';

const ingressPods = k8s.deployment('istio-ingressgateway', 'istio-system', { istio: 'ingressgateway' });
const ingressService = k8s.service('istio-ingressgateway', 'istio-system', { istio: 'ingressgateway' }, [
  { name: 'http2', port: 80, targetPort: 8080 },
  { name: 'https', port: 443, targetPort: 8443 },
]);

function gateway(name: string, servers: object[], selector: Record<string, string> = { istio: 'ingressgateway' }, ns = 'istio-system') {
  return istio.gw(name, ns, { selector, servers });
}

const http = (number: number, hosts: string[] = ['*.example.com'], extra: object = {}) => ({ port: { number, name: `http-${number}`, protocol: 'HTTP' }, hosts, ...extra });
const https = (number: number, credentialName: string, hosts: string[] = ['*.example.com']) =>
  ({ port: { number, name: `https-${number}`, protocol: 'HTTPS' }, hosts, tls: { mode: 'SIMPLE', credentialName } });

describe('gateway.IngressGatewayPortAnalyzer (IST0101 selector, IST0162)', () => {
  it('reports a selector that matches no workload', () => {
    expect(run(['gateway.IngressGatewayPortAnalyzer'], [gateway('gw', [http(8080)], { istio: 'egressgateway' })])).toEqual([
      'IST0101 Gateway gw.istio-system: Referenced selector not found: "istio=egressgateway"',
    ]);
  });

  it('reports server ports the gateway Service does not forward to', () => {
    expect(run(['gateway.IngressGatewayPortAnalyzer'], [ingressPods, ingressService, gateway('gw', [http(8080), http(9090)])])).toEqual([
      'IST0162 Gateway gw.istio-system: The gateway is listening on a target port (port 9090) that is not defined in the Service associated with its workload instances (Pod selector istio=ingressgateway). If you need to access the gateway port through the gateway Service, it will not be available.',
    ]);
  });

  it('accepts ports that are Service target ports (or ports when no target port is set)', () => {
    const svc = k8s.service('gw-svc', 'istio-system', { istio: 'ingressgateway' }, [{ name: 'tcp-db', port: 5432 }]);
    expect(run(['gateway.IngressGatewayPortAnalyzer'], [ingressPods, ingressService, svc, gateway('gw', [http(8080), http(8443), http(5432)])])).toEqual([]);
  });
});

describe('gateway.SecretAnalyzer (IST0101 credentialName, IST0161)', () => {
  const secret = (name: string, data: Record<string, string>) => k8s.secret(name, 'istio-system', data);

  it('reports a credential that does not exist in the gateway workload namespace', () => {
    // The Secret is in the Gateway's namespace, but credentials are read from the workload's.
    const objects = [ingressPods, k8s.secret('cert', 'shop', { 'tls.crt': VALID_CERT, 'tls.key': VALID_KEY }), gateway('gw', [https(443, 'cert')], undefined, 'shop')];
    expect(run(['gateway.SecretAnalyzer'], objects)).toEqual(['IST0101 Gateway gw.shop: Referenced credentialName not found: "cert"']);
  });

  it('reports an expired certificate, a certificate that is not PEM, and missing keys (IST0161)', () => {
    const objects = [
      ingressPods,
      secret('expired', { 'tls.crt': EXPIRED_CERT, 'tls.key': EXPIRED_KEY }),
      secret('garbage', { cert: 'not a certificate', key: 'x' }),
      secret('no-key', { 'tls.crt': VALID_CERT }),
      gateway('expired', [https(443, 'expired')]),
      gateway('garbage', [https(443, 'garbage')]),
      gateway('no-key', [https(443, 'no-key')]),
    ];
    expect(run(['gateway.SecretAnalyzer'], objects)).toEqual([
      'IST0161 Gateway expired.istio-system: The credential referenced by the Gateway expired in namespace istio-system is invalid, which can cause the traffic not to work as expected.',
      'IST0161 Gateway garbage.istio-system: The credential referenced by the Gateway garbage in namespace istio-system is invalid, which can cause the traffic not to work as expected.',
      'IST0161 Gateway no-key.istio-system: The credential referenced by the Gateway no-key in namespace istio-system is invalid, which can cause the traffic not to work as expected.',
    ]);
  });

  it('accepts valid kubernetes.io/tls and generic (cert/key) credentials, base64 data included', () => {
    const tls = { ...k8s.secret('tls', 'istio-system', {}), type: 'kubernetes.io/tls', stringData: undefined, data: { 'tls.crt': Buffer.from(VALID_CERT).toString('base64'), 'tls.key': Buffer.from(VALID_KEY).toString('base64') } };
    const objects = [ingressPods, tls, secret('generic', { cert: VALID_CERT, key: VALID_KEY }), gateway('gw', [https(443, 'tls'), https(8443, 'generic', ['a.example.com'])])];
    expect(run(['gateway.SecretAnalyzer'], objects)).toEqual([]);
  });
});

describe('gateway.CertificateAnalyzer (IST0138)', () => {
  it('reports gateways on the same workload serving the same certificate', () => {
    const objects = [gateway('a', [https(443, 'shared', ['a.example.com'])]), gateway('b', [https(443, 'shared', ['b.example.com'])])];
    expect(run(['gateway.CertificateAnalyzer'], objects)).toEqual([
      'IST0138 Gateway a.istio-system: Duplicate certificate in multiple gateways [istio-system/a istio-system/b] may cause 404s if clients re-use HTTP2 connections.',
      'IST0138 Gateway b.istio-system: Duplicate certificate in multiple gateways [istio-system/b istio-system/a] may cause 404s if clients re-use HTTP2 connections.',
    ]);
  });

  it('accepts different certificates, and the same certificate on different workloads', () => {
    const objects = [
      gateway('a', [https(443, 'a-cert', ['a.example.com'])]),
      gateway('b', [https(443, 'b-cert', ['b.example.com'])]),
      gateway('c', [https(443, 'a-cert', ['c.example.com'])], { istio: 'other-gateway' }),
    ];
    expect(run(['gateway.CertificateAnalyzer'], objects)).toEqual([]);
  });
});

describe('gateway.ConflictingGatewayAnalyzer (IST0145)', () => {
  it('reports gateways with the same selector, port and host', () => {
    const objects = [ingressPods, gateway('a', [http(80, ['shop.example.com'])]), gateway('b', [http(80, ['shop.example.com', 'more.example.com'])])];
    expect(run(['gateway.ConflictingGatewayAnalyzer'], objects)).toEqual([
      'IST0145 Gateway a.istio-system: Conflict with gateways istio-system/b (workload selector istio=ingressgateway, port 80, hosts shop.example.com).',
      'IST0145 Gateway b.istio-system: Conflict with gateways istio-system/a (workload selector istio=ingressgateway, port 80, hosts shop.example.com,more.example.com).',
    ]);
  });

  it('reports gateways whose selectors differ but pick the same pods', () => {
    const edgePods = k8s.deployment('edge', 'istio-system', { istio: 'ingressgateway', app: 'edge' });
    const objects = [edgePods, gateway('a', [http(80, ['shop.example.com'])]), gateway('b', [http(80, ['shop.example.com'])], { istio: 'ingressgateway', app: 'edge' })];
    expect(run(['gateway.ConflictingGatewayAnalyzer'], objects)).toEqual([
      'IST0145 Gateway a.istio-system: Conflict with gateways istio-system/b (workload selector istio=ingressgateway, port 80, hosts shop.example.com).',
      'IST0145 Gateway b.istio-system: Conflict with gateways istio-system/a (workload selector app=edge,istio=ingressgateway, port 80, hosts shop.example.com).',
    ]);
    // Without a pod carrying both sets of labels they are different workloads.
    expect(run(['gateway.ConflictingGatewayAnalyzer'], [ingressPods, ...objects.slice(1), k8s.deployment('edge', 'istio-system', { app: 'edge' })])).toEqual([]);
  });

  it('accepts different hosts, ports or bind addresses', () => {
    const objects = [
      ingressPods,
      gateway('a', [http(80, ['a.example.com'])]),
      gateway('b', [http(80, ['b.example.com'])]),
      gateway('c', [http(8080, ['a.example.com'])]),
      gateway('d', [http(80, ['a.example.com'], { bind: '10.0.0.1' })]),
    ];
    expect(run(['gateway.ConflictingGatewayAnalyzer'], objects)).toEqual([]);
  });
});
