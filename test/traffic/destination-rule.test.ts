import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { describe, expect, it } from 'vitest';
import { newChart, one, synth } from './util';
import {
  ClientTlsMode, ConsistentHash, DestinationRule, ExportTo, H2UpgradePolicy, Host, LoadBalancerAlgorithm, Percent, ProxyProtocolVersion,
  TrafficPolicy, TunnelProtocol, WorkloadSelector,
} from '../../src';

const reviews = Host.fromServiceName('reviews', 'shop');

describe('DestinationRule', () => {
  it('renders a traffic policy with every field', () => {
    const chart = newChart();
    const client = new kplus.Deployment(chart, 'Client', { select: false, podMetadata: { labels: { app: 'productpage' } }, containers: [{ image: 'nginx' }] });
    client.select(kplus.LabelSelector.of({ labels: { app: 'productpage' } }));
    new DestinationRule(chart, 'Rule', {
      metadata: { name: 'reviews' },
      host: reviews,
      exportTo: [ExportTo.sameNamespace()],
      workloadSelector: WorkloadSelector.fromWorkload(client),
      trafficPolicy: {
        loadBalancer: {
          algorithm: LoadBalancerAlgorithm.LEAST_REQUEST,
          locality: { enabled: true, failover: [{ fromRegion: 'us-east', toRegion: 'us-west' }], failoverPriority: ['topology.kubernetes.io/region'] },
          warmup: { duration: Duration.seconds(60), minimumPercent: Percent.of(10), aggression: 1.5 },
        },
        connectionPool: {
          tcp: {
            maxConnections: 100,
            connectTimeout: Duration.millis(500),
            maxConnectionDuration: Duration.hours(1),
            idleTimeout: Duration.minutes(5),
            tcpKeepalive: { probes: 3, time: Duration.seconds(600), interval: Duration.seconds(75) },
          },
          http: {
            http1MaxPendingRequests: 10,
            http2MaxRequests: 1000,
            maxRequestsPerConnection: 10,
            maxRetries: 3,
            idleTimeout: Duration.minutes(1),
            h2UpgradePolicy: H2UpgradePolicy.DO_NOT_UPGRADE,
            useClientProtocol: false,
            maxConcurrentStreams: 100,
          },
        },
        outlierDetection: {
          consecutive5xxErrors: 5,
          consecutiveGatewayErrors: 3,
          consecutiveLocalOriginFailures: 2,
          splitExternalLocalOriginErrors: true,
          interval: Duration.seconds(10),
          baseEjectionTime: Duration.seconds(30),
          maxEjectionPercent: 50,
          minHealthPercent: 20,
        },
        tls: { mode: ClientTlsMode.ISTIO_MUTUAL, sni: 'reviews.shop.svc.cluster.local', subjectAltNames: ['spiffe://cluster.local/ns/shop/sa/reviews'] },
        portLevelSettings: [{
          port: 9443,
          loadBalancer: { consistentHash: ConsistentHash.httpHeader('x-user', { maglevTableSize: 65537 }) },
          tls: { mode: ClientTlsMode.SIMPLE, caCertificates: '/etc/certs/ca.pem', caCrl: '/etc/certs/crl.pem', insecureSkipVerify: false },
        }],
        proxyProtocol: ProxyProtocolVersion.V2,
        tunnel: { targetHost: 'proxy.example.com', targetPort: 3128, protocol: TunnelProtocol.CONNECT },
        retryBudget: { percent: Percent.of(25), minRetryConcurrency: 5 },
      },
      subsets: [
        { name: 'v1', labels: { version: 'v1' } },
        { name: 'v2', labels: { version: 'v2' }, trafficPolicy: { loadBalancer: { consistentHash: ConsistentHash.sourceIp({ ringHashMinimumRingSize: 1024 }) } } },
      ],
    });
    const spec = one(synth(chart), 'DestinationRule').spec;
    expect(spec).toEqual({
      host: 'reviews.shop.svc.cluster.local',
      exportTo: ['.'],
      workloadSelector: { matchLabels: { app: 'productpage' } },
      trafficPolicy: {
        loadBalancer: {
          simple: 'LEAST_REQUEST',
          localityLbSetting: { enabled: true, failover: [{ from: 'us-east', to: 'us-west' }], failoverPriority: ['topology.kubernetes.io/region'] },
          warmup: { duration: '60s', minimumPercent: 10, aggression: 1.5 },
        },
        connectionPool: {
          tcp: { maxConnections: 100, connectTimeout: '0.5s', maxConnectionDuration: '3600s', idleTimeout: '300s', tcpKeepalive: { probes: 3, time: '600s', interval: '75s' } },
          http: {
            http1MaxPendingRequests: 10,
            http2MaxRequests: 1000,
            maxRequestsPerConnection: 10,
            maxRetries: 3,
            idleTimeout: '60s',
            h2UpgradePolicy: 'DO_NOT_UPGRADE',
            useClientProtocol: false,
            maxConcurrentStreams: 100,
          },
        },
        outlierDetection: {
          consecutive5xxErrors: 5,
          consecutiveGatewayErrors: 3,
          consecutiveLocalOriginFailures: 2,
          splitExternalLocalOriginErrors: true,
          interval: '10s',
          baseEjectionTime: '30s',
          maxEjectionPercent: 50,
          minHealthPercent: 20,
        },
        tls: { mode: 'ISTIO_MUTUAL', sni: 'reviews.shop.svc.cluster.local', subjectAltNames: ['spiffe://cluster.local/ns/shop/sa/reviews'] },
        portLevelSettings: [{
          port: { number: 9443 },
          loadBalancer: { consistentHash: { httpHeaderName: 'x-user', maglev: { tableSize: 65537 } } },
          tls: { mode: 'SIMPLE', caCertificates: '/etc/certs/ca.pem', caCrl: '/etc/certs/crl.pem', insecureSkipVerify: false },
        }],
        proxyProtocol: { version: 'V2' },
        tunnel: { targetHost: 'proxy.example.com', targetPort: 3128, protocol: 'CONNECT' },
        retryBudget: { percent: 25, minRetryConcurrency: 5 },
      },
      subsets: [
        { name: 'v1', labels: { version: 'v1' } },
        { name: 'v2', labels: { version: 'v2' }, trafficPolicy: { loadBalancer: { consistentHash: { useSourceIp: true, ringHash: { minimumRingSize: 1024 } } } } },
      ],
    });
  });

  it('renders cookie and query parameter hashing, locality distribution and MUTUAL TLS', () => {
    const chart = newChart();
    const rule = new DestinationRule(chart, 'Rule', {
      host: Host.fromName('api.example.com'),
      trafficPolicy: {
        loadBalancer: {
          consistentHash: ConsistentHash.httpCookie({ name: 'session', path: '/', ttl: Duration.seconds(0), attributes: [{ name: 'SameSite', value: 'Strict' }, { name: 'Secure' }] }),
          locality: { distribute: [{ fromLocality: 'us-west/zone1/*', toLocalities: { 'us-west/zone1/*': 80, 'us-west/zone2/*': 20 } }] },
        },
        tls: { mode: ClientTlsMode.MUTUAL, credentialName: 'api-client-cert', sni: 'api.example.com' },
      },
    });
    rule.addSubset({ name: 'query', trafficPolicy: { loadBalancer: { consistentHash: ConsistentHash.queryParameter('user') } } });
    const objects = synth(chart);
    const spec = one(objects, 'DestinationRule').spec;
    expect(spec.trafficPolicy.loadBalancer).toEqual({
      consistentHash: { httpCookie: { name: 'session', path: '/', ttl: '0s', attributes: [{ name: 'SameSite', value: 'Strict' }, { name: 'Secure' }] } },
      localityLbSetting: { distribute: [{ from: 'us-west/zone1/*', to: { 'us-west/zone1/*': 80, 'us-west/zone2/*': 20 } }] },
    });
    expect(spec.trafficPolicy.tls).toEqual({ mode: 'MUTUAL', credentialName: 'api-client-cert', sni: 'api.example.com' });
    expect(spec.subsets).toEqual([{ name: 'query', trafficPolicy: { loadBalancer: { consistentHash: { httpQueryParameterName: 'user' } } } }]);
    expect(rule.subsetNames).toEqual(['query']);
    expect(rule.hasSubset('query')).toBe(true);
    expect(objects).toMatchSnapshot();
  });

  it('renders an empty keepalive and retry budget (enabled with defaults)', () => {
    const chart = newChart();
    new DestinationRule(chart, 'Rule', { host: reviews, trafficPolicy: { connectionPool: { tcp: { tcpKeepalive: {} } }, retryBudget: {} } });
    expect(one(synth(chart), 'DestinationRule').spec.trafficPolicy).toEqual({ connectionPool: { tcp: { tcpKeepalive: {} } }, retryBudget: {} });
  });
});

