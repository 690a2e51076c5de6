import { ApiObjectMetadata } from 'cdk8s';
import { Construct } from 'constructs';
import { ValidationError } from '../../core/errors';
import { Host } from '../../core/host';
import { DestinationRule } from '../destination-rule';
import { HttpRouteDestination } from '../http-route';
import { TrafficPolicy } from '../traffic-policy';
import { TrafficTarget, TrafficTargetType } from '../traffic-target';
import { childMetadata, intentName } from './intent';

/** The destinations and DestinationRules for a set of traffic targets of one routed host. */
export interface Backends {
  /** One destination per target (without weight). */
  readonly destinations: HttpRouteDestination[];
  /** The DestinationRule defining the subsets of the routed host, when any target is a subset. */
  readonly subsetRule?: DestinationRule;
  /** Every DestinationRule emitted. */
  readonly rules: DestinationRule[];
}

export interface TargetSpec {
  readonly target: TrafficTarget;
  readonly field: string;
}

/**
 * Resolves targets into destinations; emits the DestinationRule with the subsets (always, when there is a subset)
 * and, for Service targets, one DestinationRule per Service when a traffic policy is given.
 */
export function buildBackends(scope: Construct, name: string, metadata: ApiObjectMetadata | undefined, host: Host,
  port: number | undefined, targets: TargetSpec[], trafficPolicy: TrafficPolicy | undefined): Backends {
  const resolved = targets.map((t) => ({ ...t, r: t.target._resolve(scope, t.field) }));
  const subsets = new Map<string, { labels: Record<string, string>; field: string }>();
  for (const t of resolved) {
    if (t.target.type !== TrafficTargetType.SUBSET) continue;
    const existing = subsets.get(t.r.subsetName!);
    if (existing && JSON.stringify(existing.labels) !== JSON.stringify(t.r.subsetLabels)) {
      throw new ValidationError(scope, t.field, `uses subset name '${t.r.subsetName}' with labels ${JSON.stringify(t.r.subsetLabels)}, got ` +
        `${JSON.stringify(existing.labels)} for the same name in ${existing.field}; give different versions different subset names`);
    }
    subsets.set(t.r.subsetName!, { labels: t.r.subsetLabels!, field: t.field });
  }
  const rules: DestinationRule[] = [];
  let subsetRule: DestinationRule | undefined;
  if (subsets.size > 0) {
    subsetRule = new DestinationRule(scope, 'DestinationRule', {
      metadata: childMetadata(metadata, name),
      host,
      trafficPolicy,
      subsets: [...subsets.entries()].map(([subsetName, s]) => ({ name: subsetName, labels: s.labels })),
    });
    rules.push(subsetRule);
  }
  if (trafficPolicy !== undefined) {
    const seen = new Set<string>();
    for (const t of resolved) {
      if (t.target.type !== TrafficTargetType.SERVICE || seen.has(t.r.host!.value)) continue;
      seen.add(t.r.host!.value);
      const serviceName = intentName(scope, undefined, t.r.host!, `${t.field}.host`);
      rules.push(new DestinationRule(scope, `DestinationRule-${serviceName}`, {
        metadata: childMetadata(metadata, serviceName === name ? `${name}-service` : serviceName),
        host: t.r.host!,
        trafficPolicy,
      }));
    }
  }
  const destinations = resolved.map((t): HttpRouteDestination => t.target.type === TrafficTargetType.SUBSET
    ? { host, subset: t.r.subsetName, port }
    : { host: t.r.host!, port });
  return { destinations, subsetRule, rules };
}
