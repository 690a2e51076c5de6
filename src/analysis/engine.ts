// Runs analyzers over an input and turns their reports into messages the way istioctl does: formatted from the
// catalogue, filtered by suppressions (the `galley.istio.io/analyze-suppress` annotation and `--suppress`), sorted
// (level, code, resource, text) and de-duplicated.
import { Analyzer, AnalyzerRegistry } from './analyzer';
import { defaultRegistry } from './analyzers';
import { messageTypeByCode } from './catalogue';
import { AnalysisContext, Report } from './context';
import { goSprintf } from './go-format';
import { meshSettings } from './mesh-config';
import { AnalysisLevel, AnalysisMessage } from './message';
import { friendlyName, toResources } from './resource';
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

function toMessage(report: Report): AnalysisMessage {
  const r = report.resource;
  const pos = r.source.locate?.(report.pointer ?? '') ?? r.source.locate?.('');
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

function identity(m: AnalysisMessage): string {
  return [m.code, m.resource.kind, m.resource.namespace, m.resource.name, m.file, m.documentIndex, m.line, m.message].join('\u0000');
}

/**
 * Analyzes the objects of some read YAML streams (or synthesized charts wrapped the same way).
 * @internal
 */
export function runAnalysis(sources: ReadonlyArray<ReadResult>, options: EngineOptions = {}): EngineResult {
  const defaultNamespace = options.defaultNamespace ?? 'default';
  const istioNamespace = options.istioNamespace ?? 'istio-system';
  const resources = toResources(sources.flatMap((s) => s.objects), defaultNamespace);
  const ctx = new AnalysisContext(resources, {
    istioNamespace,
    mesh: meshSettings(resources, istioNamespace, options.mesh),
    validationInput: sources,
  });
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
    }),
    objectCount: resources.length,
  };
}
