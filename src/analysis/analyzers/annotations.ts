// Mirrors istio/istio pkg/config/analysis/analyzers/annotations/annotations.go (K8sAnalyzer: IST0107, IST0108,
// IST0125, IST0135) and pkg/config/analysis/analyzers/maturity/maturity.go (AlphaAnalyzer: IST0136), with the
// annotation table of istio/api annotation/annotations.gen.go and the value checks of
// pkg/kube/inject/validate.go (inject.AnnotationValidation).
//
// Like istioctl, Namespaces, Services, Pods and Deployments are checked; in addition the pod templates of workloads
// are checked as the Pods they become (the message is reported on the workload, at the template's annotation).
import { parseDocument } from 'yaml';
import { pointerJoin } from '../../validation/object-issue';
import { Analyzer } from '../analyzer';
import { MSG } from '../catalogue';
import { AnalysisContext } from '../context';
import { GROUP } from '../resource';

type Status = 'Alpha' | 'Beta' | 'Stable';

interface AnnotationDef {
  readonly status: Status;
  readonly deprecated: boolean;
  /** Resource types it applies to; `Any` means every kind. */
  readonly resources: ReadonlyArray<string>;
}

function def(status: Status, deprecated: boolean, ...resources: string[]): AnnotationDef {
  return { status, deprecated, resources };
}

/** annotation.AllResourceAnnotations(). */
const ANNOTATIONS: Readonly<Record<string, AnnotationDef>> = {
  'alpha.istio.io/canonical-serviceaccounts': def('Alpha', true, 'Service'),
  'alpha.istio.io/kubernetes-serviceaccounts': def('Alpha', true, 'Service'),
  'ambient.istio.io/bypass-inbound-capture': def('Alpha', false, 'Pod'),
  'ambient.istio.io/redirection': def('Beta', false, 'Pod'),
  'ambient.istio.io/waypoint-inbound-binding': def('Alpha', false, 'GatewayClass', 'Gateway'),
  'galley.istio.io/analyze-suppress': def('Alpha', false, 'Any'),
  'gateway.istio.io/controller-version': def('Alpha', false, 'Any'),
  'gateway.istio.io/name-override': def('Alpha', false, 'Gateway'),
  'gateway.istio.io/service-account': def('Alpha', false, 'Gateway'),
  'inject.istio.io/templates': def('Alpha', false, 'Pod'),
  'istio.io/autoRegistrationGroup': def('Alpha', false, 'WorkloadEntry'),
  'istio.io/connectedAt': def('Alpha', false, 'WorkloadEntry'),
  'istio.io/disconnectedAt': def('Alpha', false, 'WorkloadEntry'),
  'istio.io/dry-run': def('Alpha', false, 'AuthorizationPolicy'),
  'istio.io/rev': def('Alpha', false, 'Pod'),
  'istio.io/workloadController': def('Alpha', false, 'WorkloadEntry'),
  'kubernetes.io/ingress.class': def('Stable', false, 'Ingress'),
  'networking.istio.io/exportTo': def('Alpha', false, 'Service'),
  'networking.istio.io/service-type': def('Alpha', false, 'Gateway'),
  'networking.istio.io/traffic-distribution': def('Alpha', false, 'Service', 'ServiceEntry'),
  'prometheus.istio.io/merge-metrics': def('Alpha', false, 'Pod'),
  'proxy.istio.io/config': def('Beta', false, 'Pod'),
  'proxy.istio.io/overrides': def('Alpha', false, 'Pod'),
  'readiness.status.sidecar.istio.io/applicationPorts': def('Alpha', false, 'Pod'),
  'readiness.status.sidecar.istio.io/failureThreshold': def('Alpha', false, 'Pod'),
  'readiness.status.sidecar.istio.io/initialDelaySeconds': def('Alpha', false, 'Pod'),
  'readiness.status.sidecar.istio.io/periodSeconds': def('Alpha', false, 'Pod'),
  'sidecar.istio.io/agentLogLevel': def('Alpha', false, 'Pod'),
  'sidecar.istio.io/bootstrapOverride': def('Alpha', false, 'Pod'),
  'sidecar.istio.io/componentLogLevel': def('Alpha', false, 'Pod'),
  'sidecar.istio.io/discoveryAddress': def('Alpha', true, 'Pod'),
  'sidecar.istio.io/enableCoreDump': def('Alpha', false, 'Pod'),
  'sidecar.istio.io/extraStatTags': def('Alpha', true, 'Pod'),
  'sidecar.istio.io/inject': def('Beta', true, 'Pod'),
  'sidecar.istio.io/interceptionMode': def('Alpha', false, 'Pod'),
  'sidecar.istio.io/logLevel': def('Alpha', false, 'Pod'),
  'sidecar.istio.io/nativeSidecar': def('Alpha', false, 'Pod'),
  'sidecar.istio.io/proxyCPU': def('Alpha', false, 'Pod'),
  'sidecar.istio.io/proxyCPULimit': def('Alpha', false, 'Pod'),
  'sidecar.istio.io/proxyImage': def('Alpha', false, 'Pod'),
  'sidecar.istio.io/proxyImageType': def('Alpha', false, 'Pod'),
  'sidecar.istio.io/proxyMemory': def('Alpha', false, 'Pod'),
  'sidecar.istio.io/proxyMemoryLimit': def('Alpha', false, 'Pod'),
  'sidecar.istio.io/rewriteAppHTTPProbers': def('Alpha', false, 'Pod'),
  'sidecar.istio.io/statsHistogramBuckets': def('Alpha', false, 'Pod'),
  'sidecar.istio.io/statsInclusionPrefixes': def('Alpha', true, 'Pod'),
  'sidecar.istio.io/statsInclusionRegexps': def('Alpha', true, 'Pod'),
  'sidecar.istio.io/statsInclusionSuffixes': def('Alpha', true, 'Pod'),
  'sidecar.istio.io/status': def('Alpha', false, 'Pod'),
  'sidecar.istio.io/userVolume': def('Alpha', false, 'Pod'),
  'sidecar.istio.io/userVolumeMount': def('Alpha', false, 'Pod'),
  'status.sidecar.istio.io/port': def('Alpha', false, 'Pod'),
  'topology.istio.io/controlPlaneClusters': def('Alpha', false, 'Namespace'),
  'traffic.istio.io/nodeSelector': def('Stable', false, 'Service'),
  'traffic.sidecar.istio.io/excludeInboundPorts': def('Alpha', false, 'Pod'),
  'traffic.sidecar.istio.io/excludeInterfaces': def('Alpha', false, 'Pod'),
  'traffic.sidecar.istio.io/excludeOutboundIPRanges': def('Alpha', false, 'Pod'),
  'traffic.sidecar.istio.io/excludeOutboundPorts': def('Alpha', false, 'Pod'),
  'traffic.sidecar.istio.io/includeInboundPorts': def('Alpha', false, 'Pod'),
  'traffic.sidecar.istio.io/includeOutboundIPRanges': def('Alpha', false, 'Pod'),
  'traffic.sidecar.istio.io/includeOutboundPorts': def('Alpha', false, 'Pod'),
  'traffic.sidecar.istio.io/kubevirtInterfaces': def('Alpha', false, 'Pod'),
};

