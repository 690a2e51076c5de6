// Mirrors istio/istio pkg/config/analysis/analyzers/injection/injection.go (IST0102, IST0103, IST0123, IST0148).
//
// IST0103 (PodMissingProxy) is about running pods: it is reported for Pod objects of the input, as istioctl does,
// but not for pod templates, which the injection webhook has not seen yet.
import { Analyzer } from '../analyzer';
import { MSG } from '../catalogue';
import { AnalysisContext } from '../context';
import { GROUP } from '../resource';
import { ISTIO_PROXY } from './in-mesh';

const INJECTION_LABEL = 'istio-injection';
const REVISION_LABEL = 'istio.io/rev';
const DATAPLANE_MODE = 'istio.io/dataplane-mode';

/** injection.GetEnableNamespacesByDefaultFromInjectedConfigMap for the injector ConfigMap of a revision. */
function enableNamespacesByDefault(ctx: AnalysisContext, revision: string | undefined): boolean {
  const name = revision === undefined || revision === '' || revision === 'default' ? 'istio-sidecar-injector' : `istio-sidecar-injector-${revision}`;
  const cm = ctx.ofKind(GROUP.CORE, 'ConfigMap').find((c) => c.name === name);
  if (!cm) return false;
  try {
    const values = JSON.parse(String(cm.object.data?.values ?? ''));
    return values?.sidecarInjectorWebhook?.enableNamespacesByDefault === true;
  } catch {
    return false;
  }
}

/** injection.Analyzer */
export const injectionAnalyzer: Analyzer = {
  name: 'injection.Analyzer',
  description: 'Checks conditions related to Istio sidecar injection',
  upstream: 'pkg/config/analysis/analyzers/injection/injection.go',
  analyze(ctx) {
    const injected = new Set<string>();
    for (const ns of ctx.ofKind(GROUP.CORE, 'Namespace')) {
      if (ns.name === 'istio-system') continue;
      const hasInjection = INJECTION_LABEL in ns.labels;
      const injection = ns.labels[INJECTION_LABEL] ?? '';
      const hasRevision = REVISION_LABEL in ns.labels;
      const labels: string[] = hasInjection ? [`${INJECTION_LABEL}=${injection}`] : [];
      for (const l of [REVISION_LABEL, DATAPLANE_MODE]) {
        if (l in ns.labels && (!hasInjection || injection === 'enabled')) labels.push(`${l}=${ns.labels[l]}`);
      }
      if (labels.length > 1) ctx.report(ns, MSG.NamespaceMultipleInjectionLabels, [labels], '/metadata/labels');
      if (ns.labels[DATAPLANE_MODE] === 'ambient') continue;
      if (injection === '' && !hasRevision) {
        if (enableNamespacesByDefault(ctx, ns.labels[REVISION_LABEL])) ctx.report(ns, MSG.NamespaceInjectionEnabledByDefault);
        else ctx.report(ns, MSG.NamespaceNotInjected, [ns.name, ns.name], '/metadata/name');
        continue;
      }
      if (injection !== 'enabled') continue;
      injected.add(ns.name);
    }
    for (const pod of ctx.ofKind(GROUP.CORE, 'Pod')) {
      if (!injected.has(pod.namespace)) continue;
      const inject = pod.labels['sidecar.istio.io/inject'] ?? pod.annotations['sidecar.istio.io/inject'] ?? '';
      if (inject.toLowerCase() === 'false' || pod.spec.hostNetwork === true) continue;
      const list = (v: unknown): any[] => (Array.isArray(v) ? v : []);
      const containers = [...list(pod.spec.containers), ...list(pod.spec.initContainers)];
      const proxy = containers.find((c: any) => c?.name === ISTIO_PROXY);
      if (!proxy || typeof proxy.image !== 'string' || proxy.image === '') ctx.report(pod, MSG.PodMissingProxy, [`${pod.namespace}/${pod.name}`]);
    }
  },
};
