// Mirrors istio/istio pkg/config/analysis/analyzers/sidecar/selector.go (SelectorAnalyzer: IST0101, IST0110,
// IST0111, IST0167). Workload selectors are matched against pods and the pod templates of workloads of the Sidecar's
// namespace.
import { Analyzer } from '../analyzer';
import { MSG } from '../catalogue';
import { AnalysisContext, stringRecord } from '../context';
import { selectorLabelPointer, selectorString } from '../labels';
import { GROUP, Resource, Workload } from '../resource';
import { inAmbientMode, namespaceInAmbientMode } from './in-mesh';

/** Names of the resources, sorted (upstream's getNames). */
function sortedNames(list: ReadonlyArray<Resource>): string[] {
  return list.map((r) => r.name).sort();
}

/**
 * Shared by the Sidecar and Telemetry selector analyzers: each resource with a non-empty selector must select a
 * workload of its namespace, and no workload may be selected by two of them. For Sidecars (`ambient` given), a
 * workload in ambient mode makes each Sidecar selecting it ineffective instead (IST0167).
 * Returns the resources reported as ineffective.
 * @internal
 */
export function analyzeSelectors(
  ctx: AnalysisContext, resources: ReadonlyArray<Resource>, selectorOf: (r: Resource) => Record<string, string> | undefined,
  selectorBase: string, conflict: (typeof MSG)['ConflictingSidecarWorkloadSelectors'] | (typeof MSG)['ConflictingTelemetryWorkloadSelectors'],
  ambient?: (w: Workload) => boolean,
): Set<Resource> {
  const byWorkload = new Map<Workload, Resource[]>();
  for (const r of resources) {
    const selector = selectorOf(r);
    if (!selector || Object.keys(selector).length === 0) continue;
    const selected = ctx.workloads.select(selector, r.namespace);
    if (selected.length === 0) {
      // util.WorkloadSelector / util.TelemetrySelector: at the first label of the selector.
      ctx.report(r, MSG.ReferencedResourceNotFound, ['selector', selectorString(selector)], selectorLabelPointer(selectorBase, selector));
      continue;
    }
    for (const w of selected) {
      if (!byWorkload.has(w)) byWorkload.set(w, []);
      byWorkload.get(w)!.push(r);
    }
  }
  const ineffective = new Set<Resource>();
  for (const [w, list] of byWorkload) {
    const inAmbient = ambient?.(w) ?? false;
    if (list.length < 2 && !inAmbient) continue;
    const names = sortedNames(list);
    for (const r of list) {
      if (inAmbient) {
        if (!ineffective.has(r)) ctx.report(r, MSG.IneffectivePolicy, ['selected workload is in ambient mode, the policy has no impact']);
        ineffective.add(r);
        continue;
      }
      ctx.report(r, conflict, [names, w.namespace, w.name], '/metadata/name');
    }
  }
  return ineffective;
}

/**
 * sidecar.SelectorAnalyzer: Sidecars with a workload selector must select a workload of their namespace, and no
 * workload may be selected by two; a namespace may have one Sidecar without a selector; Sidecars for workloads or
 * namespaces in ambient mode have no effect.
 */
export const sidecarSelectorAnalyzer: Analyzer = {
  name: 'sidecar.SelectorAnalyzer',
  description: "Validates that sidecars that define a workload selector match at least one pod, and that there aren't multiple sidecar resources that select overlapping pods",
  upstream: 'pkg/config/analysis/analyzers/sidecar/selector.go',
  analyze(ctx) {
    const sidecars = ctx.ofKind(GROUP.NETWORKING, 'Sidecar');
    const selectorOf = (r: Resource) => stringRecord(r.spec.workloadSelector?.labels);
    const reported = analyzeSelectors(ctx, sidecars, selectorOf, '/spec/workloadSelector/labels', MSG.ConflictingSidecarWorkloadSelectors, inAmbientMode);
    const byNamespace = new Map<string, Resource[]>();
    for (const r of sidecars) {
      if (Object.keys(selectorOf(r) ?? {}).length > 0) continue;
      if (!byNamespace.has(r.namespace)) byNamespace.set(r.namespace, []);
      byNamespace.get(r.namespace)!.push(r);
    }
    for (const [ns, list] of byNamespace) {
      if (namespaceInAmbientMode(ctx.namespaces.get(ns))) {
        for (const r of list) {
          if (!reported.has(r)) ctx.report(r, MSG.IneffectivePolicy, ['namespace is in ambient mode, the policy has no impact']);
          reported.add(r);
        }
        continue;
      }
      if (list.length < 2) continue;
      const names = sortedNames(list);
      for (const r of list) ctx.report(r, MSG.MultipleSidecarsWithoutWorkloadSelectors, [names, ns], '/metadata/name');
    }
  },
};
