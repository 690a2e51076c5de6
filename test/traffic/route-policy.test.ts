import { Duration } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { constructErrors, newChart, ofKind, one, synth } from './util';
import { FaultAbort, FaultDelay, Host, HttpMatch, LoadBalancerAlgorithm, Percent, RetryOn, RoutePolicy, StringMatch } from '../../src';

const details = Host.fromServiceName('details', 'shop');

describe('RoutePolicy', () => {
  it('puts timeout, retries and mirroring on the route and circuit breaking on the DestinationRule', () => {
    const chart = newChart();
    const policy = new RoutePolicy(chart, 'Details', {
      host: details,
      port: 9080,
      timeout: Duration.seconds(3),
      retries: { attempts: 2, perTryTimeout: Duration.seconds(1), retryOn: [RetryOn.FIVE_XX, RetryOn.RESET] },
      mirror: { host: Host.fromServiceName('details-shadow', 'shop'), percentage: Percent.of(5) },
      circuitBreaker: {
        connectionPool: { tcp: { maxConnections: 100 }, http: { http1MaxPendingRequests: 10 } },
        outlierDetection: { consecutive5xxErrors: 3, interval: Duration.seconds(5), baseEjectionTime: Duration.seconds(30) },
      },
      trafficPolicy: { loadBalancer: { algorithm: LoadBalancerAlgorithm.ROUND_ROBIN } },
    });
    const objects = synth(chart);
    expect(one(objects, 'VirtualService', 'details').spec).toEqual({
      hosts: ['details.shop.svc.cluster.local'],
      http: [{
        name: 'details',
        route: [{ destination: { host: 'details.shop.svc.cluster.local', port: { number: 9080 } } }],
        timeout: '3s',
        retries: { attempts: 2, perTryTimeout: '1s', retryOn: '5xx,reset' },
        mirror: { host: 'details-shadow.shop.svc.cluster.local' },
        mirrorPercentage: { value: 5 },
      }],
    });
    expect(one(objects, 'DestinationRule', 'details').spec).toEqual({
      host: 'details.shop.svc.cluster.local',
      trafficPolicy: {
        loadBalancer: { simple: 'ROUND_ROBIN' },
        connectionPool: { tcp: { maxConnections: 100 }, http: { http1MaxPendingRequests: 10 } },
        outlierDetection: { consecutive5xxErrors: 3, interval: '5s', baseEjectionTime: '30s' },
      },
    });
    expect(policy.virtualService).toBeDefined();
    expect(objects).toMatchSnapshot();
  });

  it('injects faults only for matching requests', () => {
    const chart = newChart();
    new RoutePolicy(chart, 'Ratings', {
      host: Host.fromServiceName('ratings', 'shop'),
      matches: [HttpMatch.header('end-user', StringMatch.exact('jason'))],
      fault: { delay: FaultDelay.fixed(Duration.seconds(2)), abort: FaultAbort.httpStatus(500, Percent.of(10)) },
    });
    const objects = synth(chart);
    expect(ofKind(objects, 'DestinationRule')).toEqual([]);
    expect(one(objects, 'VirtualService').spec.http).toEqual([
      {
        name: 'policy',
        match: [{ headers: { 'end-user': { exact: 'jason' } } }],
        route: [{ destination: { host: 'ratings.shop.svc.cluster.local' } }],
        fault: { delay: { fixedDelay: '2s' }, abort: { httpStatus: 500, percentage: { value: 10 } } },
      },
      { name: 'default', route: [{ destination: { host: 'ratings.shop.svc.cluster.local' } }] },
    ]);
    expect(constructErrors(chart)).toEqual([]);
  });

  it('emits only a DestinationRule for circuit breaking alone', () => {
    const chart = newChart();
    const policy = new RoutePolicy(chart, 'Details', { host: details, circuitBreaker: { outlierDetection: { consecutive5xxErrors: 1 } } });
    expect(synth(chart).map((o) => o.kind)).toEqual(['DestinationRule']);
    expect(policy.virtualService).toBeUndefined();
  });

  it('rejects a policy without settings', () => {
    expect(() => new RoutePolicy(newChart(), 'Details', { host: details })).toThrow(
      'test/Details: props: set no policy, got no timeout, retries, fault, mirror, circuitBreaker or trafficPolicy; set at least one of them');
  });

  it('rejects matches without route settings', () => {
    expect(() => new RoutePolicy(newChart(), 'Details', { host: details, matches: [HttpMatch.prefix('/')], circuitBreaker: {} })).toThrow(
      'test/Details: matches: only select requests for route settings, got matches without timeout, retries, fault or mirror; remove matches or add a route setting');
  });
});
