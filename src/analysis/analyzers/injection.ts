// Mirrors istio/istio pkg/config/analysis/analyzers/injection: injection.go (Analyzer: IST0102, IST0103, IST0123,
// IST0148), injection-image.go (ImageAnalyzer: IST0158) and image-auto.go (ImageAutoAnalyzer: IST0146, IST0147).
//
// IST0103 (PodMissingProxy) is about running pods: it is reported for Pod objects of the input, as istioctl does,
// but not for pod templates, which the injection webhook has not seen yet.
import { parse } from 'yaml';
import { Analyzer } from '../analyzer';
import { MSG } from '../catalogue';
import { AnalysisContext, list } from '../context';
import { matchesLabelSelector, matchesSet } from '../labels';
import { GROUP, Resource, fullName } from '../resource';
import { ISTIO_PROXY } from './in-mesh';

const INJECTION_LABEL = 'istio-injection';
const REVISION_LABEL = 'istio.io/rev';
const DATAPLANE_MODE = 'istio.io/dataplane-mode';

/** util.GetInjectorConfigMapName */
function injectorConfigMapName(revision: string | undefined): string {
  return revision === undefined || revision === '' || revision === 'default' ? 'istio-sidecar-injector' : `istio-sidecar-injector-${revision}`;
}

/** injection.GetEnableNamespacesByDefaultFromInjectedConfigMap for the injector ConfigMap of a revision. */
function enableNamespacesByDefault(ctx: AnalysisContext, revision: string | undefined): boolean {
  const name = injectorConfigMapName(revision);
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
      const containers = [...list(pod.spec.containers), ...list(pod.spec.initContainers)];
      const proxy = containers.find((c: any) => c?.name === ISTIO_PROXY);
      if (!proxy || typeof proxy.image !== 'string' || proxy.image === '') ctx.report(pod, MSG.PodMissingProxy, [`${pod.namespace}/${pod.name}`]);
    }
  },
};

/** injection.GetIstioProxyImage: `global.proxy.image` of the injector values, with hub and tag unless it is a path. */
function istioProxyImage(cm: Resource): string {
  let values: any;
  try {
    values = JSON.parse(String(cm.object.data?.values ?? ''));
  } catch {
    return '';
  }
  const g = values?.global ?? {};
  const image = String(g.proxy?.image ?? '');
  return image.includes('/') ? image : `${String(g.hub ?? '')}/${image}:${String(g.tag ?? '')}`;
}

/** An object's image type (`image.imageType`), or '' when it sets none. */
function imageType(config: any): string {
  const t = config?.image?.imageType;
  return typeof t === 'string' ? t : '';
}

/**
 * util.EffectiveProxyConfigResolver.ImageType: the image variant of a pod (e.g. `distroless`), from the mesh's
 * defaultConfig, then the ProxyConfig of the root namespace, of the pod's namespace, the ProxyConfigs selecting the
 * pod, and the pod's `proxy.istio.io/config` annotation; `default` means none.
 */
function proxyImageVariant(ctx: AnalysisContext, pod: Resource): string {
  let variant = imageType(ctx.mesh.meshConfig?.defaultConfig);
  const configs = ctx.ofKind(GROUP.NETWORKING, 'ProxyConfig');
  for (const pc of configs) if (pc.namespace === ctx.rootNamespace && imageType(pc.spec) !== '') variant = imageType(pc.spec);
  for (const pc of configs) {
    if (pc.namespace !== ctx.rootNamespace && pc.namespace === pod.namespace && !pc.spec.selector && imageType(pc.spec) !== '') variant = imageType(pc.spec);
  }
  for (const pc of configs) {
    // Upstream matches workload ProxyConfigs whose `namespace/name` starts with the pod's namespace.
    if (pc.namespace === ctx.rootNamespace || !fullName(pc).startsWith(pod.namespace) || !pc.spec.selector) continue;
    if (matchesSet(pc.spec.selector.matchLabels ?? {}, pod.labels) && imageType(pc.spec) !== '') variant = imageType(pc.spec);
  }
  const annotation = pod.annotations['proxy.istio.io/config'];
  if (annotation !== undefined) {
    try {
      const t = imageType(parse(annotation));
      if (t !== '') variant = t;
    } catch {
      // an unreadable annotation sets nothing, as upstream
    }
  }
  return variant === 'default' ? '' : variant;
}

