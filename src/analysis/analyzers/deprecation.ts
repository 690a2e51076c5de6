// Mirrors istio/istio pkg/config/analysis/analyzers/deprecation/deprecation.go (IST0002).
import { Analyzer } from '../analyzer';
import { MSG } from '../catalogue';
import { GROUP } from '../resource';

/** Istio CRDs removed from the chart (deprecatedCRDs). */
const REMOVED_CRDS: ReadonlyArray<{ group: string; kind: string }> = [
  { group: 'rbac.istio.io', kind: 'ClusterRbacConfig' },
  { group: 'rbac.istio.io', kind: 'RbacConfig' },
  { group: 'rbac.istio.io', kind: 'ServiceRole' },
  { group: 'rbac.istio.io', kind: 'ServiceRoleBinding' },
];

/** deprecation.DeprecationAnalyzer */
export const deprecationAnalyzer: Analyzer = {
  name: 'deprecation.DeprecationAnalyzer',
  description: 'Checks for deprecated Istio types and fields',
  upstream: 'pkg/config/analysis/analyzers/deprecation/deprecation.go',
  analyze(ctx) {
    for (const r of ctx.ofKind(GROUP.NETWORKING, 'VirtualService')) {
      (Array.isArray(r.spec.http) ? r.spec.http : []).forEach((route: any) => {
        const percent = route?.fault?.delay?.percent;
        if (typeof percent === 'number' && percent > 0) {
          ctx.report(r, MSG.Deprecated, ['HTTPRoute.fault.delay.percent is deprecated; use HTTPRoute.fault.delay.percentage']);
        }
      });
    }
    for (const r of ctx.ofKind(GROUP.NETWORKING, 'Sidecar')) {
      if (r.spec.outboundTrafficPolicy?.egressProxy !== undefined && r.spec.outboundTrafficPolicy?.egressProxy !== null) {
        ctx.report(r, MSG.Deprecated, ['OutboundTrafficPolicy.EgressProxy ignored']);
      }
    }
    for (const r of ctx.ofKind(GROUP.APIEXTENSIONS, 'CustomResourceDefinition')) {
      const removed = REMOVED_CRDS.find((c) => c.group === r.spec.group && c.kind === r.spec.names?.kind);
      if (removed) ctx.report(r, MSG.Deprecated, [`Custom resource type ${removed.group} ${removed.kind} is removed`]);
    }
  },
};
