import { IConstruct } from 'constructs';
import { ValidationError } from '../../core/errors';
import { WorkloadSelector } from '../../core/workload-selector';
import { PolicyTargetRef } from '../policy-target';

/** Where a security policy applies: workload labels or gateway/service targets, in the CRD's shape. */
export interface PolicyAttachment {
  readonly selector?: { matchLabels: Record<string, string> };
  readonly targetRefs?: { group: string; kind: string; name: string }[];
}

/**
 * Checks and renders the `selector` / `targetRefs` pair that AuthorizationPolicy and RequestAuthentication share
 * (the CRDs allow one or the other, and at most 16 targets).
 */
export function resolveAttachment(
  scope: IConstruct, namespace: string | undefined, selector: WorkloadSelector | undefined, targetRefs: PolicyTargetRef[] | undefined,
): PolicyAttachment {
  if (selector !== undefined && targetRefs !== undefined) {
    throw new ValidationError(scope, 'targetRefs', 'cannot be combined with selector, got both; select workloads or target gateways/services, not both');
  }
  if (targetRefs !== undefined && (targetRefs.length === 0 || targetRefs.length > 16)) {
    throw new ValidationError(scope, 'targetRefs', `must list 1 to 16 targets, got ${targetRefs.length}; leave targetRefs out to use the selector`);
  }
  return {
    selector: selector === undefined ? undefined : { matchLabels: selector._resolve(scope, 'selector') },
    targetRefs: targetRefs?.map((t, i) => t._resolve(scope, `targetRefs[${i}]`, namespace)),
  };
}
