import * as kplus from 'cdk8s-plus-28';
import { Construct, IConstruct } from 'constructs';
import type { Istiod } from './istiod';
import { ValidationError } from '../core/errors';
import { isDns1123Label } from '../core/names';
import { checkDnsLabel, show } from './private/checks';
import type { RevisionTag } from './revision-tag';

/** The legacy namespace label (`enabled` / `disabled`); it wins over `istio.io/rev`. */
const LEGACY_NS_LABEL = 'istio-injection';
/** The revision label, on namespaces and pods. */
const REV_LABEL = 'istio.io/rev';
/** The per-pod opt-in / opt-out label. */
const INJECT_LABEL = 'sidecar.istio.io/inject';

/** Which control plane injects the sidecars: a revision, a revision tag, or the legacy (default-revision) labels. */
export class InjectionTarget {
  /**
   * The default revision through the legacy labels: `istio-injection=enabled` on namespaces,
   * `sidecar.istio.io/inject=true` on pods.
   */
  public static legacy(): InjectionTarget {
    return new InjectionTarget(undefined);
  }

  /**
   * A revision or revision tag by name (`istio.io/rev=<name>`).
   * @param name revision or tag name, e.g. `1-30-3`, `prod-stable` or `default`
   */
  public static revision(name: string): InjectionTarget {
    return new InjectionTarget(name);
  }

  /**
   * The revision of an `Istiod` (`istio.io/rev=<revision>`, or `default` for the default revision).
   * @param istiod the control plane
   */
  public static istiod(istiod: Istiod): InjectionTarget {
    return new InjectionTarget(istiod.revisionLabel);
  }

  /**
   * A revision tag (`istio.io/rev=<tag>`): moving the tag moves the workloads at their next restart.
   * @param tag the revision tag
   */
  public static tag(tag: RevisionTag): InjectionTarget {
    return new InjectionTarget(tag.tag);
  }

  /** The `istio.io/rev` value, or undefined for the legacy labels. */
  public readonly revisionName?: string;

  private constructor(revisionName: string | undefined) {
    this.revisionName = revisionName;
  }
}

/**
 * Helpers that label namespaces and workloads for sidecar injection the way istiod's webhooks select them. Every
 * namespace or workload they touch is checked at synth time for conflicting injection labels (for example both
 * `istio-injection` and `istio.io/rev` on a namespace, where the legacy label silently wins).
 */
export class SidecarInjection {
  /**
   * The labels that enable injection on a namespace.
   * @param target control plane to inject with (default: `InjectionTarget.legacy()`)
   */
  public static namespaceLabels(target: InjectionTarget = InjectionTarget.legacy()): { [key: string]: string } {
    return target.revisionName === undefined ? { [LEGACY_NS_LABEL]: 'enabled' } : { [REV_LABEL]: target.revisionName };
  }

  /**
   * Enables injection for every pod of a namespace (pods can still opt out with `sidecar.istio.io/inject=false`).
   * @param namespace the namespace
   * @param target control plane to inject with (default: `InjectionTarget.legacy()`)
   */
  public static enableNamespace(namespace: kplus.Namespace, target: InjectionTarget = InjectionTarget.legacy()): void {
    SidecarInjection.checkTarget(namespace, target);
    for (const [k, v] of Object.entries(SidecarInjection.namespaceLabels(target))) namespace.metadata.addLabel(k, v);
    SidecarInjection.watchNamespace(namespace);
  }

  /**
   * Renders a Namespace with the injection label, for a namespace given by name.
   * @param scope construct scope
   * @param id construct id
   * @param name namespace name
   * @param target control plane to inject with (default: `InjectionTarget.legacy()`)
   */
  public static namespace(scope: Construct, id: string, name: string, target: InjectionTarget = InjectionTarget.legacy()): kplus.Namespace {
    const ns = new kplus.Namespace(scope, id, { metadata: { name } });
    checkDnsLabel(ns, 'name', name, 'use a DNS-1123 label such as shop');
    SidecarInjection.enableNamespace(ns, target);
    return ns;
  }