const DEPRECATION_EXTRA: Readonly<Record<string, string>> = {
  'sidecar.istio.io/inject': ' in favor of the "sidecar.istio.io/inject" label',
};

// ---- value checks: pkg/kube/inject/validate.go, with Go's error texts ----

function parseUint(value: string, bits: number): string | undefined {
  if (!/^[0-9]+$/.test(value)) return `strconv.ParseUint: parsing ${JSON.stringify(value)}: invalid syntax`;
  if (BigInt(value) >= 2n ** BigInt(bits)) return `strconv.ParseUint: parsing ${JSON.stringify(value)}: value out of range`;
  return undefined;
}

function parsePort(port: string): string | undefined {
  const err = parseUint(port.trim(), 16);
  return err ? `failed parsing port '${port}': ${err}` : undefined;
}

function portList(parameter: string, ports: string): string | undefined {
  const trimmed = ports.trim();
  if (trimmed === '') return undefined;
  for (const p of trimmed.split(',')) {
    const err = parsePort(p);
    if (err) return `${parameter} invalid: failed parsing port '${p}': ${err}`;
  }
  return undefined;
}

function parsePrefix(cidr: string): string | undefined {
  const where = `netip.ParsePrefix(${JSON.stringify(cidr)})`;
  const slash = cidr.lastIndexOf('/');
  if (slash < 0) return `${where}: no '/'`;
  const addr = cidr.slice(0, slash);
  const bits = cidr.slice(slash + 1);
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(addr);
  const isV4 = v4 !== null && v4.slice(1).every((o) => Number(o) <= 255 && !(o.length > 1 && o.startsWith('0')));
  const isV6 = !isV4 && addr.includes(':') && /^[0-9a-fA-F:.]+$/.test(addr) && (addr.match(/::/g) ?? []).length <= 1;
  if (!isV4 && !isV6) return `${where}: ParseAddr(${JSON.stringify(addr)}): unable to parse IP`;
  if (!/^[0-9]+$/.test(bits) || (bits.length > 1 && bits.startsWith('0'))) return `${where}: bad bits after slash: ${JSON.stringify(bits)}`;
  if (Number(bits) > (isV4 ? 32 : 128)) return `${where}: prefix length out of range`;
  return undefined;
}

