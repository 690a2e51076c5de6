/**
 * Reviewed differences between what cdk8s-istio renders and upstream's goldens, after normalising only upstream's
 * placeholders (chart version `1.0.0`, the test images `registry.istio.io/testing/*:latest`, and the istioctl-only
 * `install.operator.istio.io/owning-resource` / `operator.istio.io/component` labels).
 *
 * Every entry needs a reason. The fidelity tests fail on a difference no entry covers and on an entry that no longer
 * covers anything, so this list is always exactly the set of differences.
 */
import { AllowedDifference } from './fidelity';

const MANAGED_BY = 'objects are rendered by cdk8s-istio, not installed by Helm: `app.kubernetes.io/managed-by: Helm` ' +
  'would make Helm and inventory tools treat them as a Helm release they do not own';
const SECCOMP = 'seccompProfile RuntimeDefault added so the pod meets Pod Security "restricted" (upstream renders it ' +
  'only when `seccompProfile` is set); the Istio images run fine under the runtime default profile';
const FAIL = 'failurePolicy rendered explicitly as Fail (upstream: Ignore on a fresh install, which istiod then flips ' +
  'to Fail): the rendered object matches the live one, so GitOps tools see no drift';
const SNAPSHOT_CRDS = 'the golden was rendered from istioctl\'s test chart snapshot; the CRDs come from the live 1.30.3 ' +
  'CRD file';
const ISTIOCTL_VALUES = 'the `values` ConfigMap records the installer\'s inputs for debugging ("modifying these values ' +
  'has no effect"): istioctl records its IstioOperator bookkeeping (defaultRevision, gateway names, pilot.enabled, ' +
  'pilot.cni, ztunnel.resourceName), cdk8s-istio records the values its props set';

/** Objects of every golden. */
export const COMMON_ALLOWLIST: AllowedDifference[] = [
  { object: '*', path: '/metadata/labels/app.kubernetes.io~1managed-by', reason: MANAGED_BY },
  { object: '*', path: '/spec/template/metadata/labels/app.kubernetes.io~1managed-by', reason: MANAGED_BY },
];

/** The istiod objects (both goldens that render istiod). */
export const ISTIOD_ALLOWLIST: AllowedDifference[] = [
  { object: 'Deployment/istio-system/istiod', path: '/spec/template/spec/containers/0/securityContext/seccompProfile', reason: SECCOMP },
  { object: 'ValidatingWebhookConfiguration/-/istio-validator-istio-system', path: '/webhooks/0/failurePolicy', reason: FAIL },
  {
    object: 'ConfigMap/istio-system/istio-sidecar-injector',
    path: '/data/config/templates/agentgateway',
    reason: 'the live 1.30.3 chart file `files/agentgateway.yaml` (pinned, checksum-verified) is newer than the test chart ' +
      'snapshot the golden was rendered from: it adds the CA_ADDRESS env and splits the xds-token / istio-token volumes',
  },
  { object: 'ConfigMap/istio-system/values', path: '/data/original-values', reason: ISTIOCTL_VALUES },
  { object: 'ConfigMap/istio-system/values', path: '/data/merged-values/defaultRevision', reason: ISTIOCTL_VALUES },
  { object: 'ConfigMap/istio-system/values', path: '/data/merged-values/enabled', reason: ISTIOCTL_VALUES },
  { object: 'ConfigMap/istio-system/values', path: '/data/merged-values/gateways/istio-egressgateway', reason: ISTIOCTL_VALUES },
  { object: 'ConfigMap/istio-system/values', path: '/data/merged-values/gateways/istio-ingressgateway', reason: ISTIOCTL_VALUES },
  { object: 'ConfigMap/istio-system/values', path: '/data/merged-values/pilot', reason: ISTIOCTL_VALUES },
  { object: 'ConfigMap/istio-system/values', path: '/data/merged-values/ztunnel', reason: ISTIOCTL_VALUES },
  {
    object: 'ConfigMap/istio-system/values',
    path: '/data/merged-values/base/validationFailurePolicy',
    reason: 'records the explicit validation failurePolicy (the live chart\'s `base.validationFailurePolicy` value)',
  },
  {
    object: 'ConfigMap/istio-system/values',
    path: '/data/merged-values/taint/name',
    reason: 'the live 1.30.3 istio-discovery values add `taint.name` (used only with taint.enabled); the golden\'s ' +
      'test chart snapshot predates it',
  },
];

