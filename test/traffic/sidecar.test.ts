import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { describe, expect, it } from 'vitest';
import { constructErrors, newChart, one, synth } from './util';
import {
  CaptureMode, Host, OutboundTrafficPolicyMode, PortProtocol, ServerTlsMode, Sidecar, SidecarEgressHost, WorkloadSelector,
} from '../../src';

describe('Sidecar', () => {
  it('renders every field', () => {
    const chart = newChart();
    const reviews = new kplus.Service(chart, 'Reviews', { metadata: { name: 'reviews' }, ports: [{ port: 9080 }] });
    const sidecar = new Sidecar(chart, 'Sidecar', {
      metadata: { name: 'productpage' },
      workloadSelector: WorkloadSelector.fromLabels({ app: 'productpage' }),
      egress: [{
        port: { number: 9080, protocol: PortProtocol.HTTP, name: 'http' },
        hosts: [SidecarEgressHost.fromService(reviews), SidecarEgressHost.of('shop', Host.fromName('ratings.shop.svc.cluster.local'))],
        captureMode: CaptureMode.IPTABLES,
      }],
      ingress: [{
        port: { number: 9443, protocol: PortProtocol.HTTPS, name: 'https', targetPort: 8443 },
        defaultEndpoint: '127.0.0.1:8080',
        captureMode: CaptureMode.DEFAULT,
        tls: { mode: ServerTlsMode.SIMPLE, credentialName: 'productpage-tls' },
        connectionPool: { http: { http1MaxPendingRequests: 100 } },
      }],
      outboundTrafficPolicy: { mode: OutboundTrafficPolicyMode.ALLOW_ANY, egressProxy: { host: Host.fromServiceName('proxy', 'egress'), subset: 'v1', port: 3128 } },
      inboundConnectionPool: { tcp: { maxConnections: 1000, connectTimeout: Duration.seconds(2) } },
    });
    sidecar.addEgress({ hosts: [SidecarEgressHost.sameNamespace(), SidecarEgressHost.allInNamespace('istio-system'), SidecarEgressHost.anyNamespace(Host.fromName('api.example.com'))] });
    expect(one(synth(chart), 'Sidecar').spec).toEqual({
      workloadSelector: { labels: { app: 'productpage' } },
      egress: [
        { port: { number: 9080, protocol: 'HTTP', name: 'http' }, hosts: ['shop/reviews.shop.svc.cluster.local', 'shop/ratings.shop.svc.cluster.local'], captureMode: 'IPTABLES' },
        { hosts: ['./*', 'istio-system/*', '*/api.example.com'] },
      ],
      ingress: [{
        port: { number: 9443, protocol: 'HTTPS', name: 'https', targetPort: 8443 },
        defaultEndpoint: '127.0.0.1:8080',
        captureMode: 'DEFAULT',
        tls: { mode: 'SIMPLE', credentialName: 'productpage-tls' },
        connectionPool: { http: { http1MaxPendingRequests: 100 } },
      }],
      outboundTrafficPolicy: { mode: 'ALLOW_ANY', egressProxy: { host: 'proxy.egress.svc.cluster.local', subset: 'v1', port: { number: 3128 } } },
      inboundConnectionPool: { tcp: { maxConnections: 1000, connectTimeout: '2s' } },
    });
    expect(SidecarEgressHost.sameNamespace(Host.fromName('reviews')).value).toEqual('./reviews');
  });

  it('renders a namespace default that limits egress to the namespace and istio-system', () => {
    const chart = newChart();
    new Sidecar(chart, 'Default', {
      metadata: { name: 'default' },
      egress: [{ hosts: [SidecarEgressHost.sameNamespace(), SidecarEgressHost.allInNamespace('istio-system')] }],
      outboundTrafficPolicy: { mode: OutboundTrafficPolicyMode.REGISTRY_ONLY },
    });
    const objects = synth(chart);
    expect(one(objects, 'Sidecar').spec).toEqual({
      egress: [{ hosts: ['./*', 'istio-system/*'] }],
      outboundTrafficPolicy: { mode: 'REGISTRY_ONLY' },
    });
    expect(constructErrors(chart)).toEqual([]);
    expect(objects).toMatchSnapshot();
  });
});

