// Mirrors istio/istio pkg/config/analysis/analyzers/sidecar/selector.go (SelectorAnalyzer: IST0101, IST0110) and
// sidecar/defaultselector.go (DefaultSelectorAnalyzer: IST0111). Workload selectors are matched against pods and
// the pod templates of workloads of the Sidecar's namespace.
import { Analyzer } from '../analyzer';
import { MSG } from '../catalogue';
import { AnalysisContext, stringRecord } from '../context';
import { selectorString } from '../labels';
import { GROUP, Resource, Workload } from '../resource';

/**
 * Shared by the Sidecar and Telemetry selector analyzers: each resource with a non-empty selector must select a
 * workload of its namespace, and no workload may be selected by two of them.
 * @internal
 */
export function analyzeSelectors(
  ctx: AnalysisContext, resources: ReadonlyArray<Resource>, selectorOf: (r: Resource) => Record<string, string> | undefined,
  selectorPointer: string, conflict: (typeof MSG)['ConflictingSidecarWorkloadSelectors'] | (typeof MSG)['ConflictingTelemetryWorkloadSelectors'],
): void {
  const byWorkload = new Map<Workload, Resource[]>();
  for (const r of resources) {
    const selector = selectorOf(r);
    if (!selector || Object.keys(selector).length === 0) continue;
    const selected = ctx.workloads.select(selector, r.namespace);
    if (selected.length === 0) {
      ctx.report(r, MSG.ReferencedResourceNotFound, ['selector', selectorString(selector)], selectorPointer);
      continue;
    }
    for (const w of selected) {
      if (!byWorkload.has(w)) byWorkload.set(w, []);
      byWorkload.get(w)!.push(r);
    }
  }
  for (const [w, list] of byWorkload) {
    if (list.length < 2) continue;
    const names = list.map((r) => r.name);
    for (const r of list) ctx.report(r, conflict, [names, w.namespace, w.name], '/metadata/name');
  }
}

/** sidecar.SelectorAnalyzer */
export const sidecarSelectorAnalyzer: Analyzer = {
  name: 'sidecar.SelectorAnalyzer',
  description: "Validates that sidecars that define a workload selector match at least one pod, and that there aren't multiple sidecar resources that select overlapping pods",
  upstream: 'pkg/config/analysis/analyzers/sidecar/selector.go',
  analyze(ctx) {
    analyzeSelectors(ctx, ctx.ofKind(GROUP.NETWORKING, 'Sidecar'), (r) => stringRecord(r.spec.workloadSelector?.labels), '/spec/workloadSelector', MSG.ConflictingSidecarWorkloadSelectors);
  },
};

/** sidecar.DefaultSelectorAnalyzer */
export const sidecarDefaultSelectorAnalyzer: Analyzer = {
  name: 'sidecar.DefaultSelectorAnalyzer',
  description: "Validates that there aren't multiple sidecar resources that have no selector",
  upstream: 'pkg/config/analysis/analyzers/sidecar/defaultselector.go',
  analyze(ctx) {
    const byNamespace = new Map<string, Resource[]>();
    for (const r of ctx.ofKind(GROUP.NETWORKING, 'Sidecar')) {
      if (r.spec.workloadSelector !== undefined && r.spec.workloadSelector !== null) continue;
      if (!byNamespace.has(r.namespace)) byNamespace.set(r.namespace, []);
      byNamespace.get(r.namespace)!.push(r);
    }
    for (const [ns, list] of byNamespace) {
      if (list.length < 2) continue;
      const names = list.map((r) => r.name);
      for (const r of list) ctx.report(r, MSG.MultipleSidecarsWithoutWorkloadSelectors, [names, ns], '/metadata/name');
    }
  },
};
