// The analysis model: plain Kubernetes objects with their identity resolved once (group, kind, defaulted
// namespace, labels, annotations) and the workloads that selectors match.

/** API groups the analyzers look at. @internal */
export const GROUP = {
  CORE: '',
  APPS: 'apps',
  BATCH: 'batch',
  NETWORKING: 'networking.istio.io',
  SECURITY: 'security.istio.io',
  TELEMETRY: 'telemetry.istio.io',
  EXTENSIONS: 'extensions.istio.io',
  GATEWAY_API: 'gateway.networking.k8s.io',
  ADMISSION: 'admissionregistration.k8s.io',
  APIEXTENSIONS: 'apiextensions.k8s.io',
} as const;

/** Kinds that have no namespace (everything else is defaulted to the default namespace). @internal */
export const CLUSTER_SCOPED_KINDS: ReadonlySet<string> = new Set([
  'Namespace', 'Node', 'PersistentVolume', 'CustomResourceDefinition', 'MutatingWebhookConfiguration',
  'ValidatingWebhookConfiguration', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding', 'ClusterRole',
  'ClusterRoleBinding', 'StorageClass', 'PriorityClass', 'IngressClass', 'GatewayClass', 'RuntimeClass', 'CSIDriver',
  'CSINode', 'APIService', 'CertificateSigningRequest', 'VolumeAttachment', 'ComponentStatus', 'ServiceNetwork',
]);

/**
 * Namespaces whose objects istioctl leaves out of the analysis (inject.IgnoredNamespaces, applied by the analyzer's
 * file source): Kubernetes' own and Kind's local storage. A Namespace object with one of these names is left out too.
 * @internal
 */
export const IGNORED_NAMESPACES: ReadonlySet<string> = new Set(['kube-system', 'kube-public', 'kube-node-lease', 'local-path-storage']);

/** True when istioctl leaves the object out of the analysis (see IGNORED_NAMESPACES). @internal */
export function inIgnoredNamespace(r: { kind: string; group: string; name: string; namespace: string }): boolean {
  return IGNORED_NAMESPACES.has(r.kind === 'Namespace' && r.group === '' ? r.name : r.namespace);
}

/** Where an object was read from. @internal */
export interface ResourceSource {
  readonly file?: string;
  readonly documentIndex?: number;
  readonly locate?: (pointer: string) => { line: number; column: number } | undefined;
}

/** One input object. @internal */
export interface Resource {
  /** The object as read (never mutated). */
  readonly object: any;
  readonly apiVersion: string;
  readonly group: string;
  readonly kind: string;
  /** `metadata.name`, '' when missing. */
  readonly name: string;
  /** The namespace after defaulting; '' for cluster-scoped kinds. */
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  /** `spec`, or {} when missing or not a mapping. */
  readonly spec: any;
  readonly source: ResourceSource;
  /** Position in the input, for stable ordering. */
  readonly order: number;
}

/**
 * A pod, or the pod template of a workload (Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController,
 * Job, CronJob), or the pods Istio deploys for an Istio-class Gateway API Gateway: the units workload selectors and
 * Service selectors match. Manifests rarely contain pods; their templates stand in for them, so that a selector
 * that matches a Deployment's template counts as matching a workload.
 * @internal
 */
export interface Workload {
  /** The pod's name; for a template, the workload's name. */
  readonly name: string;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  /** The PodSpec ({} when missing). */
  readonly spec: any;
  /** The object messages about this workload are reported on: the Pod itself, or the owning workload. */
  readonly resource: Resource;
  /** JSON pointer of the pod (template) inside `resource.object`: '' for a Pod. */
  readonly pointer: string;
  /** True when this is a pod template or a pod Istio would deploy, not a Pod object of the input. */
  readonly fromTemplate: boolean;
}

/** One object to analyze, as read from YAML or taken from a chart. @internal */
export interface InputObject {
  readonly object: any;
  readonly file?: string;
  readonly documentIndex?: number;
  readonly locate?: (pointer: string) => { line: number; column: number } | undefined;
}

/** The labels or annotations of objects that have none (shared: resources are never mutated). */
const NONE: Readonly<Record<string, string>> = Object.freeze({});

function stringMap(value: unknown): Readonly<Record<string, string>> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return NONE;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) {
    if (v === null || v === undefined) continue;
    out[k] = typeof v === 'string' ? v : String(v);
  }
  return out;
}

