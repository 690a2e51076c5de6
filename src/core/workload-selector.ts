import * as kplus from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import { ValidationError } from './errors';
import { isLabelValue, isQualifiedName } from './names';

/**
 * The pods (or VMs) an Istio resource applies to, by label (`workloadSelector`, `selector`). Built from a
 * cdk8s-plus workload (its pod selector labels) or from explicit labels; checked when a construct uses it.
 *
 * @example
 * WorkloadSelector.fromWorkload(reviewsV1)             // the Deployment's own pod selector
 * WorkloadSelector.fromLabels({ app: 'reviews' })
 */
export class WorkloadSelector {
  /**
   * Selects the pods of a cdk8s-plus workload (Deployment, StatefulSet, DaemonSet, Job) by the labels of its pod
   * selector (`matchLabels`), read when the selector is used.
   * @param workload the workload
   */
  public static fromWorkload(workload: kplus.Workload): WorkloadSelector {
    return new WorkloadSelector(() => workload.matchLabels, `workload ${workload.node.path}`);
  }

  /**
   * Selects pods by labels (all must match).
   * @param labels label keys and values; no wildcards
   */
  public static fromLabels(labels: { [key: string]: string }): WorkloadSelector {
    const copy = { ...labels };
    return new WorkloadSelector(() => copy, 'labels');
  }

  private constructor(private readonly produce: () => Record<string, string>, private readonly origin: string) {}

  /** The selector labels. */
  public get labels(): { [key: string]: string } {
    return { ...this.produce() };
  }

  /**
   * Checks the labels (non-empty, valid keys and values, no wildcard) and returns them.
   * @internal
   */
  public _resolve(scope: IConstruct, field: string): Record<string, string> {
    return checkSelectorLabels(scope, field, this.produce(), this.origin);
  }
}

/**
 * Throws unless `labels` is a non-empty map of valid label keys and values without wildcards.
 * @internal
 * @jsii ignore
 */
export function checkSelectorLabels(scope: IConstruct, field: string, labels: Record<string, string>, origin = 'labels'): Record<string, string> {
  const entries = Object.entries(labels);
  if (entries.length === 0) {
    throw new ValidationError(scope, field, `must select workloads by at least one label, got empty ${origin}; ` +
      'an empty selector would apply to every workload — give the labels of the pods it is meant for');
  }
  for (const [key, value] of entries) {
    if (!isQualifiedName(key) || key.includes('*')) {
      throw new ValidationError(scope, `${field}.${key}`, `must be a label key ([prefix/]name, at most 63 characters in the name), got '${key}'; use the pods' label key`);
    }
    if (typeof value !== 'string' || !isLabelValue(value) || value.includes('*')) {
      throw new ValidationError(scope, `${field}.${key}`, `must be a label value (at most 63 alphanumerics, '-', '_' or '.', no wildcard), got '${value}'; use the pods' label value`);
    }
  }
  return { ...labels };
}
