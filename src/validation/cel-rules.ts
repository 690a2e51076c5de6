import { createRequire } from 'node:module';
import { isIP } from 'node:net';
import type * as CelJs from '@marcbachmann/cel-js' with { 'resolution-mode': 'import' };
import { pointerJoin } from './object-issue';

// cel-js is ESM-only; this package compiles to CommonJS, and Node 20.19+ loads ES modules with require().
const cel = createRequire(__filename)('@marcbachmann/cel-js') as typeof CelJs;

/**
 * One `x-kubernetes-validations` entry of a CRD schema.
 * @internal
 */
export interface ValidationRuleSpec {
  readonly rule: string;
  readonly message?: string;
  readonly messageExpression?: string;
  readonly fieldPath?: string;
  readonly reason?: string;
  readonly optionalOldSelf?: boolean;
}

/**
 * The parts of a CRD's structural OpenAPI v3 schema (`JSONSchemaProps`) that validation reads.
 * @internal
 */
export interface SchemaNode {
  readonly 'type'?: string;
  readonly 'format'?: string;
  readonly 'nullable'?: boolean;
  readonly 'default'?: unknown;
  readonly 'enum'?: readonly unknown[];
  readonly 'pattern'?: string;
  readonly 'minimum'?: number;
  readonly 'maximum'?: number;
  readonly 'exclusiveMinimum'?: boolean;
  readonly 'exclusiveMaximum'?: boolean;
  readonly 'multipleOf'?: number;
  readonly 'minLength'?: number;
  readonly 'maxLength'?: number;
  readonly 'minItems'?: number;
  readonly 'maxItems'?: number;
  readonly 'minProperties'?: number;
  readonly 'maxProperties'?: number;
  readonly 'required'?: readonly string[];
  readonly 'properties'?: Readonly<Record<string, SchemaNode>>;
  readonly 'additionalProperties'?: SchemaNode | boolean;
  readonly 'items'?: SchemaNode;
  readonly 'oneOf'?: readonly SchemaNode[];
  readonly 'anyOf'?: readonly SchemaNode[];
  readonly 'allOf'?: readonly SchemaNode[];
  readonly 'not'?: SchemaNode;
  readonly 'x-kubernetes-int-or-string'?: boolean;
  readonly 'x-kubernetes-preserve-unknown-fields'?: boolean;
  readonly 'x-kubernetes-embedded-resource'?: boolean;
  readonly 'x-kubernetes-list-type'?: string;
  readonly 'x-kubernetes-list-map-keys'?: readonly string[];
  readonly 'x-kubernetes-validations'?: readonly ValidationRuleSpec[];
}

// ---------------------------------------------------------------------------------------------------------------
// Regular expressions: Kubernetes uses Go's RE2 syntax, JavaScript has its own.

const regExpCache = new Map<string, RegExp>();

/**
 * Compiles an RE2 regular expression (the syntax of CRD `pattern`s and CEL `matches()`) as a JavaScript RegExp:
 * leading flag groups such as `(?i)` become flags, `\A` / `\z` become anchors and `(?P<name>` a named group.
 * Other RE2-only syntax (flag groups after the start, POSIX classes, `\Q...\E`) is not translated. Cached per pattern.
 * @internal
 */
export function compileRe2(pattern: string): RegExp {
  let compiled = regExpCache.get(pattern);
  if (!compiled) {
    compiled = translateRe2(pattern);
    regExpCache.set(pattern, compiled);
  }
  return compiled;
}