function isMapping(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Resolves identities once: group from apiVersion, namespace defaulting as istioctl does (a namespaced object
 * without a namespace is in `defaultNamespace`), labels and annotations as string maps.
 * Objects without a string apiVersion and kind are skipped (the YAML reader reports them).
 * @internal
 */
export function toResources(inputs: ReadonlyArray<InputObject>, defaultNamespace: string): Resource[] {
  const out: Resource[] = [];
  inputs.forEach((input) => {
    const obj = input.object;
    if (!isMapping(obj) || typeof obj.apiVersion !== 'string' || typeof obj.kind !== 'string') return;
    const slash = obj.apiVersion.indexOf('/');
    const group = slash < 0 ? '' : obj.apiVersion.slice(0, slash);
    const metadata = isMapping(obj.metadata) ? obj.metadata : {};
    const clusterScoped = CLUSTER_SCOPED_KINDS.has(obj.kind);
    const ns = typeof metadata.namespace === 'string' && metadata.namespace !== '' ? metadata.namespace : defaultNamespace;
    out.push({
      object: obj,
      apiVersion: obj.apiVersion,
      group,
      kind: obj.kind,
      name: typeof metadata.name === 'string' ? metadata.name : '',
      namespace: clusterScoped ? '' : ns,
      labels: stringMap(metadata.labels),
      annotations: stringMap(metadata.annotations),
      spec: isMapping(obj.spec) ? obj.spec : {},
      source: { file: input.file, documentIndex: input.documentIndex, locate: input.locate },
      order: out.length,
    });
  });
  return out;
}

const TEMPLATE_KINDS: Record<string, { group: string; pointer: string }> = {
  Deployment: { group: GROUP.APPS, pointer: '/spec/template' },
  StatefulSet: { group: GROUP.APPS, pointer: '/spec/template' },
  DaemonSet: { group: GROUP.APPS, pointer: '/spec/template' },
  ReplicaSet: { group: GROUP.APPS, pointer: '/spec/template' },
  ReplicationController: { group: GROUP.CORE, pointer: '/spec/template' },
  Job: { group: GROUP.BATCH, pointer: '/spec/template' },
  CronJob: { group: GROUP.BATCH, pointer: '/spec/jobTemplate/spec/template' },
};

function at(obj: any, pointer: string): any {
  let cur = obj;
  for (const token of pointer.split('/').slice(1)) {
    if (!isMapping(cur)) return undefined;
    cur = cur[token];
  }
  return cur;
}

/**
 * The workloads of the input: Pods, pod templates and the pods of Istio-class Gateway API Gateways.
 * @internal
 */
export function workloadsOf(resources: ReadonlyArray<Resource>): Workload[] {
  const out: Workload[] = [];
  for (const r of resources) {
    if (r.kind === 'Pod' && r.group === GROUP.CORE) {
      out.push({ name: r.name, namespace: r.namespace, labels: r.labels, annotations: r.annotations, spec: r.spec, resource: r, pointer: '', fromTemplate: false });
      continue;
    }
    const template = TEMPLATE_KINDS[r.kind];
    if (template && template.group === r.group) {
      const tpl = at(r.object, template.pointer);
      if (!isMapping(tpl)) continue;
      const meta = isMapping(tpl.metadata) ? tpl.metadata : {};
      out.push({
        name: r.name,
        namespace: r.namespace,
        labels: stringMap(meta.labels),
        annotations: stringMap(meta.annotations),
        spec: isMapping(tpl.spec) ? tpl.spec : {},
        resource: r,
        pointer: template.pointer,
        fromTemplate: true,
      });
      continue;
    }
    // Istio deploys (and labels) the pods of a Gateway API Gateway whose class is one of its own.
    if (r.kind === 'Gateway' && r.group === GROUP.GATEWAY_API && typeof r.spec.gatewayClassName === 'string' && r.spec.gatewayClassName.startsWith('istio')) {
      out.push({
        name: `${r.name}-${r.spec.gatewayClassName}`,
        namespace: r.namespace,
        labels: { 'gateway.networking.k8s.io/gateway-name': r.name, 'gateway.istio.io/managed': 'istio.io-gateway-controller' },
        annotations: {},
        spec: {},
        resource: r,
        pointer: '',
        fromTemplate: true,
      });
    }
  }
  return out;
}

/**
 * The `kind name.namespace` form istioctl uses to name a resource in messages and `--suppress` (Origin.FriendlyName).
 * @internal
 */
export function friendlyName(kind: string, name: string, namespace: string): string {
  return namespace ? `${kind} ${name}.${namespace}` : `${kind} ${name}`;
}

/** `namespace/name` (or `name` when cluster-scoped), Go's resource.FullName.String(). @internal */
export function fullName(r: { name: string; namespace: string }): string {
  return r.namespace ? `${r.namespace}/${r.name}` : r.name;
}
