import { isIP } from 'node:net';
import Ajv, { ErrorObject, FuncKeywordDefinition, ValidateFunction } from 'ajv';
import { CelRule, compileRe2, isPlainObject, SchemaNode, toCelValue } from './cel-rules';
import { FindingSeverity, ValidationCheck } from './finding';
import { ObjectIssue, pointerJoin } from './object-issue';

/** One served version of one CRD. */
interface ServedVersion {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly schema: SchemaNode;
  readonly deprecationWarning?: string;
}

/**
 * Validates Kubernetes custom resources against the CRDs that define them, as the API server does with kubectl's
 * default strict field validation: the OpenAPI v3 schema (types, enums, patterns, formats, ranges, `required`,
 * `oneOf`/`anyOf`, list types), unknown fields, and every `x-kubernetes-validations` CEL rule.
 *
 * Like the API server, it first drops `null` values of non-nullable fields and applies schema defaults, and it
 * skips CEL rules when the object has type or enum errors. `metadata` is only checked to be an object and
 * `status` is ignored. Schemas are compiled lazily per kind and version, on first use.
 * @internal
 */
export class CrdSchemaValidator {
  /**
   * Builds a validator for every served version of every CRD.
   * @param crds `apiextensions.k8s.io/v1` CustomResourceDefinition documents (plain objects)
   */
  public static fromCrds(crds: any[]): CrdSchemaValidator {
    const versions: ServedVersion[] = [];
    for (const crd of crds) {
      if (crd?.kind !== 'CustomResourceDefinition' || !String(crd.apiVersion).startsWith('apiextensions.k8s.io/')) {
        throw new Error(`CrdSchemaValidator: expected CustomResourceDefinition documents, got ${crd?.apiVersion} ${crd?.kind}`);
      }
      versions.push(...servedVersions(crd));
    }
    return new CrdSchemaValidator(versions);
  }

  private readonly ajv: Ajv;
  /** `group/kind` → `group/version` → the served version. */
  private readonly kinds = new Map<string, Map<string, ServedVersion>>();
  private readonly compiled = new Map<ServedVersion, CompiledVersion>();
  /** Compiled ajv validators by converted schema text: the versions of a CRD often share one schema. */
  private readonly validatorsBySchema = new Map<string, ValidateFunction>();

  private constructor(versions: ServedVersion[]) {
    this.ajv = createAjv();
    for (const v of versions) {
      const key = `${v.group}/${v.kind}`;
      if (!this.kinds.has(key)) this.kinds.set(key, new Map());
      this.kinds.get(key)!.set(`${v.group}/${v.version}`, v);
    }
  }

  /**
   * Whether a CRD defines this kind in this API group. True also for versions the CRD does not serve: `validate`
   * reports those.
   * @param apiVersion `group/version` of the object
   * @param kind kind of the object
   */
  public handles(apiVersion: string, kind: string): boolean {
    return typeof apiVersion === 'string' && this.kinds.has(`${groupOf(apiVersion)}/${kind}`);
  }

  /**
   * Validates one object. Returns no issues when the API server would accept it.
   * @param obj the custom resource (plain object, as parsed from YAML or JSON)
   */
  public validate(obj: any): ObjectIssue[] {
    if (!isPlainObject(obj)) return [schemaIssue('', `must be object, got ${describe(obj)}`)];
    const target = this.resolve(obj);
    if (!('served' in target)) return target.issues;
    const issues = this.compile(target.served).validate(obj);
    return target.served.deprecationWarning !== undefined
      ? [{ ...schemaIssue('/apiVersion', target.served.deprecationWarning), severity: FindingSeverity.INFO }, ...issues]
      : issues;
  }

  private resolve(obj: Record<string, unknown>): { served: ServedVersion } | { issues: ObjectIssue[] } {
    const { apiVersion, kind } = obj;
    const issues = [typeIssue('/apiVersion', apiVersion), typeIssue('/kind', kind)].filter((i): i is ObjectIssue => !!i);
    if (issues.length > 0) return { issues };
    const versions = this.kinds.get(`${groupOf(apiVersion as string)}/${kind}`);
    if (!versions) {
      return {
        issues: [{
          check: ValidationCheck.NOT_CHECKED,
          path: '',
          severity: FindingSeverity.INFO,
          message: `${apiVersion} ${kind} is not defined by any of the loaded CRDs; the object was not checked`,
        }],
      };
    }
    const served = versions.get(apiVersion as string);
    if (served) return { served };
    return {
      issues: [schemaIssue('/apiVersion',
        `${kind} is not served as ${apiVersion}; served versions: [${[...versions.keys()].join(', ')}]`)],
    };
  }