describe('Sidecar validation', () => {
  const any = { hosts: [SidecarEgressHost.sameNamespace()] };
  it.each<[string, () => unknown, string]>([
    ['an egressProxy with REGISTRY_ONLY', () => new Sidecar(newChart(), 'S', { outboundTrafficPolicy: { mode: OutboundTrafficPolicyMode.REGISTRY_ONLY, egressProxy: { host: Host.fromName('proxy') } } }),
      'test/S: outboundTrafficPolicy.egressProxy: only applies with mode ALLOW_ANY, got mode REGISTRY_ONLY; remove egressProxy or use ALLOW_ANY'],
    ['a listener after the catch-all listener', () => new Sidecar(newChart(), 'S', { egress: [any, { ...any, port: { number: 80, protocol: PortProtocol.HTTP } }] }),
      'test/S: egress[1]: comes after the egress listener without port, got another listener; the port-less (catch-all) listener must be the last one'],
    ['an egress listener without hosts', () => new Sidecar(newChart(), 'S', { egress: [{ hosts: [] }] }),
      "test/S: egress[0].hosts: must list at least one host, got none; e.g. SidecarEgressHost.sameNamespace() and SidecarEgressHost.allInNamespace('istio-system')"],
    ['a duplicate egress port', () => new Sidecar(newChart(), 'S', { egress: [80, 80].map((n) => ({ ...any, port: { number: n, protocol: PortProtocol.HTTP } })) }),
      'test/S: egress[1].port.number: must be unique among egress listeners, got 80 twice; merge the hosts into one listener'],
    ['a duplicate ingress port', () => new Sidecar(newChart(), 'S', { ingress: [80, 80].map((n) => ({ port: { number: n, protocol: PortProtocol.HTTP } })) }),
      'test/S: ingress[1].port.number: must be unique among ingress listeners, got 80 twice; one listener per port'],
    ['a bad defaultEndpoint', () => new Sidecar(newChart(), 'S', { ingress: [{ port: { number: 80, protocol: PortProtocol.HTTP }, defaultEndpoint: '10.0.0.1:8080' }] }),
      "test/S: ingress[0].defaultEndpoint: must be 127.0.0.1:PORT, 0.0.0.0:PORT, [::1]:PORT, [::]:PORT or unix:// socket, got '10.0.0.1:8080'; forward to the application's local port"],
    ['a bad egress host namespace', () => new Sidecar(newChart(), 'S', { egress: [{ hosts: [SidecarEgressHost.allInNamespace('Istio')] }] }),
      "test/S: egress[0].hosts[0]: namespace part must be a namespace, '.', '*' or '~', got 'Istio'; use the namespace that exports the host"],
    ['an ingress port outside 1–65535', () => new Sidecar(newChart(), 'S', { ingress: [{ port: { number: 0, protocol: PortProtocol.HTTP } }] }),
      'test/S: ingress[0].port.number: must be a port number from 1 to 65535, got 0; use the port the service listens on'],
  ])('rejects %s', (_name, build, message) => {
    expect(build).toThrow(message);
  });

  it('reports two namespace-wide Sidecars in one namespace at synthesis', () => {
    const chart = newChart();
    new Sidecar(chart, 'A', { egress: [{ hosts: [SidecarEgressHost.sameNamespace()] }] });
    new Sidecar(chart, 'B', { egress: [{ hosts: [SidecarEgressHost.sameNamespace()] }] });
    new Sidecar(chart, 'C', { workloadSelector: WorkloadSelector.fromLabels({ app: 'c' }) });
    expect(constructErrors(chart)).toEqual([
      "test/A: workloadSelector: only one Sidecar without workloadSelector may exist per namespace, got also test/B in namespace 'shop'; give all but one a workloadSelector",
      "test/B: workloadSelector: only one Sidecar without workloadSelector may exist per namespace, got also test/A in namespace 'shop'; give all but one a workloadSelector",
    ]);
  });
});
