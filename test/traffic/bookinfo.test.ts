import { App, Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { constructErrors, one } from './util';
import { BookinfoChart } from '../../examples/bookinfo/chart';
import { IstioTesting } from '../../src';

describe('examples/bookinfo', () => {
  const chart = new BookinfoChart(Testing.app(), 'bookinfo');
  const objects = IstioTesting.synth(chart);

  it('deploys productpage, details, reviews v1/v2/v3 and ratings with Services and ServiceAccounts', () => {
    expect(objects.filter((o) => o.kind === 'Deployment').map((o) => o.metadata.name))
      .toEqual(['productpage-v1', 'details-v1', 'reviews-v1', 'reviews-v2', 'reviews-v3', 'ratings-v1']);
    expect(objects.filter((o) => o.kind === 'Service').map((o) => [o.metadata.name, o.spec.selector, o.spec.ports]))
      .toEqual(['productpage', 'details', 'reviews', 'ratings'].map((name) => [name, { app: name }, [{ name: 'http', port: 9080 }]]));
    expect(one(objects, 'Namespace').metadata).toEqual({ name: 'bookinfo', labels: { 'istio-injection': 'enabled' } });
  });

  it('exposes productpage through the ingress gateway over HTTPS', () => {
    expect(one(objects, 'Gateway', 'bookinfo-example-com').spec.servers.map((s: any) => [s.port.number, s.tls])).toEqual([
      [8080, { httpsRedirect: true }],
      [8443, { mode: 'SIMPLE', credentialName: 'bookinfo-credential' }],
    ]);
    const vs = one(objects, 'VirtualService', 'bookinfo-example-com').spec;
    expect(vs.gateways).toEqual(['bookinfo/bookinfo-example-com']);
    expect(vs.http.map((r: any) => [r.match[0].uri, r.route[0].destination.host])).toEqual([
      [{ exact: '/productpage' }, 'productpage.bookinfo.svc.cluster.local'],
      [{ prefix: '/static' }, 'productpage.bookinfo.svc.cluster.local'],
      [{ exact: '/login' }, 'productpage.bookinfo.svc.cluster.local'],
      [{ exact: '/logout' }, 'productpage.bookinfo.svc.cluster.local'],
      [{ prefix: '/api/v1/products' }, 'productpage.bookinfo.svc.cluster.local'],
    ]);
  });

  it('splits reviews 80/20 between v1 and v2 and sends the test user to v2', () => {
    const vs = one(objects, 'VirtualService', 'reviews').spec;
    expect(vs.http).toEqual([
      {
        name: 'canary-override',
        match: [{ headers: { 'end-user': { exact: 'jason' } } }],
        route: [{ destination: { host: 'reviews.bookinfo.svc.cluster.local', subset: 'v2' } }],
      },
      {
        name: 'canary-split',
        route: [
          { destination: { host: 'reviews.bookinfo.svc.cluster.local', subset: 'v1' }, weight: 80 },
          { destination: { host: 'reviews.bookinfo.svc.cluster.local', subset: 'v2' }, weight: 20 },
        ],
      },
    ]);
    expect(one(objects, 'DestinationRule', 'reviews').spec.subsets.map((s: any) => [s.name, s.labels])).toEqual([
      ['v1', { version: 'v1' }], ['v2', { version: 'v2' }], ['v3', { version: 'v3' }],
    ]);
  });

  it('delays ratings by 2 s for the test user only', () => {
    expect(one(objects, 'VirtualService', 'ratings').spec.http).toEqual([
      {
        name: 'policy',
        match: [{ headers: { 'end-user': { exact: 'jason' } } }],
        route: [{ destination: { host: 'ratings.bookinfo.svc.cluster.local' } }],
        fault: { delay: { fixedDelay: '2s', percentage: { value: 100 } } },
      },
      { name: 'default', route: [{ destination: { host: 'ratings.bookinfo.svc.cluster.local' } }] },
    ]);
  });

  it('bounds details with timeout and retries, and breaks its circuit', () => {
    const route = one(objects, 'VirtualService', 'details').spec.http[0];
    expect([route.timeout, route.retries]).toEqual(['3s', { attempts: 2, perTryTimeout: '1s', retryOn: '5xx,connect-failure,reset' }]);
    expect(one(objects, 'DestinationRule', 'details').spec.trafficPolicy).toEqual({
      connectionPool: { tcp: { maxConnections: 100 }, http: { http1MaxPendingRequests: 10, maxRequestsPerConnection: 10 } },
      outlierDetection: { consecutive5xxErrors: 3, interval: '10s', baseEjectionTime: '30s', maxEjectionPercent: 50 },
    });
  });

  it('registers the external books API', () => {
    expect(one(objects, 'ServiceEntry').spec).toEqual({
      hosts: ['www.googleapis.com'], location: 'MESH_EXTERNAL', resolution: 'DNS', ports: [{ number: 443, protocol: 'TLS', name: 'tls' }],
    });
  });

  it('passes the construct validations (subsets defined, routes present)', () => {
    expect(constructErrors(chart)).toEqual([]);
    expect(() => (chart.node.root as App).synthYaml()).not.toThrow();
  });

  it('renders the whole manifest', () => {
    expect(objects).toMatchSnapshot();
  });
});