  private compile(served: ServedVersion): CompiledVersion {
    let compiled = this.compiled.get(served);
    if (!compiled) {
      const ajvSchema = rootToAjv(served.schema);
      const text = JSON.stringify(ajvSchema);
      let validateSchema = this.validatorsBySchema.get(text);
      if (!validateSchema) {
        validateSchema = this.ajv.compile(ajvSchema);
        this.validatorsBySchema.set(text, validateSchema);
      }
      compiled = new CompiledVersion(served.schema, validateSchema);
      this.compiled.set(served, compiled);
    }
    return compiled;
  }
}

function servedVersions(crd: any): ServedVersion[] {
  const { group, names, versions } = crd.spec ?? {};
  return (versions ?? [])
    .filter((v: any) => v.served)
    .map((v: any): ServedVersion => {
      const schema = v.schema?.openAPIV3Schema;
      if (!isPlainObject(schema)) throw new Error(`CrdSchemaValidator: ${crd.metadata?.name} ${v.name} has no openAPIV3Schema`);
      return {
        group,
        version: v.name,
        kind: names.kind,
        schema: schema as SchemaNode,
        deprecationWarning: v.deprecated ? v.deprecationWarning ?? `${group}/${v.name} ${names.kind} is deprecated` : undefined,
      };
    });
}

function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

function schemaIssue(path: string, message: string): ObjectIssue {
  return { check: ValidationCheck.SCHEMA, path, message };
}

function typeIssue(path: string, value: unknown): ObjectIssue | undefined {
  if (value === undefined) return schemaIssue(path, `missing required field "${path.slice(1)}"`);
  return typeof value === 'string' ? undefined : schemaIssue(path, `must be string, got ${describe(value)}`);
}

// ---------------------------------------------------------------------------------------------------------------
// One compiled kind/version.

/** The CEL rules of a schema, as a tree that holds only the branches that lead to rules. */
interface RuleNode {
  readonly schema: SchemaNode;
  readonly rules: readonly CelRule[];
  readonly properties: ReadonlyMap<string, RuleNode>;
  readonly items?: RuleNode;
  readonly values?: RuleNode;
}

/** What a root-level rule sees of `metadata`: the API server exposes only `name` and `generateName`. */
const CEL_METADATA: SchemaNode = { type: 'object', properties: { name: { type: 'string' }, generateName: { type: 'string' } } };

class CompiledVersion {
  /** The schema without `metadata` and `status`, which are not this validator's business. */
  private readonly schema: SchemaNode;
  private readonly hasDefaults: boolean;
  private readonly rules?: RuleNode;

  constructor(root: SchemaNode, private readonly validateSchema: ValidateFunction) {
    const { metadata: _metadata, status: _status, ...properties } = root.properties ?? {};
    this.schema = { ...root, properties };
    this.hasDefaults = hasDefaults(this.schema);
    this.rules = buildRuleTree({ ...this.schema, properties: { ...properties, metadata: CEL_METADATA } });
  }

  validate(obj: Record<string, unknown>): ObjectIssue[] {
    const object = this.hasDefaults || containsNull(obj) ? normalize(obj, this.schema) : obj;
    const valid = this.validateSchema(object);
    const { issues, blocking } = valid ? { issues: [], blocking: false } : translateErrors(this.validateSchema.errors ?? []);
    if (!this.rules) return issues;
    if (blocking) {
      return [...issues, {
        check: ValidationCheck.CEL,
        path: '',
        severity: FindingSeverity.INFO,
        message: 'CEL validation rules were not evaluated because the object has type or enum errors ' +
          '(the API server skips them too); fix those errors to have the rules checked',
      }];
    }
    evaluateRules(this.rules, object, '', issues);
    return issues;
  }
}

