// Mirrors istio/istio pkg/config/analysis/analyzers/telemetry: providers.go (ProviderAnalyzer: IST0157),
// selector.go (SelectorAnalyzer: IST0101, IST0159), default_selector.go (DefaultSelectorAnalyzer: IST0160) and
// lightstep.go (LightstepAnalyzer: IST0002).
//
// In addition, when a MeshConfig is given, provider names must be defined by it (meshConfig.extensionProviders),
// or be one of the providers Istio defines by default (prometheus, stackdriver, envoy): an unknown provider makes
// Istio ignore that part of the Telemetry. This is reported as IST0101 ReferencedResourceNotFound with the
// reference type "provider".
import { Analyzer } from '../analyzer';
import { MSG } from '../catalogue';
import { stringRecord } from '../context';
import { GROUP, Resource } from '../resource';
import { analyzeSelectors } from './sidecar';

function telemetries(ctx: { ofKind(group: string, kind: string): ReadonlyArray<Resource> }): ReadonlyArray<Resource> {
  return ctx.ofKind(GROUP.TELEMETRY, 'Telemetry');
}

const DEFAULT_PROVIDERS = ['prometheus', 'stackdriver', 'envoy'];

/** telemetry.ProviderAnalyzer */
export const telemetryProviderAnalyzer: Analyzer = {
  name: 'telemetry.ProviderAnalyzer',
  description: 'Validates that providers in telemetry resource is valid',
  upstream: 'pkg/config/analysis/analyzers/telemetry/providers.go',
  analyze(ctx) {
    const mc = ctx.mesh.meshConfig ?? {};
    const defaultAccessLogging = Array.isArray(mc.defaultProviders?.accessLogging) ? mc.defaultProviders.accessLogging : [];
    const meshConfigGiven = Object.keys(mc).length > 0;
    const extensionProviders: any[] = Array.isArray(mc.extensionProviders) ? mc.extensionProviders : [];
    const known = new Set([...DEFAULT_PROVIDERS, ...extensionProviders.map((p) => String(p?.name))]);
    for (const r of telemetries(ctx)) {
      (Array.isArray(r.spec.accessLogging) ? r.spec.accessLogging : []).forEach((l: any) => {
        if (defaultAccessLogging.length > 0 || l?.disabled === true) return;
        if (!Array.isArray(l?.providers) || l.providers.length === 0) {
          ctx.report(r, MSG.InvalidTelemetryProvider, [r.name, r.namespace]);
        }
      });
      if (!meshConfigGiven) continue;
      for (const field of ['accessLogging', 'metrics', 'tracing'] as const) {
        (Array.isArray(r.spec[field]) ? r.spec[field] : []).forEach((entry: any) => {
          (Array.isArray(entry?.providers) ? entry.providers : []).forEach((p: any) => {
            if (typeof p?.name === 'string' && !known.has(p.name)) {
              ctx.report(r, MSG.ReferencedResourceNotFound, ['provider', p.name]);
            }
          });
        });
      }
    }
  },
};

/** telemetry.SelectorAnalyzer */
export const telemetrySelectorAnalyzer: Analyzer = {
  name: 'telemetry.SelectorAnalyzer',
  description: "Validates that telemetries that define a selector match at least one pod, and that there aren't multiple telemetry resources that select overlapping pods",
  upstream: 'pkg/config/analysis/analyzers/telemetry/selector.go',
  analyze(ctx) {
    analyzeSelectors(ctx, telemetries(ctx), (r) => stringRecord(r.spec.selector?.matchLabels), '/spec/selector/matchLabels', MSG.ConflictingTelemetryWorkloadSelectors);
  },
};

/** telemetry.DefaultSelectorAnalyzer */
export const telemetryDefaultSelectorAnalyzer: Analyzer = {
  name: 'telemetry.DefaultSelectorAnalyzer',
  description: "Validates that there aren't multiple telemetry resources that have no selector",
  upstream: 'pkg/config/analysis/analyzers/telemetry/default_selector.go',
  analyze(ctx) {
    const byNamespace = new Map<string, Resource[]>();
    for (const r of telemetries(ctx)) {
      // A Telemetry attached with targetRef(s) has a scope of its own; only selector-less, unattached ones clash.
      if (r.spec.selector || r.spec.targetRef || r.spec.targetRefs) continue;
      if (!byNamespace.has(r.namespace)) byNamespace.set(r.namespace, []);
      byNamespace.get(r.namespace)!.push(r);
    }
    for (const [ns, list] of byNamespace) {
      if (list.length < 2) continue;
      const names = list.map((r) => r.name);
      for (const r of list) ctx.report(r, MSG.MultipleTelemetriesWithoutWorkloadSelectors, [names, ns], '/metadata/name');
    }
  },
};

/** telemetry.LightstepAnalyzer: tracing through a Lightstep extension provider of the mesh config is deprecated. */
export const lightstepAnalyzer: Analyzer = {
  name: 'telemetry.LightstepAnalyzer',
  description: 'Warns about the deprecated Lightstep tracing provider',
  upstream: 'pkg/config/analysis/analyzers/telemetry/lightstep.go',
  analyze(ctx) {
    const providers: any[] = Array.isArray(ctx.mesh.meshConfig?.extensionProviders) ? ctx.mesh.meshConfig.extensionProviders : [];
    const lightstep = new Set(providers.filter((p) => p?.lightstep !== undefined && p?.lightstep !== null).map((p) => String(p?.name ?? '')));
    if (lightstep.size === 0) return;
    for (const r of telemetries(ctx)) {
      for (const tracing of Array.isArray(r.spec.tracing) ? r.spec.tracing : []) {
        for (const p of Array.isArray(tracing?.providers) ? tracing.providers : []) {
          if (typeof p?.name === 'string' && lightstep.has(p.name)) {
            ctx.report(r, MSG.Deprecated, [`The Lightstep provider ${p.name} is deprecated, please migrate to OpenTelemetry provider.`]);
          }
        }
      }
    }
  },
};
