import { ISTIO_VERSION } from '../../upstream/upstream-data';

/** The Helm release name istioctl uses, and therefore the `release` / `app.kubernetes.io/instance` label value. */
export const RELEASE = 'istio';

/** `app.kubernetes.io/managed-by`: the objects are rendered by this library, not installed by Helm. */
export const MANAGED_BY = 'cdk8s-istio';

/** The upstream charts whose labels the constructs reproduce. */
export enum ChartName {
  BASE = 'base',
  ISTIOD = 'istiod',
  INGRESS = 'istio-ingress',
  EGRESS = 'istio-egress',
}

/**
 * The chart's `istio.labels` helper: the app.kubernetes.io labels plus `helm.sh/chart`, with the pinned Istio
 * version where upstream's release tooling writes it.
 */
export function chartLabels(chart: ChartName): Record<string, string> {
  return {
    'app.kubernetes.io/instance': RELEASE,
    'app.kubernetes.io/managed-by': MANAGED_BY,
    'app.kubernetes.io/part-of': 'istio',
    'app.kubernetes.io/version': ISTIO_VERSION,
    'helm.sh/chart': `${chart}-${ISTIO_VERSION}`,
  };
}

/** `istio.labels` plus `app.kubernetes.io/name` and any extra labels. */
export function labels(chart: ChartName, name: string | undefined, extra: Record<string, string> = {}): Record<string, string> {
  return {
    ...(name ? { 'app.kubernetes.io/name': name } : {}),
    ...chartLabels(chart),
    ...extra,
  };
}

/** `<base>` for the default revision, `<base>-<revision>` otherwise (upstream's revisioned naming). */
export function revisioned(base: string, revision: string): string {
  return revision ? `${base}-${revision}` : base;
}

/** The `istio.io/rev` label value: the revision, or `default`. */
export function revLabel(revision: string): string {
  return revision || 'default';
}

/** Default registry of the Istio release images. */
export const DEFAULT_ISTIO_HUB = 'docker.io/istio';

/** What a gateway takes from the control plane it belongs to. */
export interface ControlPlaneSettings {
  readonly namespace: string;
  readonly revision: string;
  readonly trustDomain: string;
  readonly meshId?: string;
  readonly clusterName: string;
  readonly network?: string;
  readonly hub: string;
  readonly tag: string;
  readonly proxyImage: string;
  readonly pullPolicy?: string;
  readonly clusterDomain: string;
  readonly logLevel: string;
  readonly componentLogLevel: string;
  readonly loggingLevel: string;
  readonly enablePrometheusMerge: boolean;
  readonly proxyMetadata: Record<string, string>;
}