function translateRe2(pattern: string): RegExp {
  const flagGroup = /^\(\?([ims]+)\)/.exec(pattern);
  const flags = flagGroup ? [...new Set(flagGroup[1])].join('') : '';
  const body = flagGroup ? pattern.slice(flagGroup[0].length) : pattern;
  let source = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '\\' && (body[i + 1] === 'A' || body[i + 1] === 'z')) {
      source += body[i + 1] === 'A' ? '^' : '(?![\\s\\S])';
      i++;
    } else if (c === '\\') {
      source += body.slice(i, i + 2);
      i++;
    } else if (body.startsWith('(?P<', i)) {
      source += '(?<';
      i += 3;
    } else {
      source += c;
    }
  }
  try {
    return new RegExp(source, flags + 'u');
  } catch {
    return new RegExp(source, flags);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The Kubernetes URL library: url(), isURL() and the getters, on a port of Go's url.ParseRequestURI.

/** A URL parsed the way Go's `url.ParseRequestURI` parses it (what Kubernetes' `url()` uses). */
class KubeUrl {
  constructor(
    readonly scheme: string,
    readonly host: string,
    readonly path: string,
    readonly rawQuery: string,
  ) {}

  /** Host without port and without IPv6 brackets (Go's `URL.Hostname()`). */
  hostname(): string {
    const { name } = splitHostPort(this.host);
    return name.startsWith('[') ? name.slice(1, name.lastIndexOf(']')) : name;
  }

  /** Port, or '' when there is none (Go's `URL.Port()`). */
  port(): string {
    return splitHostPort(this.host).port;
  }

  /** Query parameters (Go's `URL.Query()`). */
  query(): Record<string, string[]> {
    const result: Record<string, string[]> = {};
    for (const [key, value] of new URLSearchParams(this.rawQuery)) (result[key] ??= []).push(value);
    return result;
  }
}

function splitHostPort(host: string): { name: string; port: string } {
  const colon = host.lastIndexOf(':');
  if (colon < 0 || (host.startsWith('[') && colon < host.lastIndexOf(']'))) return { name: host, port: '' };
  return { name: host.slice(0, colon), port: host.slice(colon + 1) };
}

/** Go's `getScheme`: a scheme is letters first, then letters, digits, `+`, `-` and `.`, ended by `:`. */
function splitScheme(raw: string): { scheme: string; rest: string } {
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (/[a-zA-Z]/.test(c)) continue;
    if (/[0-9+.-]/.test(c)) {
      if (i === 0) return { scheme: '', rest: raw };
      continue;
    }
    if (c === ':') {
      if (i === 0) throw new Error('missing protocol scheme');
      return { scheme: raw.slice(0, i).toLowerCase(), rest: raw.slice(i + 1) };
    }
    return { scheme: '', rest: raw };
  }
  return { scheme: '', rest: raw };
}