function buildRuleTree(schema: SchemaNode): RuleNode | undefined {
  const rules = (schema['x-kubernetes-validations'] ?? []).map((spec) => CelRule.compile(spec)).filter((r): r is CelRule => !!r);
  const properties = new Map<string, RuleNode>();
  for (const [name, child] of Object.entries(schema.properties ?? {})) {
    const node = buildRuleTree(child);
    if (node) properties.set(name, node);
  }
  const items = schema.items && buildRuleTree(schema.items);
  const values = typeof schema.additionalProperties === 'object' ? buildRuleTree(schema.additionalProperties) : undefined;
  if (rules.length === 0 && properties.size === 0 && !items && !values) return undefined;
  return { schema, rules, properties, items, values };
}

/** Evaluates the rules of the tree on every instance of their schema node (list items, map values); null values are skipped. */
function evaluateRules(node: RuleNode, value: unknown, pointer: string, issues: ObjectIssue[]): void {
  if (value === null || value === undefined) return;
  if (node.rules.length > 0) {
    const self = toCelValue(value, node.schema);
    for (const rule of node.rules) {
      const failure = rule.check(self);
      if (failure) issues.push({ check: ValidationCheck.CEL, path: pointer + rule.pointerSuffix, message: failure });
    }
  }
  if (Array.isArray(value)) {
    if (node.items) value.forEach((item, i) => evaluateRules(node.items!, item, pointerJoin(pointer, i), issues));
    return;
  }
  if (!isPlainObject(value)) return;
  for (const [name, child] of node.properties) {
    if (Object.prototype.hasOwnProperty.call(value, name)) evaluateRules(child, value[name], pointerJoin(pointer, name), issues);
  }
  if (node.values) {
    for (const [key, entry] of Object.entries(value)) evaluateRules(node.values, entry, pointerJoin(pointer, key), issues);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// What the API server does before validating: drop nulls of non-nullable fields, apply defaults (copy on write).

function hasDefaults(schema: SchemaNode): boolean {
  return schema.default !== undefined
    || Object.values(schema.properties ?? {}).some(hasDefaults)
    || (typeof schema.additionalProperties === 'object' && hasDefaults(schema.additionalProperties))
    || (schema.items !== undefined && hasDefaults(schema.items));
}

function containsNull(value: unknown): boolean {
  if (value === null) return true;
  if (Array.isArray(value)) return value.some(containsNull);
  return isPlainObject(value) && Object.values(value).some(containsNull);
}

function normalize(value: unknown, schema: SchemaNode | undefined): unknown {
  if (!schema) return value;
  if (Array.isArray(value)) return normalizeList(value, schema.items);
  return isPlainObject(value) ? normalizeObject(value, schema) : value;
}

function defaulted(schema: SchemaNode): unknown {
  return normalize(structuredClone(schema.default), schema);
}

function normalizeList(list: unknown[], items: SchemaNode | undefined): unknown[] {
  if (!items) return list;
  let out: unknown[] | undefined;
  list.forEach((item, i) => {
    const next = item === null && !items.nullable && items.default !== undefined ? defaulted(items) : normalize(item, items);
    if (next !== item) (out ??= [...list])[i] = next;
  });
  return out ?? list;
}

function normalizeObject(obj: Record<string, unknown>, schema: SchemaNode): Record<string, unknown> {
  let out: Record<string, unknown> | undefined;
  const write = (): Record<string, unknown> => (out ??= { ...obj });
  for (const [key, value] of Object.entries(obj)) {
    const child = schema.properties?.[key] ?? (typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined);
    if (!child) continue;
    if (value === null && !child.nullable) {
      if (child.default === undefined) delete write()[key];
      else write()[key] = defaulted(child);
      continue;
    }
    const next = normalize(value, child);
    if (next !== value) write()[key] = next;
  }
  for (const [key, child] of Object.entries(schema.properties ?? {})) {
    if (child.default !== undefined && !Object.prototype.hasOwnProperty.call(obj, key)) write()[key] = defaulted(child);
  }
  return out ?? obj;
}

// ---------------------------------------------------------------------------------------------------------------
// Structural schema → ajv (JSON Schema draft-07) schema.

type AjvSchema = Record<string, unknown>;

type FormatSpec =
  | { readonly type: 'number'; readonly text: string; readonly validate: (n: number) => boolean }
  | { readonly type: 'string'; readonly text: string; readonly validate: (s: string) => boolean };

/** String and number formats the API server validates; other formats are ignored, as the API server ignores them. */
const FORMATS: Record<string, FormatSpec> = {
  'int32': { type: 'number', text: 'a 32-bit integer (-2147483648 to 2147483647)', validate: (n: number) => n >= -(2 ** 31) && n < 2 ** 31 },
  'uint32': { type: 'number', text: 'an unsigned 32-bit integer (0 to 4294967295)', validate: (n: number) => n >= 0 && n < 2 ** 32 },
  'int64': { type: 'number', text: 'a 64-bit integer', validate: (n: number) => n >= -(2 ** 63) && n < 2 ** 63 },
  'date-time': { type: 'string', text: 'an RFC 3339 date-time', validate: isDateTime },
  'date': { type: 'string', text: 'a date (YYYY-MM-DD)', validate: (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s) && isCalendarDate(s) },
  'byte': { type: 'string', text: 'base64-encoded data', validate: (s: string) => /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(s.replace(/[\r\n]/g, '')) },
  'ipv4': { type: 'string', text: 'an IPv4 address', validate: (s: string) => isIP(s) !== 0 && s.includes('.') && !s.includes('%') },
  'ipv6': { type: 'string', text: 'an IPv6 address', validate: (s: string) => isIP(s) !== 0 && s.includes(':') && !s.includes('%') },
  'uuid': { type: 'string', text: 'a UUID', validate: (s: string) => /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{32})$/i.test(s) },
};

function isCalendarDate(s: string): boolean {
  const [y, m, d] = s.slice(0, 10).split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** The layouts Kubernetes' `strfmt.ParseDateTime` accepts: RFC 3339, optionally without seconds or time zone. */
function isDateTime(s: string): boolean {
  const m = /^(\d{4}-\d{2}-\d{2})[Tt](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:[Zz]|[+-](\d{2}):?(\d{2}))?$/.exec(s);
  if (!m || !isCalendarDate(m[1])) return false;
  const [hour, minute, second, zoneHour, zoneMinute] = m.slice(2).map((v) => Number(v ?? 0));
  return hour < 24 && minute < 60 && second < 61 && zoneHour < 24 && zoneMinute < 60;
}

const LIST_TYPE_KEYWORD = 'k8sListType';

interface ListTypeSchema {
  readonly type: 'set' | 'map';
  readonly keys?: readonly string[];
}

function createAjv(): Ajv {
  const regExp = Object.assign((pattern: string) => compileRe2(pattern), { code: 'compileRe2' });
  const ajv = new Ajv({ allErrors: true, verbose: true, strict: false, messages: false, ownProperties: true, code: { regExp } });
  for (const [name, format] of Object.entries(FORMATS)) ajv.addFormat(name, format);
  ajv.addKeyword(listTypeKeyword());
  return ajv;
}

/** `x-kubernetes-list-type: set` (items unique) and `map` (items unique by `x-kubernetes-list-map-keys`). */
function listTypeKeyword(): FuncKeywordDefinition {
  const validate: FuncKeywordDefinition['validate'] = (schema: ListTypeSchema, data: unknown[], _parent, ctx) => {
    const seen = new Map<string, number>();
    const errors: Partial<ErrorObject>[] = [];
    data.forEach((item, index) => {
      const key = JSON.stringify(schema.type === 'set' ? item : schema.keys!.map((k) => fieldOf(item, k) ?? null));
      const first = seen.get(key);
      if (first === undefined) {
        seen.set(key, index);
      } else {
        const entry = schema.type === 'set'
          ? formatValue(item)
          : `with ${schema.keys!.map((k) => `${k}=${formatValue(fieldOf(item, k))}`).join(', ')}`;
        errors.push({
          keyword: LIST_TYPE_KEYWORD,
          instancePath: pointerJoin(ctx?.instancePath ?? '', index),
          params: { message: `duplicate entry ${entry} (same as index ${first})` },
        });
      }
    });
    (validate as { errors?: Partial<ErrorObject>[] }).errors = errors;
    return errors.length === 0;
  };
  return { keyword: LIST_TYPE_KEYWORD, type: 'array', schemaType: 'object', errors: true, validate };
}

function fieldOf(item: unknown, key: string): unknown {
  return isPlainObject(item) ? item[key] : undefined;
}

function rootToAjv(root: SchemaNode): AjvSchema {
  const { apiVersion: _a, kind: _k, metadata: _m, status: _s, ...properties } = root.properties ?? {};
  const converted = toAjv({ ...root, type: 'object', properties }, true);
  return {
    ...converted,
    properties: {
      ...(converted.properties as AjvSchema),
      apiVersion: { type: 'string' },
      kind: { type: 'string' },
      metadata: { type: 'object' },
      status: true,
    },
  };
}

/**
 * Converts one schema node. `structural` is false inside `oneOf`/`anyOf`/`allOf`/`not`, where Kubernetes allows only
 * value validations: there, `properties` constrain the listed fields without making other fields unknown.
 */
function toAjv(s: SchemaNode, structural: boolean): AjvSchema {
  const out: AjvSchema = {};
  const types = typesOf(s);
  if (types) out.type = types.length === 1 ? types[0] : types;
  for (const key of ['enum', 'pattern', 'minimum', 'maximum', 'multipleOf', 'minLength', 'maxLength', 'minItems',
    'maxItems', 'minProperties', 'maxProperties', 'required'] as const) {
    if (s[key] !== undefined) out[key] = s[key];
  }
  // OpenAPI v3.0 booleans → JSON Schema draft-07 numbers
  if (s.exclusiveMinimum && s.minimum !== undefined) {
    out.exclusiveMinimum = s.minimum;
    delete out.minimum;
  }
  if (s.exclusiveMaximum && s.maximum !== undefined) {
    out.exclusiveMaximum = s.maximum;
    delete out.maximum;
  }
  if (s.format && FORMATS[s.format]) out.format = s.format;
  const properties = s['x-kubernetes-embedded-resource'] ? { ...EMBEDDED_RESOURCE_PROPERTIES, ...s.properties } : s.properties;
  if (properties) out.properties = Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, toAjv(v, structural)]));
  if (typeof s.additionalProperties === 'object') out.additionalProperties = toAjv(s.additionalProperties, structural);
  else if (structural && rejectsUnknownFields(s)) out.additionalProperties = false;
  if (s.items) out.items = toAjv(s.items, structural);
  const listType = listTypeOf(s);
  if (listType) out[LIST_TYPE_KEYWORD] = listType;
  for (const key of ['oneOf', 'anyOf', 'allOf'] as const) {
    const branches = s[key]?.filter((b) => !(s['x-kubernetes-int-or-string'] && isTypeOnly(b)));
    if (branches?.length) out[key] = branches.map((b) => toAjv(b, false));
  }
  if (s.not) out.not = toAjv(s.not, false);
  return out;
}