function cidrList(parameter: string, cidrs: string): string | undefined {
  if (cidrs === '') return undefined;
  for (const cidr of cidrs.split(',')) {
    const err = parsePrefix(cidr);
    if (err) return `${parameter} invalid: failed parsing cidr '${cidr}': ${err}`;
  }
  return undefined;
}

const BOOLS = new Set(['1', 't', 'T', 'TRUE', 'true', 'True', '0', 'f', 'F', 'FALSE', 'false', 'False']);

const VALIDATION: Readonly<Record<string, (value: string) => string | undefined>> = {
  'sidecar.istio.io/interceptionMode': (v) => (['REDIRECT', 'TPROXY', 'NONE'].includes(v) ? undefined : `interceptionMode invalid, use REDIRECT,TPROXY,NONE: ${v}`),
  'status.sidecar.istio.io/port': (v) => {
    const err = parsePort(v);
    return err ? `excludeInboundPorts invalid: ${err}` : undefined;
  },
  'readiness.status.sidecar.istio.io/initialDelaySeconds': (v) => parseUint(v, 32),
  'readiness.status.sidecar.istio.io/periodSeconds': (v) => parseUint(v, 32),
  'readiness.status.sidecar.istio.io/failureThreshold': (v) => parseUint(v, 32),
  'traffic.sidecar.istio.io/includeOutboundIPRanges': (v) => (v === '*' ? undefined : cidrList('includeIPRanges', v)),
  'traffic.sidecar.istio.io/excludeOutboundIPRanges': (v) => cidrList('excludeIPRanges', v),
  'traffic.sidecar.istio.io/includeInboundPorts': (v) => (v === '*' ? undefined : portList('includeInboundPorts', v)),
  'traffic.sidecar.istio.io/excludeInboundPorts': (v) => portList('excludeInboundPorts', v),
  'traffic.sidecar.istio.io/excludeOutboundPorts': (v) => portList('excludeOutboundPorts', v),
  'prometheus.istio.io/merge-metrics': (v) => (BOOLS.has(v) ? undefined : `strconv.ParseBool: parsing ${JSON.stringify(v)}: invalid syntax`),
  'proxy.istio.io/config': (v) => {
    const doc = parseDocument(v, { prettyErrors: false });
    const err = doc.errors[0]?.message.split('\n')[0];
    const value = err ? undefined : doc.toJS();
    if (err || (value !== null && value !== undefined && (typeof value !== 'object' || Array.isArray(value)))) {
      return `failed to convert to apply proxy config: ${err ?? 'expected a ProxyConfig mapping'}`;
    }
    return undefined;
  },
};

/** util.istioAnnotation: annotations in Istio's namespace, plus the documented kubernetes.io/ingress.class. */
function isIstioAnnotation(ann: string): boolean {
  if (ann === 'kubernetes.io/ingress.class') return true;
  return ann.split('/')[0].endsWith('istio.io');
}

/** An object whose annotations are checked: its kind as istioctl sees it, and where the annotations are. */
interface Annotated {
  readonly kind: 'Namespace' | 'Service' | 'Pod' | 'Deployment';
  readonly annotations: Readonly<Record<string, string>>;
  readonly labels: Readonly<Record<string, string>>;
  readonly initContainers: ReadonlyArray<any>;
  report(ctx: AnalysisContext, type: (typeof MSG)[keyof typeof MSG], args: Array<string>, annotation: string): void;
}

function hasAny(annotations: Readonly<Record<string, string>>): boolean {
  for (const _ in annotations) return true;
  return false;
}

