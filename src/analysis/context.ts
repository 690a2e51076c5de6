// What every analyzer reads and reports through. All indexes are built once per analysis (or once on first use),
// so that each analyzer is a pass over the objects of the kinds it reads plus index lookups: analysis stays linear
// in the number of objects.
import { MessageType } from './catalogue';
import { GoArg } from './go-format';
import { EXPORT_TO_ALL, EXPORT_TO_LOCAL, ServiceHostMap } from './hosts';
import { WorkloadIndex } from './labels';
import { MeshSettings } from './mesh-config';
import { GROUP, Resource, Workload, workloadsOf } from './resource';
import type { ReadResult } from '../validation/yaml-reader';

/** One message reported by an analyzer, before it is formatted, suppressed and sorted. @internal */
export interface Report {
  readonly type: MessageType;
  readonly args: ReadonlyArray<GoArg>;
  readonly resource: Resource;
  /** JSON pointer inside the object to the field the message is about (for the line number). */
  readonly pointer?: string;
  readonly analyzer: string;
}

/** @internal */
export interface ContextOptions {
  /** The namespace Istio is installed in (istioctl's --istioNamespace). */
  readonly istioNamespace: string;
  readonly mesh: MeshSettings;
  /** The input as the YAML reader produced it, for schema validation (objects in the same order as `resources`). */
  readonly validationInput?: ReadonlyArray<ReadResult>;
}

/** @internal */
export class AnalysisContext {
  public readonly reports: Report[] = [];
  public readonly workloads: WorkloadIndex;
  public readonly istioNamespace: string;
  public readonly mesh: MeshSettings;
  public readonly validationInput: ReadonlyArray<ReadResult>;
  /** The analyzer being run (set by the engine), recorded on each report. */
  public currentAnalyzer = '';
  private readonly byKind = new Map<string, Resource[]>();
  private readonly byName = new Map<string, Resource>();
  private readonly cache = new Map<string, unknown>();

  constructor(public readonly resources: ReadonlyArray<Resource>, options: ContextOptions) {
    this.istioNamespace = options.istioNamespace;
    this.mesh = options.mesh;
    this.validationInput = options.validationInput ?? [];
    for (const r of resources) {
      const key = `${r.group}/${r.kind}`;
      const bucket = this.byKind.get(key);
      if (bucket) bucket.push(r);
      else this.byKind.set(key, [r]);
      const nameKey = `${key}/${r.namespace}/${r.name}`;
      if (!this.byName.has(nameKey)) this.byName.set(nameKey, r);
    }
    this.workloads = new WorkloadIndex(workloadsOf(resources));
  }

  /** The objects of one group and kind, in input order. */
  public ofKind(group: string, kind: string): ReadonlyArray<Resource> {
    return this.byKind.get(`${group}/${kind}`) ?? [];
  }

  /** The object of a group and kind with a namespace ('' for cluster-scoped) and name, if the input has it. */
  public find(group: string, kind: string, namespace: string, name: string): Resource | undefined {
    return this.byName.get(`${group}/${kind}/${namespace}/${name}`);
  }

  /** A value computed once per analysis and shared by the analyzers that need it. */
  public cached<T>(key: string, build: () => T): T {
    if (!this.cache.has(key)) this.cache.set(key, build());
    return this.cache.get(key) as T;
  }

  /** Reports a message on an object; `pointer` locates the field it is about. */
  public report(resource: Resource, type: MessageType, args: ReadonlyArray<GoArg> = [], pointer?: string): void {
    this.reports.push({ type, args, resource, pointer, analyzer: this.currentAnalyzer });
  }

  /** Reports a message on a workload: on the Pod, or on the object whose pod template it is. */
  public reportWorkload(workload: Workload, type: MessageType, args: ReadonlyArray<GoArg> = [], pointer: string = ''): void {
    this.report(workload.resource, type, args, workload.pointer + pointer);
  }

