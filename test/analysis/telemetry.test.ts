import { describe, expect, it } from 'vitest';
import { istio, k8s, run } from './helpers';

const pods = [k8s.deployment('reviews', 'shop', { app: 'reviews' })];

describe('telemetry.ProviderAnalyzer (IST0157, IST0101 provider)', () => {
  it('reports access logging without providers when the mesh has no default access log provider', () => {
    const t = istio.telemetry('logs', 'shop', { accessLogging: [{ filter: { expression: 'response.code >= 400' } }] });
    expect(run(['telemetry.ProviderAnalyzer'], [t])).toEqual([
      'IST0157 Telemetry logs.shop: The Telemetry logs in namespace "shop" with empty providers will be ignored.',
    ]);
  });

  it('accepts it when the mesh config sets default providers, or when the entry is disabled', () => {
    const t = istio.telemetry('logs', 'shop', { accessLogging: [{ filter: { expression: 'true' } }] });
    const disabled = istio.telemetry('off', 'shop', { accessLogging: [{ disabled: true }] });
    expect(run(['telemetry.ProviderAnalyzer'], [t], { meshConfig: 'defaultProviders:\n  accessLogging: [envoy]\n' })).toEqual([]);
    expect(run(['telemetry.ProviderAnalyzer'], [disabled])).toEqual([]);
  });

  it('reports providers the given mesh config does not define', () => {
    const t = istio.telemetry('tracing', 'shop', { tracing: [{ providers: [{ name: 'zipkin' }, { name: 'otel' }] }], metrics: [{ providers: [{ name: 'prometheus' }] }] });
    const meshConfig = 'extensionProviders:\n- name: otel\n  opentelemetry: {service: otel.observability.svc.cluster.local, port: 4317}\n';
    expect(run(['telemetry.ProviderAnalyzer'], [t], { meshConfig })).toEqual(['IST0101 Telemetry tracing.shop: Referenced provider not found: "zipkin"']);
    // Without a mesh config the providers cannot be known: nothing is reported.
    expect(run(['telemetry.ProviderAnalyzer'], [t])).toEqual([]);
  });
});

describe('telemetry.SelectorAnalyzer (IST0101 selector, IST0159)', () => {
  const sel = (name: string, matchLabels: Record<string, string>) => istio.telemetry(name, 'shop', { selector: { matchLabels }, tracing: [{ randomSamplingPercentage: 10 }] });

  it('reports selectors matching nothing, and workloads selected twice', () => {
    expect(run(['telemetry.SelectorAnalyzer'], [...pods, sel('none', { app: 'details' }), sel('a', { app: 'reviews' }), sel('b', { app: 'reviews' })])).toEqual([
      'IST0101 Telemetry none.shop: Referenced selector not found: "app=details"',
      'IST0159 Telemetry a.shop: The Telemetries [a b] in namespace "shop" select the same workload pod "reviews", which can lead to undefined behavior.',
      'IST0159 Telemetry b.shop: The Telemetries [a b] in namespace "shop" select the same workload pod "reviews", which can lead to undefined behavior.',
    ]);
  });

  it('accepts one Telemetry per workload', () => {
    expect(run(['telemetry.SelectorAnalyzer'], [...pods, sel('a', { app: 'reviews' })])).toEqual([]);
  });
});

describe('telemetry.DefaultSelectorAnalyzer (IST0160)', () => {
  it('reports several selector-less Telemetries in a namespace', () => {
    const objects = [istio.telemetry('a', 'shop', { tracing: [{}] }), istio.telemetry('b', 'shop', { metrics: [{}] })];
    expect(run(['telemetry.DefaultSelectorAnalyzer'], objects)).toEqual([
      'IST0160 Telemetry a.shop: The Telemetries [a b] in namespace "shop" have no workload selector, which can lead to undefined behavior.',
      'IST0160 Telemetry b.shop: The Telemetries [a b] in namespace "shop" have no workload selector, which can lead to undefined behavior.',
    ]);
  });

  it('accepts one per namespace, and Telemetries attached with a selector or targetRefs', () => {
    const objects = [
      istio.telemetry('a', 'shop', { tracing: [{}] }),
      istio.telemetry('b', 'shop', { selector: { matchLabels: { app: 'x' } }, tracing: [{}] }),
      istio.telemetry('c', 'shop', { targetRefs: [{ kind: 'Gateway', group: 'gateway.networking.k8s.io', name: 'gw' }], tracing: [{}] }),
      istio.telemetry('d', 'web', { tracing: [{}] }),
    ];
    expect(run(['telemetry.DefaultSelectorAnalyzer'], objects)).toEqual([]);
  });
});

describe('telemetry.LightstepAnalyzer (IST0002)', () => {
  const telemetry = istio.telemetry('tracing', 'shop', { tracing: [{ providers: [{ name: 'ls' }, { name: 'otel' }] }] });

  it('reports tracing through a Lightstep extension provider of the mesh config', () => {
    const meshConfig = 'extensionProviders:\n- name: ls\n  lightstep: {address: ls.example.com:443}\n- name: otel\n  opentelemetry: {service: otel.example.com, port: 4317}\n';
    expect(run(['telemetry.LightstepAnalyzer'], [telemetry], { meshConfig })).toEqual([
      'IST0002 Telemetry tracing.shop: Deprecated: The Lightstep provider ls is deprecated, please migrate to OpenTelemetry provider.',
    ]);
  });

  it('accepts other providers, and a mesh without Lightstep', () => {
    expect(run(['telemetry.LightstepAnalyzer'], [telemetry], { meshConfig: 'extensionProviders:\n- name: ls\n  zipkin: {service: z, port: 9411}\n' })).toEqual([]);
    expect(run(['telemetry.LightstepAnalyzer'], [telemetry])).toEqual([]);
  });
});
