// Mirrors istio/istio pkg/config/analysis/analyzers/util/in_mesh.go: whether a workload has (or will get) a sidecar.
import { AnalysisContext, list } from '../context';
import { Resource, Workload } from '../resource';

/** util.IstioProxyName */
export const ISTIO_PROXY = 'istio-proxy';

/** util.hasIstioProxy: the first container named istio-proxy has an image. */
function hasIstioProxy(containers: ReadonlyArray<any>): boolean {
  const proxy = containers.find((c) => c?.name === ISTIO_PROXY);
  return typeof proxy?.image === 'string' && proxy.image !== '';
}


function injectionStatus(values: Readonly<Record<string, string>>): boolean | undefined {
  return 'sidecar.istio.io/inject' in values ? values['sidecar.istio.io/inject'] === 'true' : undefined;
}

/**
 * util.PodInMesh / util.DeploymentInMesh: an istio-proxy container, else the `sidecar.istio.io/inject` label, else
 * the annotation, else the namespace's `istio-injection=enabled` label (a namespace the input does not define
 * counts as not injected).
 */
export function inMesh(ctx: AnalysisContext, w: Workload): boolean {
  // Init containers count as upstream's PodInMesh counts them: a native sidecar is an init container.
  if (hasIstioProxy([...list(w.spec.containers), ...list(w.spec.initContainers)])) return true;
  const byLabel = injectionStatus(w.labels);
  if (byLabel !== undefined) return byLabel;
  const byAnnotation = injectionStatus(w.annotations);
  if (byAnnotation !== undefined) return byAnnotation;
  const ns = ctx.namespaces.get(w.namespace);
  return ns !== undefined && ns.labels['istio-injection'] === 'enabled';
}

/** util.IsIstioControlPlane: objects labelled `istio` or `release=istio`. */
export function isIstioControlPlane(labels: Readonly<Record<string, string>>): boolean {
  return 'istio' in labels || labels.release === 'istio';
}

/** util.PodInAmbientMode: the CNI has redirected the pod's traffic to ztunnel. */
export function inAmbientMode(w: Workload): boolean {
  return w.annotations['ambient.istio.io/redirection'] === 'enabled';
}

/** util.NamespaceInAmbientMode: labelled for ambient and not for sidecar injection. */
export function namespaceInAmbientMode(ns: Resource | undefined): boolean {
  if (!ns) return false;
  if (ns.labels['istio-injection'] === 'enabled') return false;
  if ((ns.labels['istio.io/rev'] ?? '') !== '') return false;
  return ns.labels['istio.io/dataplane-mode'] === 'ambient';
}
