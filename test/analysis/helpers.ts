// Builders for the plain Kubernetes objects the analysis tests feed in, and a runner that analyzes them as one
// YAML stream (so line numbers and files are exercised too).
import { stringify } from 'yaml';
import { AnalysisMessage, MeshAnalyzer, MeshAnalyzerOptions } from '../../src/analysis';

export type Obj = Record<string, any>;

export function obj(apiVersion: string, kind: string, name: string, namespace: string | undefined, body: Obj = {}, metadata: Obj = {}): Obj {
  return { apiVersion, kind, metadata: { name, ...(namespace !== undefined ? { namespace } : {}), ...metadata }, ...body };
}

export const istio = {
  vs: (name: string, ns: string | undefined, spec: Obj, metadata: Obj = {}) => obj('networking.istio.io/v1', 'VirtualService', name, ns, { spec }, metadata),
  dr: (name: string, ns: string | undefined, spec: Obj, metadata: Obj = {}) => obj('networking.istio.io/v1', 'DestinationRule', name, ns, { spec }, metadata),
  gw: (name: string, ns: string | undefined, spec: Obj, metadata: Obj = {}) => obj('networking.istio.io/v1', 'Gateway', name, ns, { spec }, metadata),
  se: (name: string, ns: string | undefined, spec: Obj, metadata: Obj = {}) => obj('networking.istio.io/v1', 'ServiceEntry', name, ns, { spec }, metadata),
  sidecar: (name: string, ns: string | undefined, spec: Obj) => obj('networking.istio.io/v1', 'Sidecar', name, ns, { spec }),
  envoyFilter: (name: string, ns: string | undefined, spec: Obj) => obj('networking.istio.io/v1alpha3', 'EnvoyFilter', name, ns, { spec }),
  ap: (name: string, ns: string | undefined, spec: Obj) => obj('security.istio.io/v1', 'AuthorizationPolicy', name, ns, { spec }),
  ra: (name: string, ns: string | undefined, spec: Obj) => obj('security.istio.io/v1', 'RequestAuthentication', name, ns, { spec }),
  pa: (name: string, ns: string | undefined, spec: Obj) => obj('security.istio.io/v1', 'PeerAuthentication', name, ns, { spec }),
  telemetry: (name: string, ns: string | undefined, spec: Obj) => obj('telemetry.istio.io/v1', 'Telemetry', name, ns, { spec }),
};

export const k8s = {
  namespace: (name: string, labels: Record<string, string> = {}, annotations?: Record<string, string>) =>
    obj('v1', 'Namespace', name, undefined, {}, { labels, ...(annotations ? { annotations } : {}) }),
  service: (name: string, ns: string | undefined, selector: Record<string, string>, ports: Obj[], extra: Obj = {}, metadata: Obj = {}) =>
    obj('v1', 'Service', name, ns, { spec: { selector, ports, ...extra } }, metadata),
  deployment: (name: string, ns: string | undefined, labels: Record<string, string>, pod: Obj = {}, metadata: Obj = {}, templateMetadata: Obj = {}) =>
    obj('apps/v1', 'Deployment', name, ns, {
      spec: {
        selector: { matchLabels: labels },
        template: { metadata: { labels, ...templateMetadata }, spec: { containers: [{ name: 'app', image: 'example/app:1' }], ...pod } },
      },
    }, metadata),
  pod: (name: string, ns: string | undefined, labels: Record<string, string>, spec: Obj = {}, metadata: Obj = {}) =>
    obj('v1', 'Pod', name, ns, { spec: { containers: [{ name: 'app', image: 'example/app:1' }], ...spec } }, { labels, ...metadata }),
  secret: (name: string, ns: string | undefined, stringData: Record<string, string>, metadata: Obj = {}) =>
    obj('v1', 'Secret', name, ns, { type: 'Opaque', stringData }, metadata),
  configMap: (name: string, ns: string | undefined, data: Record<string, string>) => obj('v1', 'ConfigMap', name, ns, { data }),
};

/** The objects as one multi-document YAML stream. */
export function yamlOf(objects: ReadonlyArray<Obj>): string {
  return objects.map((o) => stringify(o)).join('---\n');
}

/** Analyzes the objects (as input.yaml) and returns the messages. */
export function analyze(objects: ReadonlyArray<Obj>, options: MeshAnalyzerOptions = {}): AnalysisMessage[] {
  return new MeshAnalyzer(options).analyzeYaml(yamlOf(objects), 'input.yaml').messages;
}

/** `CODE Kind name.namespace: text`, the part of a message tests assert on. */
export function brief(m: AnalysisMessage): string {
  return `${m.code} ${m.resource.kind} ${m.resource.name}${m.resource.namespace ? `.${m.resource.namespace}` : ''}: ${m.message}`;
}

/** Analyzes with only the named analyzers and returns the brief form of each message. */
export function run(analyzers: string[], objects: ReadonlyArray<Obj>, options: MeshAnalyzerOptions = {}): string[] {
  return analyze(objects, { ...options, analyzers }).map(brief);
}

/** An in-mesh workload: namespace labelled for injection, Deployment, and a Service selecting it. */
export function app(name: string, ns: string, ports: Obj[] = [{ name: 'http', port: 80, targetPort: 8080 }], labels: Record<string, string> = { app: name }): Obj[] {
  return [k8s.deployment(name, ns, labels), k8s.service(name, ns, { app: labels.app ?? name }, ports)];
}