describe('DestinationRule validation', () => {
  const rule = (trafficPolicy: TrafficPolicy) => () => new DestinationRule(newChart(), 'Rule', { host: reviews, trafficPolicy });

  it.each<[string, () => unknown, string]>([
    ['bad host', () => new DestinationRule(newChart(), 'Rule', { host: Host.fromName('Reviews') }),
      "test/Rule: host: must be lowercase (a DNS-1123 subdomain), got 'Reviews'; write it as 'reviews'"],
    ['bad subset name', () => new DestinationRule(newChart(), 'Rule', { host: reviews, subsets: [{ name: 'v_1' }] }),
      "test/Rule: subsets[0].name: must be a DNS-1123 label (lowercase letters, digits and '-', at most 63 characters), got 'v_1'; subset names appear in Envoy cluster names; use e.g. 'v1'"],
    ['duplicate subset', () => new DestinationRule(newChart(), 'Rule', { host: reviews, subsets: [{ name: 'v1' }, { name: 'v1' }] }),
      "test/Rule: subsets[1].name: must be unique in the DestinationRule, got 'v1' twice; give each subset its own name"],
    ['bad subset label', () => new DestinationRule(newChart(), 'Rule', { host: reviews, subsets: [{ name: 'v1', labels: { version: 'v*' } }] }),
      "test/Rule: subsets[0].labels.version: must be a label value (at most 63 alphanumerics, '-', '_' or '.'), got 'v*'; use a valid label value"],
    ['algorithm and consistent hash', rule({ loadBalancer: { algorithm: LoadBalancerAlgorithm.RANDOM, consistentHash: ConsistentHash.sourceIp() } }),
      'test/Rule: trafficPolicy.loadBalancer: sets both algorithm and consistentHash, got RANDOM and a consistent hash; choose one'],
    ['ring hash and maglev', rule({ loadBalancer: { consistentHash: ConsistentHash.sourceIp({ ringHashMinimumRingSize: 1, maglevTableSize: 7 }) } }),
      'test/Rule: trafficPolicy.loadBalancer.consistentHash: sets both ringHashMinimumRingSize and maglevTableSize, got 1 and 7; choose one hash algorithm'],
    ['ring size', rule({ loadBalancer: { consistentHash: ConsistentHash.sourceIp({ ringHashMinimumRingSize: 0 }) } }),
      'test/Rule: trafficPolicy.loadBalancer.consistentHash.ringHash.minimumRingSize: must be an integer from 1 to 9007199254740991, got 0; use a positive number of virtual nodes'],
    ['maglev size', rule({ loadBalancer: { consistentHash: ConsistentHash.sourceIp({ maglevTableSize: 1.5 }) } }),
      'test/Rule: trafficPolicy.loadBalancer.consistentHash.maglev.tableSize: must be an integer from 1 to 9007199254740991, got 1.5; use a prime table size such as 65537'],
    ['cookie name', rule({ loadBalancer: { consistentHash: ConsistentHash.httpCookie({ name: 'a b' }) } }),
      "test/Rule: trafficPolicy.loadBalancer.consistentHash.httpCookie.name: must be a cookie name (an HTTP token), got 'a b'; use letters, digits and '-' or '_'"],
    ['cookie ttl', rule({ loadBalancer: { consistentHash: ConsistentHash.httpCookie({ name: 's', ttl: Duration.millis(0.5) }) } }),
      'test/Rule: trafficPolicy.loadBalancer.consistentHash.httpCookie.ttl: must be zero (session cookie) or a whole number of milliseconds, got 0.5ms; use e.g. Duration.hours(1)'],
    ['hash header', rule({ loadBalancer: { consistentHash: ConsistentHash.httpHeader('x user') } }),
      "test/Rule: trafficPolicy.loadBalancer.consistentHash.httpHeaderName: must be a lowercase HTTP header name, got 'x user'; write header names in lowercase (e.g. 'x user')"],
    ['hash query parameter', rule({ loadBalancer: { consistentHash: ConsistentHash.queryParameter('') } }),
      "test/Rule: trafficPolicy.loadBalancer.consistentHash.httpQueryParameterName: must not be empty, got ''; give the query parameter to hash on"],
    ['distribute and failover', rule({ loadBalancer: { locality: { distribute: [{ fromLocality: 'a', toLocalities: { b: 100 } }], failover: [{ fromRegion: 'a', toRegion: 'b' }] } } }),
      'test/Rule: trafficPolicy.loadBalancer.locality: sets distribute together with failover or failoverPriority, got both; use either an explicit distribution or failover'],
    ['distribute weight', rule({ loadBalancer: { locality: { distribute: [{ fromLocality: 'a', toLocalities: { b: 120 } }] } } }),
      'test/Rule: trafficPolicy.loadBalancer.locality.distribute[0].toLocalities: must be an integer from 0 to 100, got 120; weights are percentages'],
    ['distribute sum', rule({ loadBalancer: { locality: { distribute: [{ fromLocality: 'a', toLocalities: { b: 60, c: 30 } }] } } }),
      'test/Rule: trafficPolicy.loadBalancer.locality.distribute[0].toLocalities: weights must sum to 100, got 90; adjust the weights'],
    ['warmup aggression', rule({ loadBalancer: { warmup: { duration: Duration.seconds(1), aggression: 0 } } }),
      'test/Rule: trafficPolicy.loadBalancer.warmup.aggression: must be a number above 0, got 0; use 1 for a linear ramp'],
    ['warmup percent', rule({ loadBalancer: { warmup: { duration: Duration.seconds(1), minimumPercent: Percent.of(-1) } } }),
      'test/Rule: trafficPolicy.loadBalancer.warmup.minimumPercent: must be a percentage from 0 to 100, got -1; use Percent.of(0..100) or Percent.fromRatio(0..1)'],
    ['connect timeout under 1ms', rule({ connectionPool: { tcp: { connectTimeout: Duration.millis(0) } } }),
      'test/Rule: trafficPolicy.connectionPool.tcp.connectTimeout: must be at least 1ms, got 0ms; use e.g. Duration.millis(100) or Duration.seconds(1)'],
    ['negative pool size', rule({ connectionPool: { http: { http1MaxPendingRequests: -1 } } }),
      'test/Rule: trafficPolicy.connectionPool.http.http1MaxPendingRequests: must be an integer from 0 to 2147483647, got -1; use a non-negative whole number'],
    ['ejection percent', rule({ outlierDetection: { maxEjectionPercent: 101 } }),
      'test/Rule: trafficPolicy.outlierDetection.maxEjectionPercent: must be an integer from 0 to 100, got 101; it is a percentage of the endpoints'],
    ['ISTIO_MUTUAL with certificates', rule({ tls: { mode: ClientTlsMode.ISTIO_MUTUAL, credentialName: 'x' } }),
      "test/Rule: trafficPolicy.tls: ISTIO_MUTUAL uses Istio's workload certificates and takes no certificate settings, got credentialName; remove them, or use mode MUTUAL with your own certificates"],
    ['MUTUAL without certificate', rule({ tls: { mode: ClientTlsMode.MUTUAL, clientCertificate: '/c.pem' } }),
      'test/Rule: trafficPolicy.tls: MUTUAL needs a client certificate, got no credentialName and no clientCertificate/privateKey pair; set credentialName (a Secret) or both clientCertificate and privateKey'],
    ['bad credential name', rule({ tls: { mode: ClientTlsMode.SIMPLE, credentialName: 'My_Cert' } }),
      "test/Rule: trafficPolicy.tls.credentialName: must be a Secret name (DNS-1123 subdomain), got 'My_Cert'; use the name of the TLS Secret"],
    ['port-level port', rule({ portLevelSettings: [{ port: 0 }] }),
      'test/Rule: trafficPolicy.portLevelSettings[0].port: must be a port number from 1 to 65535, got 0; use the port the service listens on'],
    ['duplicate port-level port', rule({ portLevelSettings: [{ port: 80 }, { port: 80 }] }),
      'test/Rule: trafficPolicy.portLevelSettings[1].port: must be unique, got port 80 twice; merge the settings for that port'],
    ['tunnel host', rule({ tunnel: { targetHost: '', targetPort: 3128 } }),
      "test/Rule: trafficPolicy.tunnel.targetHost: must not be empty, got ''; give the host to tunnel to"],
    ['retry budget', rule({ retryBudget: { percent: Percent.of(200) } }),
      'test/Rule: trafficPolicy.retryBudget.percent: must be a percentage from 0 to 100, got 200; use Percent.of(0..100) or Percent.fromRatio(0..1)'],
    ['empty workload selector', () => new DestinationRule(newChart(), 'Rule', { host: reviews, workloadSelector: WorkloadSelector.fromLabels({}) }),
      'test/Rule: workloadSelector: must select workloads by at least one label, got empty labels; an empty selector would apply to every workload — give the labels of the pods it is meant for'],
  ])('rejects %s', (_name, build, message) => {
    expect(build).toThrow(message);
  });
});