/** injection.ImageAnalyzer */
export const injectionImageAnalyzer: Analyzer = {
  name: 'injection.ImageAnalyzer',
  description: 'Checks the image of auto-injection configured with the running proxies on pods',
  upstream: 'pkg/config/analysis/analyzers/injection/injection-image.go',
  analyze(ctx) {
    const proxyImages = new Map<string, string>();
    for (const cm of ctx.ofKind(GROUP.CORE, 'ConfigMap')) {
      if (cm.name.startsWith('istio-sidecar-injector')) proxyImages.set(cm.name, istioProxyImage(cm));
    }
    if (proxyImages.size === 0) return;
    // The injector ConfigMap of each namespace labelled for injection (istio-injection=enabled or a revision).
    const injectorOf = new Map<string, string>();
    for (const ns of ctx.ofKind(GROUP.CORE, 'Namespace')) {
      if (REVISION_LABEL in ns.labels) injectorOf.set(ns.name, injectorConfigMapName(ns.labels[REVISION_LABEL]));
      else if (ns.labels[INJECTION_LABEL] === 'enabled') injectorOf.set(ns.name, injectorConfigMapName('default'));
    }
    const mismatched = new Map<string, string[]>();
    for (const pod of ctx.ofKind(GROUP.CORE, 'Pod')) {
      const injector = injectorOf.get(pod.namespace);
      if (injector === undefined || (pod.annotations['sidecar.istio.io/proxyImage'] ?? '') !== '') continue;
      const expected = proxyImages.get(injector);
      if (expected === undefined) continue;
      const variant = proxyImageVariant(ctx, pod);
      for (const c of [...list(pod.spec.containers), ...list(pod.spec.initContainers)]) {
        if (c?.name !== ISTIO_PROXY || c.image === expected || c.image === `${expected}-${variant}`) continue;
        if (!mismatched.has(pod.namespace)) mismatched.set(pod.namespace, []);
        mismatched.get(pod.namespace)!.push(pod.name);
      }
    }
    for (const [ns, pods] of mismatched) ctx.report(ctx.namespaces.get(ns)!, MSG.PodsIstioProxyImageMismatchInNamespace, [pods.sort()]);
  },
};

/** True when a pod spec has the `istio-proxy` container with `image: auto`, which only injection replaces. */
function hasAutoImage(spec: any): boolean {
  return (Array.isArray(spec?.containers) ? spec.containers : []).some((c: any) => c?.name === ISTIO_PROXY && c?.image === 'auto');
}

/** injection.ImageAutoAnalyzer */
export const imageAutoAnalyzer: Analyzer = {
  name: 'injection.ImageAutoAnalyzer',
  description: 'Makes sure that Pods and Deployments with `image: auto` are going to be injected',
  upstream: 'pkg/config/analysis/analyzers/injection/image-auto.go',
  analyze(ctx) {
    const webhooks: any[] = [];
    for (const config of ctx.ofKind(GROUP.ADMISSION, 'MutatingWebhookConfiguration')) {
      for (const wh of Array.isArray(config.object.webhooks) ? config.object.webhooks : []) {
        if (typeof wh?.name === 'string' && wh.name.endsWith('istio.io')) webhooks.push(wh);
      }
    }
    // A Pod with `image: auto` was created without being injected: it cannot run.
    for (const pod of ctx.ofKind(GROUP.CORE, 'Pod')) {
      if (hasAutoImage(pod.spec)) ctx.report(pod, MSG.ImageAutoWithoutInjectionError, ['Pod', pod.name]);
    }
    for (const d of ctx.ofKind(GROUP.APPS, 'Deployment')) {
      const template = d.spec.template ?? {};
      if (!hasAutoImage(template.spec)) continue;
      const nsLabels = ctx.namespaces.get(d.namespace)?.labels ?? {};
      const podLabels = template.metadata?.labels ?? {};
      // A missing selector matches everything (the webhook API's default).
      const matched = webhooks.some((w) => matchesLabelSelector(w.namespaceSelector, nsLabels) && matchesLabelSelector(w.objectSelector, podLabels));
      if (!matched) ctx.report(d, MSG.ImageAutoWithoutInjectionWarning, ['Deployment', d.name]);
    }
  },
};