/** The objects with annotations to check (computed once, shared by the two analyzers). */
function annotated(ctx: AnalysisContext): Annotated[] {
  return ctx.cached('annotations.annotated', () => collectAnnotated(ctx));
}

function collectAnnotated(ctx: AnalysisContext): Annotated[] {
  const out: Annotated[] = [];
  const pointer = (ann: string) => pointerJoin('/metadata/annotations', ann);
  for (const [kind, group] of [['Namespace', GROUP.CORE], ['Service', GROUP.CORE], ['Deployment', GROUP.APPS]] as const) {
    for (const r of ctx.ofKind(group, kind)) {
      if (!hasAny(r.annotations)) continue;
      out.push({ kind, annotations: r.annotations, labels: r.labels, initContainers: [], report: (c, t, a, ann) => c.report(r, t, a, pointer(ann)) });
    }
  }
  for (const w of ctx.workloads.all) {
    if (w.resource.kind === 'Gateway' || !hasAny(w.annotations)) continue; // pods Istio deploys for a Gateway API Gateway: no annotations of the input
    out.push({
      kind: 'Pod',
      annotations: w.annotations,
      labels: w.labels,
      initContainers: Array.isArray(w.spec.initContainers) ? w.spec.initContainers : [],
      report: (c, t, a, ann) => c.reportWorkload(w, t, a, pointer(ann)),
    });
  }
  return out;
}

/** annotations.K8sAnalyzer */
export const annotationsAnalyzer: Analyzer = {
  name: 'annotations.K8sAnalyzer',
  description: 'Checks for misplaced and invalid Istio annotations in Kubernetes resources',
  upstream: 'pkg/config/analysis/analyzers/annotations/annotations.go',
  analyze(ctx) {
    for (const item of annotated(ctx)) {
      for (const [ann, value] of Object.entries(item.annotations)) {
        if (!isIstioAnnotation(ann)) continue;
        const d = ANNOTATIONS[ann];
        if (!d) {
          item.report(ctx, MSG.UnknownAnnotation, [ann], ann);
          continue;
        }
        if (d.deprecated && !(ann === 'sidecar.istio.io/inject' && 'sidecar.istio.io/inject' in item.labels)) {
          item.report(ctx, MSG.DeprecatedAnnotation, [ann, DEPRECATION_EXTRA[ann] ?? ''], ann);
        }
        if (d.resources.includes('Any')) continue;
        if (!d.resources.includes(item.kind)) {
          item.report(ctx, MSG.MisplacedAnnotation, [ann, d.resources.join(', ')], ann);
          continue;
        }
        const problem = VALIDATION[ann]?.(value);
        if (problem !== undefined) item.report(ctx, MSG.InvalidAnnotation, [ann, problem], ann);
      }
    }
  },
};

const ALWAYS_IGNORED = new Set(['sidecar.istio.io/status', 'gateway.istio.io/controller-version', 'istio.io/rev']);
const IGNORED_WITH_CNI = new Set([
  'sidecar.istio.io/interceptionMode', 'traffic.sidecar.istio.io/includeInboundPorts',
  'traffic.sidecar.istio.io/excludeInboundPorts', 'traffic.sidecar.istio.io/includeOutboundIPRanges',
]);

/**
 * annotations.AlphaAnalyzer. Like istioctl, it is left out of the default set ("it results in too much noise for
 * users, with annotations that are set by default"): it runs when named in the `analyzers` option.
 */
export const alphaAnnotationsAnalyzer: Analyzer = {
  name: 'annotations.AlphaAnalyzer',
  description: 'Checks for alpha Istio annotations in Kubernetes resources',
  upstream: 'pkg/config/analysis/analyzers/maturity/maturity.go',
  enabledByDefault: false,
  analyze(ctx) {
    for (const item of annotated(ctx)) {
      // A pod without the istio-init container is (or, for a template, will be) set up by the CNI plugin, which
      // sets some of these annotations itself.
      const cni = item.kind === 'Pod' && !item.initContainers.some((c) => c?.name === 'istio-init');
      for (const ann of Object.keys(item.annotations)) {
        if (!isIstioAnnotation(ann)) continue;
        const d = ANNOTATIONS[ann];
        if (!d || d.status !== 'Alpha' || ALWAYS_IGNORED.has(ann)) continue;
        if (cni && IGNORED_WITH_CNI.has(ann)) continue;
        item.report(ctx, MSG.AlphaAnnotation, [ann], ann);
      }
    }
  },
};
