import { describe, expect, it } from 'vitest';
import { istio, run } from './helpers';

const S = 'serviceentry.Analyzer';
const db = (spec: object = {}) => istio.se('db', 'shop', { hosts: ['db.example.com'], ports: [{ number: 5432, name: 'tcp-db', protocol: 'TCP' }, { number: 443, name: 'https', protocol: 'HTTPS' }], resolution: 'DNS', ...spec });

describe('serviceentry.Analyzer (IST0134)', () => {
  it('reports TCP (or protocol-less) ports of a ServiceEntry without addresses', () => {
    const noProtocol = istio.se('raw', 'shop', { hosts: ['raw.example.com'], ports: [{ number: 9000, name: 'raw' }], resolution: 'DNS' });
    expect(run([S], [db(), noProtocol])).toEqual([
      'IST0134 ServiceEntry db.shop: ServiceEntry addresses are required for this protocol.',
      'IST0134 ServiceEntry raw.shop: ServiceEntry addresses are required for this protocol.',
    ]);
  });

  it('accepts addresses, HTTP protocols, and automatic address allocation in the mesh config', () => {
    expect(run([S], [db({ addresses: ['240.0.0.10'] })])).toEqual([]);
    expect(run([S], [istio.se('web', 'shop', { hosts: ['web.example.com'], ports: [{ number: 80, name: 'http', protocol: 'HTTP' }], resolution: 'DNS' })])).toEqual([]);
    const meshConfig = 'defaultConfig:\n  proxyMetadata:\n    ISTIO_META_DNS_CAPTURE: "true"\n    ISTIO_META_DNS_AUTO_ALLOCATE: "true"\n';
    expect(run([S], [db()], { meshConfig })).toEqual([]);
  });
});
