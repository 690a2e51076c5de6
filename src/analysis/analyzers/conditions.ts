// Mirrors istio/istio pkg/config/analysis/analyzers/conditions/conditions.go (ConditionAnalyzer: IST0171): negative
// status conditions on objects read with their status (e.g. `kubectl get -o yaml` output): waypoint binding of
// Services, ServiceEntries and WorkloadEntries, ztunnel and waypoint acceptance of AuthorizationPolicies, and
// acceptance, programming and references of Gateway API Gateways, HTTPRoutes and GRPCRoutes.
import { Analyzer } from '../analyzer';
import { MSG } from '../catalogue';
import { list } from '../context';
import { GROUP, Resource } from '../resource';

const GATEWAY_CONDITIONS = ['Accepted', 'Programmed', 'ResolvedRefs'];

/** negativeConditionsToReport: the condition types reported when their status is False, per kind. */
const REPORTED: ReadonlyArray<{ group: string; kind: string; types: string[]; conditions: (r: Resource) => any[] }> = [
  { group: GROUP.CORE, kind: 'Service', types: ['istio.io/WaypointBound'], conditions: (r) => list(r.object.status?.conditions) },
  { group: GROUP.NETWORKING, kind: 'ServiceEntry', types: ['istio.io/WaypointBound'], conditions: (r) => list(r.object.status?.conditions) },
  { group: GROUP.NETWORKING, kind: 'WorkloadEntry', types: ['istio.io/WaypointBound'], conditions: (r) => list(r.object.status?.conditions) },
  { group: GROUP.SECURITY, kind: 'AuthorizationPolicy', types: ['ZtunnelAccepted', 'WaypointAccepted'], conditions: (r) => list(r.object.status?.conditions) },
  { group: GROUP.GATEWAY_API, kind: 'Gateway', types: GATEWAY_CONDITIONS, conditions: (r) => list(r.object.status?.conditions) },
  { group: GROUP.GATEWAY_API, kind: 'HTTPRoute', types: GATEWAY_CONDITIONS, conditions: parentConditions },
  { group: GROUP.GATEWAY_API, kind: 'GRPCRoute', types: GATEWAY_CONDITIONS, conditions: parentConditions },
];

/** extractParentConditions: the conditions of every parent of a route. */
function parentConditions(r: Resource): any[] {
  return list(r.object.status?.parents).flatMap((p: any) => list(p?.conditions));
}

const text = (v: unknown) => (typeof v === 'string' ? v : '');

/** conditions.ConditionAnalyzer */
export const conditionAnalyzer: Analyzer = {
  name: 'conditions.ConditionAnalyzer',
  description: 'Checks for negative status conditions on resources',
  upstream: 'pkg/config/analysis/analyzers/conditions/conditions.go',
  analyze(ctx) {
    for (const { group, kind, types, conditions } of REPORTED) {
      for (const r of ctx.ofKind(group, kind)) {
        for (const c of conditions(r)) {
          const args = [text(c?.type), text(c?.reason), text(c?.message)];
          if (types.includes(text(c?.type)) && c?.status === 'False') ctx.report(r, MSG.NegativeConditionStatus, args);
          // A WaypointAccepted condition that is true but PartiallyInvalid is reported too.
          if (kind === 'AuthorizationPolicy' && c?.type === 'WaypointAccepted' && c?.reason === 'PartiallyInvalid') ctx.report(r, MSG.NegativeConditionStatus, args);
        }
      }
    }
  },
};