/** The base and gateway objects of `all_on.golden-show-in-gh-pull-request.yaml`. */
export const ALL_ON_ALLOWLIST: AllowedDifference[] = [
  ...COMMON_ALLOWLIST,
  ...ISTIOD_ALLOWLIST,
  {
    object: 'CustomResourceDefinition/-/trafficextensions.extensions.istio.io',
    path: '',
    reason: `${SNAPSHOT_CRDS}, which has the TrafficExtension CRD (15 CRDs; the snapshot has 14)`,
  },
  {
    object: 'CustomResourceDefinition/-/authorizationpolicies.security.istio.io',
    path: '/spec/versions',
    reason: `${SNAPSHOT_CRDS}, whose AuthorizationPolicy schema has source.trustDomains / notTrustDomains`,
  },
  {
    object: 'CustomResourceDefinition/-/envoyfilters.networking.istio.io',
    path: '/spec/versions',
    reason: `${SNAPSHOT_CRDS}, which fixes the waypoint portNumber CEL rule (\`<= 65535\`; the snapshot has \`<= 6553\`)`,
  },
  { object: 'Deployment/istio-system/istio-ingressgateway', path: '/spec/template/spec/containers/0/securityContext/seccompProfile', reason: SECCOMP },
  { object: 'Deployment/istio-system/istio-egressgateway', path: '/spec/template/spec/containers/0/securityContext/seccompProfile', reason: SECCOMP },
  {
    object: 'Deployment/istio-system/istio-*',
    path: '/spec/template/spec/affinity',
    reason: 'upstream renders `nodeAffinity` with two null members when no node selector is set, which the API server ' +
      'drops; cdk8s-istio renders no affinity (a node selector becomes the same required node affinity upstream renders)',
  },
  {
    object: 'Service/istio-system/istio-*',
    path: '/metadata/annotations',
    reason: 'upstream renders `annotations: null` when there are no service annotations, which the API server drops; ' +
      'cdk8s-istio leaves the field out',
  },
];

/** `pilot_default.golden.yaml`: istiod only, root namespace `istio-control`. */
export const PILOT_DEFAULT_ALLOWLIST: AllowedDifference[] = [...COMMON_ALLOWLIST, ...ISTIOD_ALLOWLIST];

const HELM_RELEASE = 'the helm-template goldens were rendered as Helm release `istiod` / `istio-base`; cdk8s-istio uses ' +
  'istioctl\'s release name `istio` for the `release` and `app.kubernetes.io/instance` labels';

/** The helm-template goldens (`istiod-webhook-*`, `base-webhook-*`, `istiod-traffic-distribution`). */
export function helmTemplateAllowlist(object: string, options: { caBundle?: boolean; failurePolicy?: string } = {}): AllowedDifference[] {
  return [
    ...COMMON_ALLOWLIST.slice(0, 1),
    { object, path: '/metadata/labels/release', reason: HELM_RELEASE },
    { object, path: '/metadata/labels/app.kubernetes.io~1instance', reason: HELM_RELEASE },
    ...(options.caBundle
      ? [{
        object,
        path: '/webhooks/0/clientConfig/caBundle',
        reason: 'a caBundle is never rendered: istiod patches it in at run time, so a rendered bundle would drift or go stale',
      }]
      : []),
    ...(options.failurePolicy ? [{ object, path: '/webhooks/0/failurePolicy', reason: options.failurePolicy }] : []),
  ];
}

/** Reason for `failurePolicy` where the golden omits it (Helm upgrade keeps the live value). */
export const EXPLICIT_FAILURE_POLICY = 'failurePolicy is always rendered explicitly (the golden is a Helm upgrade render, ' +
  'which leaves it out to keep the live value); an explicit value keeps server-side-apply pipelines deterministic';