/** An `x-kubernetes-embedded-resource` object always has these fields (its metadata only has to be an object, as at the top). */
const EMBEDDED_RESOURCE_PROPERTIES: Record<string, SchemaNode> = {
  apiVersion: { type: 'string' },
  kind: { type: 'string' },
  metadata: { 'type': 'object', 'x-kubernetes-preserve-unknown-fields': true },
};

function typesOf(s: SchemaNode): string[] | undefined {
  const types = s['x-kubernetes-int-or-string'] ? ['integer', 'string'] : s.type ? [s.type] : undefined;
  return types && s.nullable ? [...types, 'null'] : types;
}

/** Objects with `properties`, or with no fields at all, reject other keys unless they preserve unknown fields. */
function rejectsUnknownFields(s: SchemaNode): boolean {
  return s.type === 'object' && !s['x-kubernetes-preserve-unknown-fields'] && s.additionalProperties === undefined;
}

function isTypeOnly(branch: SchemaNode): boolean {
  return Object.keys(branch).every((k) => k === 'type');
}

function listTypeOf(s: SchemaNode): ListTypeSchema | undefined {
  const listType = s['x-kubernetes-list-type'];
  if (listType === 'set') return { type: 'set' };
  const keys = s['x-kubernetes-list-map-keys'];
  return listType === 'map' && keys?.length ? { type: 'map', keys } : undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// ajv errors → one human issue per mistake.

/** An ajv error with the errors of the `oneOf`/`anyOf` alternatives it summarizes. */
interface ErrorGroup {
  readonly error: ErrorObject;
  readonly children: ErrorGroup[];
}

function translateErrors(errors: ErrorObject[]): { issues: ObjectIssue[]; blocking: boolean } {
  const groups = dropCascades(groupErrors(errors));
  const issues: ObjectIssue[] = [];
  const seen = new Set<string>();
  for (const group of groups) {
    const issue = toIssue(group);
    const key = `${issue.path}\u0000${issue.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    issues.push(issue);
  }
  const blocking = groups.some((g) => g.error.keyword === 'type' || g.error.keyword === 'enum');
  return { issues, blocking };
}

function within(path: string, base: string): boolean {
  return path === base || path.startsWith(base + '/');
}

/** ajv reports the errors of a composite's alternatives first, then the composite: fold them under it. */
function groupErrors(errors: ErrorObject[]): ErrorGroup[] {
  let groups: ErrorGroup[] = [];
  for (const error of errors) {
    if (error.keyword === 'oneOf' || error.keyword === 'anyOf') {
      const isChild = (g: ErrorGroup): boolean =>
        g.error.schemaPath.startsWith(error.schemaPath + '/') && within(g.error.instancePath, error.instancePath);
      groups = [...groups.filter((g) => !isChild(g)), { error, children: groups.filter(isChild) }];
    } else {
      groups.push({ error, children: [] });
    }
  }
  return groups;
}

/** A value of the wrong type gets one issue: drop the other errors about the same value. */
function dropCascades(groups: ErrorGroup[]): ErrorGroup[] {
  const typeErrors = new Set(groups.filter((g) => g.error.keyword === 'type').map((g) => g.error.instancePath));
  return groups.filter((g) => g.error.keyword === 'type' || !typeErrors.has(g.error.instancePath));
}

function toIssue(group: ErrorGroup): ObjectIssue {
  const { error } = group;
  if (error.keyword === 'additionalProperties') {
    const field = String(error.params.additionalProperty);
    return { check: ValidationCheck.UNKNOWN_FIELD, path: pointerJoin(error.instancePath, field), message: `unknown field "${field}"` };
  }
  if (error.keyword === 'required') {
    const field = String(error.params.missingProperty);
    return schemaIssue(pointerJoin(error.instancePath, field), `missing required field "${field}"`);
  }
  return schemaIssue(error.instancePath, messageFor(group));
}

function messageFor({ error, children }: ErrorGroup): string {
  const { keyword, data, params } = error;
  const schema = error.schema as any;
  const got = formatValue(data);
  switch (keyword) {
    case 'type': return `must be ${[error.parentSchema?.type].flat().join(' or ')}, got ${describe(data)}`;
    case 'enum': return `must be one of [${(schema as unknown[]).map(formatEnumValue).join(', ')}], got ${got}`;
    case 'pattern': return `must match pattern "${schema}", got ${got}`;
    case 'format': return `must be ${FORMATS[params.format]?.text ?? `a valid ${params.format}`}, got ${got}`;
    case 'minimum': return `must be >= ${schema}, got ${got}`;
    case 'maximum': return `must be <= ${schema}, got ${got}`;
    case 'exclusiveMinimum': return `must be > ${schema}, got ${got}`;
    case 'exclusiveMaximum': return `must be < ${schema}, got ${got}`;
    case 'multipleOf': return `must be a multiple of ${schema}, got ${got}`;
    case 'minLength': return `must be at least ${plural(schema, 'character')} long, got ${[...String(data)].length}`;
    case 'maxLength': return `must be at most ${plural(schema, 'character')} long, got ${[...String(data)].length}`;
    case 'minItems': return `must have at least ${plural(schema, 'item')}, got ${(data as unknown[]).length}`;
    case 'maxItems': return `must have at most ${plural(schema, 'item')}, got ${(data as unknown[]).length}`;
    case 'minProperties': return `must have at least ${plural(schema, 'entry', 'entries')}, got ${Object.keys(data as object).length}`;
    case 'maxProperties': return `must have at most ${plural(schema, 'entry', 'entries')}, got ${Object.keys(data as object).length}`;
    case LIST_TYPE_KEYWORD: return String(params.message);
    case 'oneOf': return oneOfMessage(error, children);
    case 'anyOf': return anyOfMessage(error, children);
    case 'not': return notMessage(schema, data);
    default: return `must satisfy "${keyword}" ${JSON.stringify(schema)}`;
  }
}

/** The field of an alternative that only says `required: [field]`. */
function requiredField(branch: AjvSchema): string | undefined {
  const required = branch.required as string[] | undefined;
  return Object.keys(branch).length === 1 && required?.length === 1 ? required[0] : undefined;
}

/** The fields of an alternative `not: {anyOf: [{required: [a]}, {required: [b]}]}` ("none of them set"). */
function forbiddenFields(branch: AjvSchema): string[] | undefined {
  const not = branch.not as AjvSchema | undefined;
  if (Object.keys(branch).length !== 1 || !not || Object.keys(not).length !== 1) return undefined;
  const fields = (not.anyOf as AjvSchema[] | undefined)?.map(requiredField);
  return fields?.every((f) => f !== undefined) ? fields as string[] : undefined;
}

function presentFields(data: unknown, fields: string[]): string[] {
  return isPlainObject(data) ? fields.filter((f) => data[f] !== undefined) : [];
}

/** Istio's protobuf oneofs: `oneOf: [{not: {anyOf: [required a, required b]}}, {required: [a]}, {required: [b]}]`. */
function oneOfMessage(error: ErrorObject, children: ErrorGroup[]): string {
  const branches = error.schema as AjvSchema[];
  const none = branches.map(forbiddenFields).find((f) => f !== undefined);
  const fields = branches.map(requiredField).filter((f): f is string => f !== undefined);
  if (fields.length + (none ? 1 : 0) === branches.length) {
    const set = presentFields(error.data, fields);
    const got = set.length === 0 ? 'none' : `[${set.join(', ')}]`;
    return none ? `only one of [${fields.join(', ')}] may be set, got ${got}` : `exactly one of [${fields.join(', ')}] must be set, got ${got}`;
  }
  const passing = error.params.passingSchemas as number[] | null;
  if (passing) return `must match exactly one of the oneOf alternatives, but matches alternatives ${passing.map((i) => i + 1).join(' and ')}`;
  return `must match exactly one of the oneOf alternatives: ${alternatives(error, children)}`;
}

function anyOfMessage(error: ErrorObject, children: ErrorGroup[]): string {
  const branches = error.schema as AjvSchema[];
  const fields = branches.map(requiredField);
  if (fields.every((f) => f !== undefined)) return `at least one of [${fields.join(', ')}] must be set`;
  const formats = branches.map((b) => (Object.keys(b).length === 1 ? FORMATS[b.format as string]?.text : undefined));
  if (formats.every((f) => f !== undefined)) return `must be ${formats.join(' or ')}, got ${formatValue(error.data)}`;
  return `must match at least one of the anyOf alternatives: ${alternatives(error, children)}`;
}

function notMessage(schema: AjvSchema, data: unknown): string {
  if (Array.isArray(schema.enum)) return `must not be one of [${schema.enum.map(formatEnumValue).join(', ')}], got ${formatValue(data)}`;
  const fields = forbiddenFields({ not: schema });
  if (fields) return `must not set any of [${fields.join(', ')}], got [${presentFields(data, fields).join(', ')}]`;
  return `must not match ${JSON.stringify(schema)}`;
}

/** What each failed alternative of a composite says: `/value: must be ... | /type: must not be ...`. */
function alternatives(error: ErrorObject, children: ErrorGroup[]): string {
  const prefix = error.schemaPath + '/';
  const byBranch = new Map<string, string[]>();
  for (const child of children) {
    const branch = child.error.schemaPath.slice(prefix.length).split('/')[0];
    const issue = toIssue(child);
    const relative = issue.path.slice(error.instancePath.length);
    const text = relative ? `${relative}: ${issue.message}` : issue.message;
    byBranch.set(branch, [...(byBranch.get(branch) ?? []), text]);
  }
  return [...byBranch.values()].map((texts) => texts.join('; ')).join(' | ');
}

function plural(n: number, word: string, words: string = `${word}s`): string {
  return `${n} ${n === 1 ? word : words}`;
}

function formatEnumValue(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** A value as shown after "got": JSON, shortened. */
function formatValue(value: unknown): string {
  const text = value === undefined ? 'nothing' : JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** A value with its JSON type, for type errors: `string "50"`, `integer 3`, `object`, `null`. */
function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'object') return 'object';
  if (typeof value === 'number') return `${Number.isInteger(value) ? 'integer' : 'number'} ${value}`;
  return `${typeof value} ${formatValue(value)}`;
}
