// Runs analyzers over an input and turns their reports into messages the way istioctl does: formatted from the
// catalogue, filtered by suppressions (the `galley.istio.io/analyze-suppress` annotation and `--suppress`), sorted
// (level, code, resource, text) and de-duplicated.
import { Analyzer, AnalyzerRegistry } from './analyzer';
import { defaultRegistry } from './analyzers';
import { messageTypeByCode } from './catalogue';
import { AnalysisContext, Report } from './context';
import { goSprintf } from './go-format';
import { MeshSettings, meshSettings } from './mesh-config';
import { AnalysisLevel, AnalysisMessage } from './message';
import { Resource, friendlyName, inIgnoredNamespace, toResources } from './resource';
import { pointerTokens } from '../validation/object-issue';
import type { ReadResult } from '../validation/yaml-reader';

/** The annotation istioctl honours to suppress codes on one object (`*` suppresses every code). @internal */
export const SUPPRESS_ANNOTATION = 'galley.istio.io/analyze-suppress';

/** A `CODE=Kind name.namespace` suppression (istioctl analyze --suppress); the resource part may use `*`. @internal */
export interface Suppression {
  readonly code: string;
  readonly resource: string;
}

/**
 * Parses `CODE=Kind name.namespace` (istioctl's --suppress syntax). Throws an Error naming the value when it does
 * not have exactly one `=`. An unknown code is accepted (istioctl warns and continues): see `isKnownCode`.
 * @internal
 */
export function parseSuppression(value: string): Suppression {
  const parts = value.split('=');
  if (parts.length !== 2) {
    throw new Error(`${value} is not a valid suppression value: expected CODE=KIND NAME.NAMESPACE, e.g. IST0102=Namespace default (* matches any part of the resource)`);
  }
  return { code: parts[0], resource: parts[1] };
}

/** @internal */
export function isKnownCode(code: string): boolean {
  return messageTypeByCode(code) !== undefined;
}

/** go-glob: `*` matches any run of characters; everything else is literal. */
function glob(pattern: string, subject: string): boolean {
  if (pattern === '*') return true;
  const re = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 's');
  return re.test(subject);
}

/** @internal */
export interface EngineOptions {
  /** Namespace of namespaced objects that have none. @default 'default' */
  readonly defaultNamespace?: string;
  /** Namespace Istio is installed in. @default 'istio-system' */
  readonly istioNamespace?: string;
  /** An explicit mesh configuration (overrides the istio ConfigMap of the input). */
  readonly mesh?: { meshConfig: any; meshNetworks?: any };
  readonly suppressions?: ReadonlyArray<Suppression>;
  /** Names of the analyzers to run (all when empty). */
  readonly analyzers?: ReadonlyArray<string>;
  readonly registry?: AnalyzerRegistry;
  /**
   * Add the ingress gateway Pod and Service that `istioctl analyze --use-kube=false` assumes Istio provides (see
   * `defaultIngressGateway`). @default true
   */
  readonly defaultResources?: boolean;
}

/** @internal */
export interface EngineResult {
  readonly messages: AnalysisMessage[];
  readonly objectCount: number;
}

const LEVEL_ORDER: Record<AnalysisLevel, number> = { [AnalysisLevel.ERROR]: 0, [AnalysisLevel.WARNING]: 1, [AnalysisLevel.INFO]: 2 };

function suppressed(report: Report, suppressions: ReadonlyArray<Suppression>): boolean {
  const anno = report.resource.annotations[SUPPRESS_ANNOTATION];
  if (anno !== undefined && anno !== '') {
    for (const code of anno.split(',').map((c) => c.trim())) if (code === '*' || code === report.type.code) return true;
  }
  if (suppressions.length === 0) return false;
  const name = friendlyName(report.resource.kind, report.resource.name, report.resource.namespace);
  return suppressions.some((s) => s.code === report.type.code && glob(s.resource, name));
}

/** The value a JSON pointer leads to in an object, or undefined. */
function valueAt(object: unknown, pointer: string): unknown {
  let cur: any = object;
  for (const token of pointerTokens(pointer)) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = cur[token];
  }
  return cur;
}

/**
 * Where a message points, as istioctl resolves it (util.ErrorLine): its field map has the lines of scalar values
 * only, so a message about a mapping, a list or a missing field is placed at the resource. Two messages with the same
 * text on the same resource are then one message, as in istioctl, which de-duplicates on text and position.
 */
function effectivePointer(report: Report): string {
  const pointer = report.pointer ?? '';
  if (pointer === '') return '';
  const value = valueAt(report.resource.object, pointer);
  return value === undefined || (typeof value === 'object' && value !== null) ? '' : pointer;
}