const BAD_ESCAPE = /%(?![0-9a-fA-F]{2})/;
const HOST_CHARS = /^[A-Za-z0-9\-._~!$&'()*+,;=:[\]<>"%\u0080-\uffff]*$/;
const USERINFO_CHARS = /^[A-Za-z0-9\-._~:!$&'()*+,;=%@]*$/;

function checkAuthority(authority: string): string {
  const at = authority.lastIndexOf('@');
  if (at >= 0 && !USERINFO_CHARS.test(authority.slice(0, at))) throw new Error('invalid userinfo');
  const host = authority.slice(at + 1);
  let port = '';
  if (host.startsWith('[')) {
    const close = host.lastIndexOf(']');
    if (close < 0) throw new Error("missing ']' in host");
    port = host.slice(close + 1);
  } else if (host.includes(':')) {
    port = host.slice(host.lastIndexOf(':'));
  }
  if (port !== '' && !/^:[0-9]*$/.test(port)) throw new Error(`invalid port "${port}" after host`);
  if (!HOST_CHARS.test(host) || BAD_ESCAPE.test(host) || /%(?!25)[0-7]/.test(host)) {
    throw new Error(`invalid character in host name "${host}"`);
  }
  return host;
}

/** Go's `url.ParseRequestURI`: an absolute URI or an absolute path, no fragment. */
function parseRequestUri(raw: string): KubeUrl {
  if (raw === '') throw new Error('empty url');
  if (/[\x00-\x1f\x7f]/.test(raw)) throw new Error('invalid control character in URL');
  if (raw === '*') return new KubeUrl('', '', '*', '');
  const { scheme, rest: afterScheme } = splitScheme(raw);
  const question = afterScheme.indexOf('?');
  const onlyTrailingQuestion = question === afterScheme.length - 1;
  const rest = question < 0 ? afterScheme : afterScheme.slice(0, question);
  const rawQuery = question < 0 || onlyTrailingQuestion ? '' : afterScheme.slice(question + 1);
  if (!rest.startsWith('/')) {
    if (scheme !== '') return new KubeUrl(scheme, '', '', rawQuery); // opaque URL such as mailto:x
    throw new Error('invalid URI for request');
  }
  let host = '';
  let path = rest;
  if (scheme !== '' && rest.startsWith('//')) {
    const slash = rest.indexOf('/', 2);
    host = checkAuthority(slash < 0 ? rest.slice(2) : rest.slice(2, slash));
    path = slash < 0 ? '' : rest.slice(slash);
  }
  if (BAD_ESCAPE.test(path)) throw new Error(`invalid URL escape in "${path}"`);
  return new KubeUrl(scheme, host, path, rawQuery);
}

function toUrl(raw: string): KubeUrl {
  try {
    return parseRequestUri(raw);
  } catch (e) {
    throw new Error(`URL parse error during conversion from string: parse "${raw}": ${(e as Error).message}`);
  }
}

function isUrl(raw: string): boolean {
  try {
    parseRequestUri(raw);
    return true;
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The environment: standard CEL (cel-js) plus the Kubernetes library functions the CRDs use.

/**
 * Functions whose cel-js versions differ from Kubernetes CEL: rules are rewritten to call replacements.
 * cel-js' `matches` uses JavaScript regex syntax instead of RE2, and its `has()` accepts only `a.b.c` chains,
 * not `has(self.list[0].field)`. Their overloads cannot be replaced, so the replacements get other names.
 */
const RENAMED: Readonly<Record<string, string>> = { matches: 'k8sMatches', has: 'k8sHas' };

/** A parsed `a.b` selection, as cel-js hands it to a macro. */
interface SelectNode {
  readonly op: string;
  readonly args: readonly [unknown, string];
}

/** What cel-js passes to a macro's `typeCheck` hook (the parts used here). */
interface MacroChecker {
  check(node: unknown, ctx: unknown): unknown;
  getType(name: string): unknown;
  createError(code: string, message: string, node: unknown): Error;
}

/** What cel-js passes to a macro's `evaluate` hook (the parts used here). */
interface MacroEvaluator {
  run(node: unknown, ctx: unknown): unknown;
}

/** `has(e.f)` for any expression `e`: whether the map or object `e` has the field `f`. */
function hasMacro({ args }: { args: readonly SelectNode[] }): object {
  const [select] = args;
  return {
    typeCheck(checker: MacroChecker, _macro: unknown, ctx: unknown) {
      if (select.op !== '.') throw checker.createError('invalid_macro_argument', 'has() invalid argument', select);
      checker.check(select.args[0], ctx);
      return checker.getType('bool');
    },
    evaluate(evaluator: MacroEvaluator, _macro: unknown, ctx: unknown) {
      const [operand, field] = select.args;
      const value = evaluator.run(operand, ctx);
      if (value instanceof Map) return value.has(field);
      if (isPlainObject(value)) return Object.prototype.hasOwnProperty.call(value, field) && value[field] !== undefined;
      return typeof value === 'object' && value !== null && (value as Record<string, unknown>)[field] !== undefined;
    },
  };
}

function createEnvironment(): CelJs.Environment {
  const url = 'kubernetes.URL';
  const matches = (s: string, re: string): boolean => compileRe2(re).test(s);
  return new cel.Environment({ enableOptionalTypes: true })
    .registerVariable('self', 'dyn')
    .registerVariable('oldSelf', 'dyn')
    .registerType(url, KubeUrl)
    .registerFunction(`url(string): ${url}`, toUrl)
    .registerFunction('isURL(string): bool', isUrl)
    .registerFunction(`${url}.getScheme(): string`, (u: KubeUrl) => u.scheme)
    .registerFunction(`${url}.getHost(): string`, (u: KubeUrl) => u.host)
    .registerFunction(`${url}.getHostname(): string`, (u: KubeUrl) => u.hostname())
    .registerFunction(`${url}.getPort(): string`, (u: KubeUrl) => u.port())
    .registerFunction(`${url}.getEscapedPath(): string`, (u: KubeUrl) => u.path)
    .registerFunction(`${url}.getQuery(): map<string, list<string>>`, (u: KubeUrl) => u.query())
    .registerFunction('isIP(string): bool', (s: string) => isIP(s) !== 0 && !s.includes('%'))
    .registerFunction(`string.${RENAMED.matches}(string): bool`, matches)
    .registerFunction(`${RENAMED.matches}(string, string): bool`, matches)
    .registerFunction(`${RENAMED.has}(ast): bool`, hasMacro);
}

let environment: CelJs.Environment | undefined;

/**
 * Rewrites calls of the `RENAMED` functions to their replacements and lists the identifiers the expression uses.
 * String literals (quoted, triple-quoted, raw) are skipped.
 */
function scanExpression(source: string): { source: string; identifiers: Set<string> } {
  const literal = /[rRbB]{0,2}('''|"""|'|")/y;
  const identifier = /[A-Za-z_][A-Za-z0-9_]*/y;
  const call = /\s*\(/y;
  const identifiers = new Set<string>();
  let out = '';
  let i = 0;
  while (i < source.length) {
    literal.lastIndex = identifier.lastIndex = i;
    const quote = /\w/.test(source[i - 1] ?? '') ? null : literal.exec(source);
    if (quote) {
      const end = endOfStringLiteral(source, literal.lastIndex, quote[1], /[rR]/.test(quote[0]));
      out += source.slice(i, end);
      i = end;
      continue;
    }
    const name = identifier.exec(source)?.[0];
    if (name) {
      identifiers.add(name);
      i = identifier.lastIndex;
      call.lastIndex = i;
      out += call.test(source) && Object.prototype.hasOwnProperty.call(RENAMED, name) ? RENAMED[name] : name;
      continue;
    }
    out += source[i++];
  }
  return { source: out, identifiers };
}

function endOfStringLiteral(source: string, start: number, quote: string, raw: boolean): number {
  let i = start;
  while (i < source.length) {
    if (!raw && source[i] === '\\') {
      i += 2;
    } else if (source.startsWith(quote, i)) {
      return i + quote.length;
    } else {
      i++;
    }
  }
  return i;
}

type Program = (context: Record<string, unknown>) => unknown;

interface CompiledExpression {
  readonly program?: Program;
  readonly error?: string;
  readonly usesOldSelf: boolean;
}

const expressionCache = new Map<string, CompiledExpression>();

/** Parses and type-checks a CEL expression once per process. */
function compileExpression(expression: string): CompiledExpression {
  let compiled = expressionCache.get(expression);
  if (!compiled) {
    const { source, identifiers } = scanExpression(expression);
    const usesOldSelf = identifiers.has('oldSelf');
    try {
      environment ??= createEnvironment();
      const parsed = environment.parse(source);
      const checked = parsed.check();
      compiled = checked.valid ? { program: parsed, usesOldSelf } : { error: errorText(checked.error), usesOldSelf };
    } catch (e) {
      compiled = { error: errorText(e), usesOldSelf };
    }
    expressionCache.set(expression, compiled);
  }
  return compiled;
}

/** The one-line summary of a cel-js error (its `message` adds a multi-line source excerpt). */
function errorText(error: unknown): string {
  const summary = (error as { summary?: string } | undefined)?.summary ?? String((error as Error | undefined)?.message ?? error);
  return Object.entries(RENAMED).reduce((text, [name, renamed]) => text.split(renamed).join(name), summary);
}

function typeNameOf(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'bigint') return 'int';
  if (typeof value === 'number') return 'double';
  if (Array.isArray(value)) return 'list';
  return typeof value === 'object' ? 'map' : typeof value;
}

/**
 * One `x-kubernetes-validations` rule, compiled, ready to check values of the schema node that carries it.
 * @internal
 */
export class CelRule {
  /**
   * Compiles a rule. Transition rules (they read `oldSelf`) return undefined: offline there is no old object,
   * and the API server skips them on create too, unless `optionalOldSelf` is set.
   * @param spec the rule as written in the CRD
   */
  public static compile(spec: ValidationRuleSpec): CelRule | undefined {
    const expression = compileExpression(spec.rule);
    if (expression.usesOldSelf && !spec.optionalOldSelf) return undefined;
    const messageExpression = spec.messageExpression !== undefined ? compileExpression(spec.messageExpression) : undefined;
    return new CelRule(spec, expression, messageExpression);
  }

  /** The rule text on one line, as shown in messages. */
  public readonly text: string;
  /** JSON pointer suffix from the rule's `fieldPath` ('' when it has none), relative to the node. */
  public readonly pointerSuffix: string;

  private constructor(
    private readonly spec: ValidationRuleSpec,
    private readonly expression: CompiledExpression,
    private readonly messageExpression: CompiledExpression | undefined,
  ) {
    this.text = spec.rule.replace(/\s*\n\s*/g, ' ').trim();
    this.pointerSuffix = fieldPathToPointer(spec.fieldPath ?? '') ?? '';
  }

  /** Why the rule (or its `messageExpression`) does not compile, or undefined when it does. */
  public get compileError(): string | undefined {
    return this.expression.error ?? this.messageExpression?.error;
  }

  /**
   * Evaluates the rule with `self` bound to a value (already converted with `toCelValue`).
   * @returns undefined when the rule holds, otherwise the message to report
   */
  public check(self: unknown): string | undefined {
    const context = { self, oldSelf: cel.Optional.none() };
    const { program, error } = this.expression;
    let result: unknown;
    try {
      if (!program) throw new Error(error);
      result = program(context);
    } catch (e) {
      return `CEL rule could not be evaluated: ${errorText(e)} (rule: ${this.text})`;
    }
    if (result === true) return undefined;
    if (result !== false) {
      return `CEL rule could not be evaluated: it returned ${typeNameOf(result)}, not bool (rule: ${this.text})`;
    }
    return `${this.failureMessage(context)} (rule: ${this.text})`;
  }

  /** `messageExpression` when it yields a non-empty string, else `message`, else a generic text (as the API server does). */
  private failureMessage(context: Record<string, unknown>): string {
    const program = this.messageExpression?.program;
    if (program) {
      try {
        const message = program(context);
        if (typeof message === 'string' && message.trim() !== '') return message;
      } catch {
        // fall back to the static message, like the API server
      }
    }
    return this.spec.message ?? 'failed validation rule';
  }
}

/**
 * Turns a rule's `fieldPath` (`.spec.foo`, `.map['key.with.dots']`, `.list[2]`) into a JSON pointer suffix.
 * Returns undefined when it cannot be parsed.
 */
function fieldPathToPointer(fieldPath: string): string | undefined {
  const token = /\.([^.[\]]+)|\['((?:[^'\\]|\\.)*)'\]|\[(\d+)\]/y;
  let pointer = '';
  while (token.lastIndex < fieldPath.length) {
    const start = token.lastIndex;
    const m = token.exec(fieldPath);
    if (!m || token.lastIndex === start) return undefined;
    const segment = m[1] ?? m[3] ?? m[2].replace(/\\(.)/g, '$1');
    pointer = pointerJoin(pointer, segment);
  }
  return pointer;
}

// ---------------------------------------------------------------------------------------------------------------
// Values: what `self` looks like to a rule, typed from the schema the way the API server types it.

type Converter = (value: unknown) => unknown;

const identity: Converter = (value) => value;
const converters = new WeakMap<SchemaNode, Converter>();

const CEL_RESERVED = new Set(['true', 'false', 'null', 'in', 'as', 'break', 'const', 'continue', 'else', 'for',
  'function', 'if', 'import', 'let', 'loop', 'package', 'namespace', 'return', 'var', 'void', 'while']);
const ESCAPES: Record<string, string> = { '__': '__underscores__', '.': '__dot__', '-': '__dash__', '/': '__slash__' };

/**
 * The name under which a property is visible to CEL (Kubernetes escaping: `namespace` → `__namespace__`,
 * `a-b` → `a__dash__b`, ...), or undefined when the property is not accessible from CEL.
 */
function celPropertyName(name: string): string | undefined {
  if (name === '' || /^[0-9]/.test(name) || /[^A-Za-z0-9_./-]/.test(name)) return undefined;
  if (CEL_RESERVED.has(name)) return `__${name}__`;
  return name.replace(/__|[./-]/g, (s) => ESCAPES[s]);
}

/**
 * Converts a JSON value to the value a CEL rule sees at that schema node: `integer` (and integral int-or-string
 * values) become CEL ints (BigInt), `number` stays a double, properties get their CEL names. Absent fields stay absent.
 * @internal
 */
export function toCelValue(value: unknown, schema: SchemaNode): unknown {
  return converterFor(schema)(value);
}

function converterFor(schema: SchemaNode): Converter {
  let converter = converters.get(schema);
  if (!converter) {
    converter = buildConverter(schema);
    converters.set(schema, converter);
  }
  return converter;
}

function buildConverter(schema: SchemaNode): Converter {
  if (schema['x-kubernetes-int-or-string'] || schema.type === 'integer') return toCelInt;
  if (schema.type === 'array') return schema.items ? listConverter(converterFor(schema.items)) : untypedValue;
  if (schema.type === 'object' && schema.properties) return objectConverter(schema.properties);
  if (schema.type === 'object' && typeof schema.additionalProperties === 'object') {
    return mapConverter(converterFor(schema.additionalProperties));
  }
  if (schema.type === undefined || schema.type === 'object') {
    return schema['x-kubernetes-preserve-unknown-fields'] ? untypedValue : identity;
  }
  return identity;
}

function toCelInt(value: unknown): unknown {
  return typeof value === 'number' && Number.isInteger(value) ? BigInt(value) : value;
}

/** JSON without a schema: integral numbers are ints, as Go's JSON decoding into `interface{}` makes them. */
function untypedValue(value: unknown): unknown {
  if (typeof value === 'number') return toCelInt(value);
  if (Array.isArray(value)) return value.map(untypedValue);
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, untypedValue(v)]));
  return value;
}

function listConverter(item: Converter): Converter {
  if (item === identity) return identity;
  return (value) => (Array.isArray(value) ? value.map(item) : value);
}

function mapConverter(entry: Converter): Converter {
  if (entry === identity) return identity;
  return (value) => (isPlainObject(value)
    ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, entry(v)]))
    : value);
}

function objectConverter(properties: Readonly<Record<string, SchemaNode>>): Converter {
  const fields = Object.entries(properties)
    .map(([name, schema]) => ({ name, celName: celPropertyName(name), convert: converterFor(schema) }))
    .filter((f): f is { name: string; celName: string; convert: Converter } => f.celName !== undefined);
  if (fields.length === Object.keys(properties).length && fields.every((f) => f.convert === identity && f.celName === f.name)) {
    return identity;
  }
  return (value) => {
    if (!isPlainObject(value)) return value;
    const out: Record<string, unknown> = {};
    for (const f of fields) {
      if (Object.prototype.hasOwnProperty.call(value, f.name)) out[f.celName] = f.convert(value[f.name]);
    }
    return out;
  };
}

/** @internal */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
