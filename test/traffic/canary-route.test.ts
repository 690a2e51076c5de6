import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { describe, expect, it } from 'vitest';
import { constructErrors, newChart, ofKind, one, synth } from './util';
import {
  CanaryRoute, CanaryRouteProps, FaultAbort, GatewayReference, Host, HttpMatch, LoadBalancerAlgorithm, Percent, RetryOn, StringMatch, TrafficTarget,
} from '../../src';

const reviews = Host.fromServiceName('reviews', 'shop');
const v1 = TrafficTarget.subset('v1', { version: 'v1' });
const v2 = TrafficTarget.subset('v2', { version: 'v2' });

function deployment(chart: ReturnType<typeof newChart>, version: string | undefined) {
  const labels: Record<string, string> = { app: 'reviews', ...(version ? { version } : {}) };
  const d = new kplus.Deployment(chart, `Reviews-${version ?? 'none'}`, {
    metadata: { name: `reviews-${version ?? 'none'}` }, select: false, podMetadata: { labels }, containers: [{ image: 'reviews', portNumber: 9080 }],
  });
  d.select(kplus.LabelSelector.of({ labels }));
  return d;
}

describe('CanaryRoute', () => {
  it('subsets mode: emits the VirtualService and the DestinationRule with both subsets', () => {
    const chart = newChart();
    const service = new kplus.Service(chart, 'Svc', { metadata: { name: 'reviews' }, ports: [{ port: 9080, name: 'http' }] });
    service.selectLabel('app', 'reviews');
    const canary = new CanaryRoute(chart, 'Canary', {
      host: Host.fromService(service),
      stable: TrafficTarget.fromDeployment(deployment(chart, 'v1')),
      canary: TrafficTarget.fromDeployment(deployment(chart, 'v2')),
      canaryWeight: 20,
    });
    const objects = synth(chart);
    expect(one(objects, 'DestinationRule', 'reviews').spec).toEqual({
      host: 'reviews.shop.svc.cluster.local',
      subsets: [{ name: 'v1', labels: { version: 'v1' } }, { name: 'v2', labels: { version: 'v2' } }],
    });
    expect(one(objects, 'VirtualService', 'reviews').spec).toEqual({
      hosts: ['reviews.shop.svc.cluster.local'],
      http: [{
        name: 'canary-split',
        route: [
          { destination: { host: 'reviews.shop.svc.cluster.local', subset: 'v1' }, weight: 80 },
          { destination: { host: 'reviews.shop.svc.cluster.local', subset: 'v2' }, weight: 20 },
        ],
      }],
    });
    expect(canary.canaryWeight).toEqual(20);
    expect(canary.destinationRules).toEqual([canary.destinationRule]);
    expect(constructErrors(chart)).toEqual([]);
    expect(objects).toMatchSnapshot();
  });

  it('sends header and cookie overrides to the canary, with the policy on both routes', () => {
    const chart = newChart();
    new CanaryRoute(chart, 'Canary', {
      host: reviews,
      stable: v1,
      canary: v2,
      port: 9080,
      canaryOverrides: [HttpMatch.header('x-canary', StringMatch.exact('true')), HttpMatch.cookie('canary', 'always')],
      gateways: [GatewayReference.mesh()],
      policy: {
        timeout: Duration.seconds(5),
        retries: { attempts: 2, perTryTimeout: Duration.seconds(2), retryOn: [RetryOn.GATEWAY_ERROR] },
        circuitBreaker: { outlierDetection: { consecutive5xxErrors: 3 }, connectionPool: { http: { http1MaxPendingRequests: 50 } } },
      },
      trafficPolicy: { loadBalancer: { algorithm: LoadBalancerAlgorithm.ROUND_ROBIN } },
    });
    const objects = synth(chart);
    const http = one(objects, 'VirtualService').spec.http;
    expect(http[0]).toEqual({
      name: 'canary-override',
      match: [{ headers: { 'x-canary': { exact: 'true' } } }, { headers: { cookie: { regex: '^(.*?;)?(canary=always)(;.*)?$' } } }],
      route: [{ destination: { host: 'reviews.shop.svc.cluster.local', subset: 'v2', port: { number: 9080 } } }],
      timeout: '5s',
      retries: { attempts: 2, perTryTimeout: '2s', retryOn: 'gateway-error' },
    });
    expect(http[1].name).toEqual('canary-split');
    expect(http[1].route.map((r: any) => r.weight)).toEqual([90, 10]);
    expect(one(objects, 'VirtualService').spec.gateways).toEqual(['mesh']);
    expect(one(objects, 'DestinationRule').spec.trafficPolicy).toEqual({
      loadBalancer: { simple: 'ROUND_ROBIN' },
      outlierDetection: { consecutive5xxErrors: 3 },
      connectionPool: { http: { http1MaxPendingRequests: 50 } },
    });
  });

  it('services mode: splits between two Services, with a DestinationRule per Service only for a policy', () => {
    const chart = newChart();
    const stable = new kplus.Service(chart, 'Stable', { metadata: { name: 'reviews-stable' }, ports: [{ port: 9080 }] });
    const canary = new kplus.Service(chart, 'Canary', { metadata: { name: 'reviews-canary' }, ports: [{ port: 9080 }] });
    new CanaryRoute(chart, 'Plain', { host: reviews, stable: TrafficTarget.fromService(stable), canary: TrafficTarget.fromService(canary), canaryWeight: 0 });
    let objects = synth(chart);
    expect(ofKind(objects, 'DestinationRule')).toEqual([]);
    expect(one(objects, 'VirtualService').spec.http).toEqual([{
      name: 'canary-split',
      route: [
        { destination: { host: 'reviews-stable.shop.svc.cluster.local' }, weight: 100 },
        { destination: { host: 'reviews-canary.shop.svc.cluster.local' }, weight: 0 },
      ],
    }]);

    const chart2 = newChart();
    new CanaryRoute(chart2, 'Policy', {
      host: reviews,
      stable: TrafficTarget.service(Host.fromServiceName('reviews-stable', 'shop')),
      canary: TrafficTarget.service(Host.fromServiceName('reviews-canary', 'shop')),
      policy: { circuitBreaker: { outlierDetection: { consecutive5xxErrors: 2 } } },
    });
    objects = synth(chart2);
    expect(ofKind(objects, 'DestinationRule').map((o) => [o.metadata.name, o.spec])).toEqual([
      ['reviews-stable', { host: 'reviews-stable.shop.svc.cluster.local', trafficPolicy: { outlierDetection: { consecutive5xxErrors: 2 } } }],
      ['reviews-canary', { host: 'reviews-canary.shop.svc.cluster.local', trafficPolicy: { outlierDetection: { consecutive5xxErrors: 2 } } }],
    ]);
  });

  it('leaves the weights to a rollout controller: stable 100 / canary 0, named split route', () => {
    const chart = newChart();
    const canary = new CanaryRoute(chart, 'Canary', { metadata: { name: 'reviews-route' }, host: reviews, stable: v1, canary: v2, weightsManagedExternally: true });
    const vs = one(synth(chart), 'VirtualService');
    expect(vs.metadata.name).toEqual('reviews-route');
    expect(vs.spec.http).toEqual([{
      name: 'canary-split',
      route: [
        { destination: { host: 'reviews.shop.svc.cluster.local', subset: 'v1' }, weight: 100 },
        { destination: { host: 'reviews.shop.svc.cluster.local', subset: 'v2' }, weight: 0 },
      ],
    }]);
    expect(canary.splitRouteName).toEqual(CanaryRoute.SPLIT_ROUTE_NAME);
    expect(canary.canaryWeight).toEqual(0);
  });

  it('injects faults from the policy on the canary routes', () => {
    const chart = newChart();
    new CanaryRoute(chart, 'Canary', { host: reviews, stable: v1, canary: v2, policy: { fault: { abort: FaultAbort.httpStatus(503, Percent.of(1)) } } });
    expect(one(synth(chart), 'VirtualService').spec.http[0].fault).toEqual({ abort: { httpStatus: 503, percentage: { value: 1 } } });
  });
});