function toMessage(report: Report): AnalysisMessage & { pointer: string } {
  const r = report.resource;
  const pointer = effectivePointer(report);
  const pos = r.source.locate?.(pointer) ?? r.source.locate?.('');
  return {
    code: report.type.code,
    name: report.type.name,
    level: report.type.level,
    message: goSprintf(report.type.template, report.args),
    resource: { kind: r.kind, apiVersion: r.apiVersion || undefined, namespace: r.namespace || undefined, name: r.name },
    analyzer: report.analyzer,
    file: r.source.file,
    documentIndex: r.source.documentIndex,
    line: pos?.line,
    column: pos?.column,
    pointer,
  };
}

/** Ordinal string order: the same on every machine, whatever its locale. */
function ordinal(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compare(a: AnalysisMessage, b: AnalysisMessage): number {
  return LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level]
    || ordinal(a.code, b.code)
    || ordinal(a.resource.kind, b.resource.kind)
    || ordinal(a.resource.namespace ?? '', b.resource.namespace ?? '')
    || ordinal(a.resource.name, b.resource.name)
    || ordinal(a.file ?? '', b.file ?? '')
    || (a.documentIndex ?? -1) - (b.documentIndex ?? -1)
    || (a.line ?? 0) - (b.line ?? 0)
    || ordinal(a.message, b.message);
}

function identity(m: AnalysisMessage & { pointer: string }): string {
  return [m.code, m.resource.kind, m.resource.namespace, m.resource.name, m.file, m.documentIndex, m.pointer, m.message].join('\u0000');
}

/**
 * The objects `istioctl analyze` adds when it reads files only (local.AddDefaultResources): unless the MeshConfig's
 * `ingressControllerMode` is OFF, a Pod labelled `istio: ingressgateway` and the Service of the legacy ingress
 * gateway (named by `ingressService`, default `istio-ingressgateway`) in the Istio namespace, with ports 80, 443,
 * 31400 and 15443. They stand for the gateway a cluster normally has, so that Gateways selecting it are not reported
 * as selecting nothing. An object of the input with the same kind, namespace and name replaces its default.
 */
function defaultIngressGateway(namespace: string, service: string): any[] {
  const port = (name: string, number: number, nodePort: number) => ({ name, nodePort, port: number, protocol: 'TCP', targetPort: number });
  return [
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { labels: { istio: 'ingressgateway' }, name: `${service}-dummypod`, namespace },
      spec: { containers: [{ args: null, name: 'istio-proxy' }] },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: service, namespace },
      spec: {
        ports: [port('http2', 80, 31380), port('https', 443, 31390), port('tcp', 31400, 31400), port('tls', 15443, 31447)],
        selector: { istio: 'ingressgateway' },
      },
    },
  ];
}

function withDefaultResources(input: Resource[], istioNamespace: string, mesh: MeshSettings): Resource[] {
  if (mesh.meshConfig?.ingressControllerMode === 'OFF') return input;
  const service = typeof mesh.meshConfig?.ingressService === 'string' && mesh.meshConfig.ingressService !== ''
    ? mesh.meshConfig.ingressService : 'istio-ingressgateway';
  const same = (a: Resource, b: Resource) => a.kind === b.kind && a.group === b.group && a.namespace === b.namespace && a.name === b.name;
  const defaults = toResources(defaultIngressGateway(istioNamespace, service).map((object) => ({ object, file: 'internal-ingress' })), istioNamespace)
    .filter((d) => !input.some((r) => same(r, d)));
  if (defaults.length === 0) return input;
  // Before the input, in order (negative positions, so that the input's own are kept).
  return [...defaults.map((r, i) => ({ ...r, order: i - defaults.length })), ...input];
}

/**
 * Analyzes the objects of some read YAML streams (or synthesized charts wrapped the same way).
 * @internal
 */
export function runAnalysis(sources: ReadonlyArray<ReadResult>, options: EngineOptions = {}): EngineResult {
  const defaultNamespace = options.defaultNamespace ?? 'default';
  const istioNamespace = options.istioNamespace ?? 'istio-system';
  const input = toResources(sources.flatMap((s) => s.objects), defaultNamespace).filter((r) => !inIgnoredNamespace(r));
  const mesh = meshSettings(input, istioNamespace, options.mesh);
  const resources = options.defaultResources === false ? input : withDefaultResources(input, istioNamespace, mesh);
  const ctx = new AnalysisContext(resources, { istioNamespace, mesh, validationInput: sources });
  const analyzers: Analyzer[] = (options.registry ?? defaultRegistry()).select(options.analyzers ?? []);
  for (const analyzer of analyzers) {
    ctx.currentAnalyzer = analyzer.name;
    analyzer.analyze(ctx);
  }
  const suppressions = options.suppressions ?? [];
  const messages = ctx.reports.filter((r) => !suppressed(r, suppressions)).map(toMessage).sort(compare);
  const seen = new Set<string>();
  return {
    messages: messages.filter((m) => {
      const id = identity(m);
      if (seen.has(id)) return false;
      seen.add(id);
      return true;
    }).map(({ pointer: _, ...m }) => m),
    objectCount: input.length,
  };
}
