// Mirrors istio/istio pkg/config/analysis/analyzers/k8sgateway/workloadselector.go (SelectorAnalyzer: IST0166)
// and the Gateway API CRD version checks: istioctl precheck's served-version check (IST0156 for Gateway,
// GatewayClass, HTTPRoute and ReferenceGrant CRDs that do not serve v1) and k8sgateway/crdversion.go's minimum
// bundle versions (gatewayapi.MinimumCRDVersions: IST0176).
import { Analyzer } from '../analyzer';
import { MSG } from '../catalogue';
import { stringRecord } from '../context';
import { GROUP, Workload } from '../resource';

const GATEWAY_NAME_LABEL = 'gateway.networking.k8s.io/gateway-name';

const POLICY_KINDS: ReadonlyArray<[string, string]> = [
  [GROUP.SECURITY, 'AuthorizationPolicy'],
  [GROUP.SECURITY, 'RequestAuthentication'],
  [GROUP.TELEMETRY, 'Telemetry'],
  [GROUP.EXTENSIONS, 'WasmPlugin'],
];

/** k8sgateway.SelectorAnalyzer */
export const k8sGatewaySelectorAnalyzer: Analyzer = {
  name: 'k8sgateway.SelectorAnalyzer',
  description: 'Check that selectors are effective for Kubernetes gateway',
  upstream: 'pkg/config/analysis/analyzers/k8sgateway/workloadselector.go',
  analyze(ctx) {
    // gatewayPodsLabelMap: the pods of Kubernetes Gateways, by namespace.
    const gatewayPods = new Map<string, Workload[]>();
    for (const w of ctx.workloads.all) {
      if (!(GATEWAY_NAME_LABEL in w.labels)) continue;
      if (!gatewayPods.has(w.namespace)) gatewayPods.set(w.namespace, []);
      gatewayPods.get(w.namespace)!.push(w);
    }
    if (gatewayPods.size === 0) return;
    for (const [group, kind] of POLICY_KINDS) {
      for (const r of ctx.ofKind(group, kind)) {
        if (r.spec.targetRef !== undefined && r.spec.targetRef !== null) continue;
        if (r.spec.selector === undefined || r.spec.selector === null) continue;
        const matchLabels = stringRecord(r.spec.selector.matchLabels) ?? {};
        for (const pod of gatewayPods.get(r.namespace) ?? []) {
          if (Object.keys(matchLabels).every((k) => k in pod.labels && pod.labels[k] === matchLabels[k])) {
            ctx.report(r, MSG.IneffectiveSelector, [pod.labels[GATEWAY_NAME_LABEL]], '/spec/selector');
          }
        }
      }
    }
  },
};

/** The Gateway API version the Istio release watches (gvk.KubernetesGateway.Version). */
const REQUIRED_VERSION = 'v1';
const V1_KINDS = new Set(['Gateway', 'GatewayClass', 'HTTPRoute', 'ReferenceGrant']);
/** gatewayapi.MinimumCRDVersions */
const MINIMUM_BUNDLE_VERSIONS: Readonly<Record<string, [number, number, number]>> = {
  'grpcroutes.gateway.networking.k8s.io': [1, 1, 0],
  'backendtlspolicies.gateway.networking.k8s.io': [1, 4, 0],
  'tlsroutes.gateway.networking.k8s.io': [1, 5, 0],
};
const BUNDLE_VERSION_ANNOTATION = 'gateway.networking.k8s.io/bundle-version';

function parseSemver(v: string): [number, number, number] | undefined {
  const m = /^v?(\d+)\.(\d+)\.(\d+)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/.exec(v.trim());
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

function lessThan(a: [number, number, number], b: [number, number, number]): boolean {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] < b[i];
  return false;
}

/** k8sgateway.CRDVersionAnalyzer */
export const k8sGatewayCrdVersionAnalyzer: Analyzer = {
  name: 'k8sgateway.CRDVersionAnalyzer',
  description: 'Checks Gateway API CRDs are at the minimum version required by this Istio version',
  upstream: 'pkg/config/analysis/analyzers/k8sgateway/crdversion.go',
  analyze(ctx) {
    for (const crd of ctx.ofKind(GROUP.APIEXTENSIONS, 'CustomResourceDefinition')) {
      if (crd.spec.group !== GROUP.GATEWAY_API) continue;
      const versions: any[] = Array.isArray(crd.spec.versions) ? crd.spec.versions : [];
      const served = versions.filter((v) => v?.served === true).map((v) => String(v.name)).sort();
      if (V1_KINDS.has(crd.spec.names?.kind) && !served.includes(REQUIRED_VERSION)) {
        ctx.report(crd, MSG.UnsupportedGatewayAPIVersion, [served.length > 0 ? served.join(',') : 'none', REQUIRED_VERSION], '/spec/versions');
      }
      const minimum = MINIMUM_BUNDLE_VERSIONS[crd.name];
      const bundle = crd.annotations[BUNDLE_VERSION_ANNOTATION];
      const installed = bundle !== undefined ? parseSemver(bundle) : undefined;
      if (minimum && installed && lessThan(installed, minimum)) {
        ctx.report(crd, MSG.GatewayAPICRDVersionBelowMinimum, [crd.name, bundle!.trim().replace(/^v/, ''), minimum.join('.')]);
      }
    }
  },
};