describe('CanaryRoute validation', () => {
  const canary = (p: Partial<CanaryRouteProps>) => () => new CanaryRoute(newChart(), 'Canary', { host: reviews, stable: v1, canary: v2, ...p });

  it.each<[string, () => unknown, string]>([
    ['mixed modes', canary({ canary: TrafficTarget.service(Host.fromServiceName('reviews-canary', 'shop')) }),
      'test/Canary: canary: must use the same mode as stable, got stable SUBSET and canary SERVICE; use two subsets (one Service) or two Services'],
    ['canaryWeight with external weights', canary({ weightsManagedExternally: true, canaryWeight: 10 }),
      'test/Canary: canaryWeight: is owned by the rollout controller with weightsManagedExternally, got 10; remove canaryWeight (the output starts at 0 % canary)'],
    ['canaryWeight above 100', canary({ canaryWeight: 110 }),
      'test/Canary: canaryWeight: must be an integer from 0 to 100, got 110; use 0 to send no traffic to the canary'],
    ['fractional canaryWeight', canary({ canaryWeight: 12.5 }),
      'test/Canary: canaryWeight: must be an integer from 0 to 100, got 12.5; use 0 to send no traffic to the canary'],
    ['canary equal to stable', canary({ canary: TrafficTarget.subset('v1', { version: 'v1' }) }),
      "test/Canary: canary: must differ from stable, got subset 'v1' for both; point the canary at the new version"],
    ['a duplicate subset name with other labels', canary({ canary: TrafficTarget.subset('v1', { version: 'v2' }) }),
      'test/Canary: canary: uses subset name \'v1\' with labels {"version":"v2"}, got {"version":"v1"} for the same name in stable; give different versions different subset names'],
    ['a bad subset name', canary({ canary: TrafficTarget.subset('V2', { version: 'v2' }) }),
      "test/Canary: canary.subsetName: must be a DNS-1123 label (lowercase letters, digits and '-', at most 63 characters), got 'V2'; subset names appear in Envoy cluster names; use e.g. 'v2'"],
    ['a subset without labels', canary({ canary: TrafficTarget.subset('v2', {}) }),
      "test/Canary: canary.labels: must select the version's pods by at least one label, got none; e.g. { version: 'v2' }"],
    ['a wildcard Service target', () => new CanaryRoute(newChart(), 'Canary', {
      host: reviews, stable: TrafficTarget.service(Host.fromServiceName('a', 'shop')), canary: TrafficTarget.service(Host.wildcard('example.com')),
    }), "test/Canary: canary.host: must be an exact host, got '*.example.com'; use the Service's host"],
    ['a name that cannot be derived', canary({ host: Host.any() }),
      "test/Canary: metadata.name: cannot be derived from host '*', got '*'; set metadata.name"],
    ['outlier detection set twice', canary({ trafficPolicy: { outlierDetection: {} }, policy: { circuitBreaker: { outlierDetection: {} } } }),
      'test/Canary: policy.circuitBreaker.outlierDetection: is also set in trafficPolicy.outlierDetection, got both; set it in one place'],
    ['connection pool set twice', canary({ trafficPolicy: { connectionPool: {} }, policy: { circuitBreaker: { connectionPool: {} } } }),
      'test/Canary: policy.circuitBreaker.connectionPool: is also set in trafficPolicy.connectionPool, got both; set it in one place'],
  ])('rejects %s', (_name, build, message) => {
    expect(build).toThrow(message);
  });

  it('rejects a Deployment without version label', () => {
    const chart = newChart();
    const d = deployment(chart, undefined);
    expect(() => new CanaryRoute(chart, 'Canary', { host: reviews, stable: v1, canary: TrafficTarget.fromDeployment(d) })).toThrow(
      "test/Canary: canary: Deployment test/Reviews-none has no 'version' label on its pod template, got labels {\"app\":\"reviews\",\"cdk8s.io/metadata.addr\":\"test-Reviews-none-c8c929f3\"}; add podMetadata label 'version' or use TrafficTarget.subset()");
  });
});