  /**
   * Disables injection for a namespace (`istio-injection=disabled`).
   * @param namespace the namespace
   */
  public static disableNamespace(namespace: kplus.Namespace): void {
    namespace.metadata.addLabel(LEGACY_NS_LABEL, 'disabled');
    SidecarInjection.watchNamespace(namespace);
  }

  /**
   * Opts a workload in: `istio.io/rev=<revision>` on its pods for a revision or tag, `sidecar.istio.io/inject=true`
   * for the legacy target (injects even when the namespace is not labelled).
   * @param workload a Deployment, StatefulSet, Job, Pod, ...
   * @param target control plane to inject with (default: `InjectionTarget.legacy()`)
   */
  public static enableWorkload(workload: kplus.AbstractPod, target: InjectionTarget = InjectionTarget.legacy()): void {
    SidecarInjection.checkTarget(workload, target);
    if (target.revisionName === undefined) workload.podMetadata.addLabel(INJECT_LABEL, 'true');
    else workload.podMetadata.addLabel(REV_LABEL, target.revisionName);
    SidecarInjection.watchWorkload(workload);
  }

  /**
   * Opts a workload out (`sidecar.istio.io/inject=false` on its pods), whatever its namespace selects.
   * @param workload a Deployment, StatefulSet, Job, Pod, ...
   */
  public static disableWorkload(workload: kplus.AbstractPod): void {
    workload.podMetadata.addLabel(INJECT_LABEL, 'false');
    SidecarInjection.watchWorkload(workload);
  }

  private static readonly watched = new WeakSet<IConstruct>();

  private static checkTarget(scope: IConstruct, target: InjectionTarget): void {
    if (target.revisionName !== undefined && !isDns1123Label(target.revisionName)) {
      throw new ValidationError(scope, 'target', `revision must be a DNS-1123 label, got ${show(target.revisionName)}; ` +
        "use the revision or tag name, e.g. '1-30-3' or 'prod-stable'");
    }
  }

  private static watchNamespace(namespace: kplus.Namespace): void {
    if (SidecarInjection.watched.has(namespace)) return;
    SidecarInjection.watched.add(namespace);
    namespace.node.addValidation({
      validate: () => {
        const legacy = namespace.metadata.getLabel(LEGACY_NS_LABEL);
        const rev = namespace.metadata.getLabel(REV_LABEL);
        const path = namespace.node.path;
        const errors: string[] = [];
        if (legacy !== undefined && legacy !== 'enabled' && legacy !== 'disabled') {
          errors.push(`${path}: metadata.labels.${LEGACY_NS_LABEL}: must be enabled or disabled, got ${show(legacy)}; ` +
            'use SidecarInjection.enableNamespace() or disableNamespace()');
        }
        if (legacy !== undefined && rev !== undefined) {
          errors.push(`${path}: metadata.labels: ${LEGACY_NS_LABEL} and ${REV_LABEL} are both set, got ` +
            `${LEGACY_NS_LABEL}=${legacy} and ${REV_LABEL}=${rev}; the legacy label wins and the revision is ignored, ` +
            'keep only one of them');
        }
        return errors;
      },
    });
  }

  private static watchWorkload(workload: kplus.AbstractPod): void {
    if (SidecarInjection.watched.has(workload)) return;
    SidecarInjection.watched.add(workload);
    workload.node.addValidation({
      validate: () => {
        const inject = workload.podMetadata.getLabel(INJECT_LABEL);
        const rev = workload.podMetadata.getLabel(REV_LABEL);
        const path = workload.node.path;
        const errors: string[] = [];
        if (inject !== undefined && inject !== 'true' && inject !== 'false') {
          errors.push(`${path}: podMetadata.labels.${INJECT_LABEL}: must be "true" or "false", got ${show(inject)}; ` +
            'use SidecarInjection.enableWorkload() or disableWorkload()');
        }
        if (inject === 'false' && rev !== undefined) {
          errors.push(`${path}: podMetadata.labels: ${INJECT_LABEL}=false and ${REV_LABEL}=${rev} are both set, got a ` +
            'workload that opts out and selects a revision; the opt-out wins, keep only one of them');
        }
        return errors;
      },
    });
  }

  /** Static helpers only. */
  private constructor() {}
}