  /**
   * The Services of a namespace whose selector selects a pod with these labels, in input order. Services are
   * indexed by the `key=value` pairs of their selectors, so a lookup costs the number of labels. A Service with an
   * empty selector selects every pod of its namespace (labels.SelectorFromSet of an empty set is Everything), as
   * upstream.
   */
  public servicesSelecting(namespace: string, labels: Readonly<Record<string, string>>): Resource[] {
    const index = this.cached('servicesBySelector', () => {
      const byPair = new Map<string, Resource[]>();
      const empty = new Map<string, Resource[]>();
      const sizes = new Map<Resource, number>();
      for (const svc of this.ofKind(GROUP.CORE, 'Service')) {
        const selector = serviceSelector(svc);
        const keys = Object.keys(selector);
        sizes.set(svc, keys.length);
        if (keys.length === 0) {
          if (!empty.has(svc.namespace)) empty.set(svc.namespace, []);
          empty.get(svc.namespace)!.push(svc);
          continue;
        }
        for (const k of keys) {
          const key = `${svc.namespace}\u0000${k}=${selector[k]}`;
          if (!byPair.has(key)) byPair.set(key, []);
          byPair.get(key)!.push(svc);
        }
      }
      return { byPair, empty, sizes };
    });
    const hits = new Map<Resource, number>();
    for (const [k, v] of Object.entries(labels)) {
      for (const svc of index.byPair.get(`${namespace}\u0000${k}=${v}`) ?? []) hits.set(svc, (hits.get(svc) ?? 0) + 1);
    }
    const matching = [...(index.empty.get(namespace) ?? [])];
    for (const [svc, count] of hits) if (count === index.sizes.get(svc)) matching.push(svc);
    return matching.length > 1 ? matching.sort((a, b) => a.order - b.order) : matching;
  }

  /** The MeshConfig `rootNamespace` (Istio's default: the Istio namespace). */
  public get rootNamespace(): string {
    const root = this.mesh.meshConfig?.rootNamespace;
    return typeof root === 'string' && root !== '' ? root : this.istioNamespace;
  }

  /** Namespace objects of the input, by name. */
  public get namespaces(): ReadonlyMap<string, Resource> {
    return this.cached('namespaces', () => new Map(this.ofKind(GROUP.CORE, 'Namespace').map((r) => [r.name, r])));
  }

  /**
   * util.InitServiceEntryHostMap: every host a ServiceEntry or a Service makes resolvable, by the scope it is
   * visible in.
   */
  public get serviceHosts(): ServiceHostMap {
    return this.cached('serviceHosts', () => {
      const map = new ServiceHostMap();
      for (const r of this.ofKind(GROUP.NETWORKING, 'ServiceEntry')) {
        const exportTo = stringList(r.spec.exportTo);
        const entry = {
          ports: (Array.isArray(r.spec.ports) ? r.spec.ports : []).map((p: any) => ({ number: Number(p?.number), name: String(p?.name ?? ''), protocol: String(p?.protocol ?? '') })),
          workloadSelector: stringRecord(r.spec.workloadSelector?.labels),
          source: { kind: r.kind, namespace: r.namespace, name: r.name },
        };
        let exportsToAll = false;
        for (const h of stringList(r.spec.hosts)) {
          if (exportTo.length === 0 || exportsToAll) {
            map.set(EXPORT_TO_ALL, r.namespace, h, entry);
            continue;
          }
          for (const ns of exportTo) {
            if (ns === EXPORT_TO_ALL) {
              map.set(EXPORT_TO_ALL, r.namespace, h, entry);
              exportsToAll = true;
            } else if (ns === EXPORT_TO_LOCAL) {
              map.set(r.namespace, r.namespace, h, entry);
            } else {
              map.set(ns, r.namespace, h, entry);
            }
            if (exportsToAll) break;
          }
        }
      }
      for (const r of this.ofKind(GROUP.CORE, 'Service')) {
        const entry = {
          ports: (Array.isArray(r.spec.ports) ? r.spec.ports : []).map((p: any) => ({ number: Number(p?.port), name: String(p?.name ?? ''), protocol: String(p?.protocol ?? '') })),
          source: { kind: r.kind, namespace: r.namespace, name: r.name },
        };
        const anno = r.annotations['networking.istio.io/exportTo'] ?? '';
        const scopes = anno === '' ? [EXPORT_TO_ALL] : anno.split(',').map((ns) => (ns === EXPORT_TO_LOCAL ? r.namespace : ns));
        for (const scope of scopes) map.set(scope, r.namespace, r.name, entry);
      }
      return map;
    });
  }
}

/** `spec.selector` of a Service as a string map ({} when absent). @internal */
export function serviceSelector(svc: Resource): Record<string, string> {
  return stringRecord(svc.spec.selector) ?? {};
}

/** A list field as an array ([] when absent or not a list). @internal */
export function list(value: unknown): any[] {
  return Array.isArray(value) ? value : [];
}

/** The strings of a list field (anything else in it is ignored). @internal */
export function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** A string map field as a record, or undefined when absent. @internal */
export function stringRecord(value: unknown): Record<string, string> | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) out[k] = String(v);
  return out;
}
