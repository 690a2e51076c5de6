import * as kplus from 'cdk8s-plus-28';

/**
 * Where the Istio images come from. The defaults are the real 1.30.3 release images, `docker.io/istio/pilot:1.30.3`
 * and `docker.io/istio/proxyv2:1.30.3`.
 */
export interface IstioImages {
  /**
   * Registry and repository prefix of the Istio images (`<hub>/pilot`, `<hub>/proxyv2`).
   * @default 'docker.io/istio'
   */
  readonly hub?: string;
  /**
   * Image tag.
   * @default '1.30.3'
   */
  readonly tag?: string;
  /**
   * Pin the istiod image by digest (`sha256:<64 hex digits>`); it is rendered as `<hub>/pilot:<tag>@<digest>`.
   * @default - the image is referenced by tag only
   */
  readonly pilotDigest?: string;
  /**
   * Pin the proxy image (gateways and injected sidecars) by digest (`sha256:<64 hex digits>`); it is rendered as
   * `<hub>/proxyv2:<tag>@<digest>` in the gateways and in the injector's `global.proxy.image`.
   * @default - the image is referenced by tag only
   */
  readonly proxyDigest?: string;
  /**
   * Image pull policy of istiod, the gateways and injected proxies.
   * @default - not rendered (Kubernetes decides from the tag)
   */
  readonly pullPolicy?: kplus.ImagePullPolicy;
}

/**
 * Horizontal pod autoscaling of a control-plane or gateway Deployment (an `autoscaling/v2` HorizontalPodAutoscaler
 * on CPU utilization, as upstream renders it).
 */
export interface IstioAutoscaling {
  /**
   * Minimum number of replicas. A PodDisruptionBudget (`minAvailable: 1`) is rendered when this is above 1.
   * @default 1
   */
  readonly minReplicas?: number;
  /**
   * Maximum number of replicas.
   * @default 5
   */
  readonly maxReplicas?: number;
  /**
   * Target average CPU utilization, in percent of the CPU request.
   * @default 80
   */
  readonly targetCpuUtilization?: number;
}

/** What the API server does when an Istio admission webhook cannot be reached. */
export enum FailurePolicy {
  /**
   * Reject the request. Recommended for GitOps / server-side-apply pipelines: istiod never rewrites it, so the
   * rendered object does not drift.
   */
  FAIL = 'Fail',
  /**
   * Admit the request unchecked. istiod switches the validating webhook to `Fail` once it is ready, so a GitOps tool
   * sees drift on `failurePolicy` (listed by `ignoreDifferences()`).
   */
  IGNORE = 'Ignore',
}

/**
 * A field that a controller in the cluster (istiod, the API server) rewrites at run time, in the shape Argo CD's
 * `spec.ignoreDifferences` uses.
 */
export interface IgnoreDifference {
  /** API group of the object (`admissionregistration.k8s.io`; empty for the core group). */
  readonly group: string;
  /** Kind of the object. */
  readonly kind: string;
  /** Name of the object. */
  readonly name: string;
  /**
   * Namespace of the object.
   * @default - cluster-scoped
   */
  readonly namespace?: string;
  /** RFC 6901 JSON pointers of the fields (one per webhook for list items). */
  readonly jsonPointers: string[];
  /** The same fields as Argo CD `jqPathExpressions` (cover every list item). */
  readonly jqPathExpressions: string[];
  /** Who rewrites the fields and why. */
  readonly reason: string;
}
