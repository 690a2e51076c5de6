import { readFileSync } from 'fs';
import { join } from 'path';
import Ajv, { ErrorObject, FormatDefinition, ValidateFunction } from 'ajv';
import { apiServerChecks, checkObjectMeta, describePointer, renderValue } from './apiserver-checks';
import { ValidationCheck } from './finding';
import { ObjectIssue, pointerJoin } from './object-issue';

/** The committed schema file (see scripts/generate-k8s-schemas.mjs). */
interface SchemaFile {
  /** Definition name → JSON schema; `$ref`s point at `#/$defs/<name>`. */
  readonly $defs: Record<string, object>;
  /** "apiVersion/Kind" → definition name. */
  readonly kinds: Record<string, string>;
}

const SCHEMA_ID = 'https://cdk8s-istio.dev/schemas/kubernetes-1.32-strict.json';
const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';

/** A format the schemas use: how to check it and what it requires, as it reads in messages. */
interface FormatSpec {
  readonly requirement: string;
  readonly definition: FormatDefinition<string> | FormatDefinition<number>;
}

/** The formats the schemas use, as the API server's JSON decoding enforces them. */
const FORMATS: Readonly<Record<string, FormatSpec>> = {
  'int32': {
    requirement: 'must be a 32-bit integer (-2147483648 to 2147483647)',
    definition: { type: 'number', validate: (n: number) => n >= -2147483648 && n <= 2147483647 },
  },
  'int64': {
    requirement: 'must be a 64-bit integer',
    definition: { type: 'number', validate: (n: number) => Math.abs(n) <= 2 ** 63 },
  },
  'byte': {
    requirement: 'must be base64-encoded (standard alphabet, with padding)',
    definition: {
      type: 'string',
      validate: (s: string) => /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(s.replace(/[\r\n]/g, '')),
    },
  },
  'date-time': {
    requirement: 'must be an RFC 3339 date-time such as "2025-01-31T12:00:00Z"',
    definition: { type: 'string', validate: isRfc3339 },
  },
  'quantity': {
    requirement: 'must be a quantity such as "500m", "128Mi", "1.5" or "2e3"',
    definition: {
      type: 'string',
      validate: (s: string) => /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[KMGTPE]i|[numkMGTPE]|[eE][+-]?\d+)?$/.test(s.trim()),
    },
  },
};

function isRfc3339(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:Z|[+-](\d{2}):(\d{2}))$/.exec(value);
  if (!m) return false;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day && hour < 24 && minute < 60 && second < 60
    && (m[7] === undefined || (Number(m[7]) < 24 && Number(m[8]) < 60));
}

function createAjv(): Ajv {
  const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, allowUnionTypes: true, validateSchema: false, code: { optimize: false } });
  for (const [name, format] of Object.entries(FORMATS)) ajv.addFormat(name, format.definition);
  return ajv;
}

/**
 * Validates objects of the core Kubernetes kinds (Deployment, Service, RBAC, webhooks, CRDs, ...) the way the
 * Kubernetes 1.32 API server does: against the strict OpenAPI schema, with unknown fields rejected (kubectl's default
 * strict field validation), plus the API server's Go-coded checks (object names, labels, selectors, unique port,
 * container and volume names, ...).
 *
 * Schemas are compiled lazily, once per kind, and cached: construct one instance per process.
 */
export class KubernetesSchemaValidator {
  /**
   * Reads the committed schemas (`schemas/kubernetes-1.32-strict.json` at the package root, the same path from `src/`
   * and `lib/`, so no build step has to copy it).
   */
  public static load(): KubernetesSchemaValidator {
    const text = readFileSync(join(__dirname, '..', '..', 'schemas', 'kubernetes-1.32-strict.json'), 'utf8');
    return new KubernetesSchemaValidator(JSON.parse(text));
  }

  private readonly ajv: Ajv;
  private readonly kinds: ReadonlyMap<string, string>;
  private readonly validators = new Map<string, ValidateFunction>();

  private constructor(file: SchemaFile) {
    this.kinds = new Map(Object.entries(file.kinds));
    this.ajv = createAjv();
    this.ajv.addSchema({ $id: SCHEMA_ID, $defs: file.$defs });
  }

  /**
   * Whether this validator knows the kind.
   * @param apiVersion e.g. `apps/v1`, `v1`
   * @param kind e.g. `Deployment`
   */
  public handles(apiVersion: string, kind: string): boolean {
    return this.kinds.has(`${apiVersion}/${kind}`);
  }

  /**
   * Validates one object of a kind this validator handles: schema issues first, then the API server's checks.
   * Returns no issue for kinds it does not handle (ask `handles` first).
   * @param obj the object, as parsed from YAML or JSON
   */
  public validate(obj: any): ObjectIssue[] {
    const definition = this.kinds.get(`${obj.apiVersion}/${obj.kind}`);
    if (definition === undefined) return [];
    return withoutRepeats(this.schemaIssues(definition, obj, ''), apiServerChecks(obj));
  }

  /**
   * Validates only the `metadata` of an object, of any kind (custom resources included): the strict ObjectMeta
   * schema, then the API server's checks of the name (a DNS subdomain), labels, annotations and finalizers.
   * @param obj the object, as parsed from YAML or JSON
   */
  public validateObjectMeta(obj: any): ObjectIssue[] {
    const metadata = obj?.metadata;
    const schema = metadata === undefined ? [] : this.schemaIssues(OBJECT_META, metadata, '/metadata');
    return withoutRepeats(schema, checkObjectMeta(metadata));
  }

  private schemaIssues(definition: string, value: unknown, base: string): ObjectIssue[] {
    const validate = this.validator(definition);
    return validate(value) ? [] : (validate.errors ?? []).map((error) => toIssue(error, base));
  }

  private validator(definition: string): ValidateFunction {
    let validate = this.validators.get(definition);
    if (validate === undefined) {
      validate = this.ajv.getSchema(`${SCHEMA_ID}#/$defs/${definition}`);
      if (validate === undefined) throw new Error(`kubernetes-1.32-strict.json has no definition ${definition}`);
      this.validators.set(definition, validate);
    }
    return validate;
  }
}

/**
 * Schema issues, then the API server's issues at paths the schema did not already flag (a selector that is missing is
 * both a schema `required` and an API-server `Required`: reported once).
 */
function withoutRepeats(schema: ObjectIssue[], apiServer: ObjectIssue[]): ObjectIssue[] {
  const flagged = new Set(schema.map((i) => i.path));
  return [...schema, ...apiServer.filter((i) => !flagged.has(i.path))];
}

function toIssue(error: ErrorObject, base: string): ObjectIssue {
  const pointer = base + error.instancePath;
  switch (error.keyword) {
    case 'additionalProperties':
      return unknownFieldIssue(pointer, error.params.additionalProperty, error.parentSchema?.properties ?? {});
    case 'required': {
      const path = pointerJoin(pointer, error.params.missingProperty);
      return { check: ValidationCheck.SCHEMA, path, message: `${describePointer(path)}: required field is missing` };
    }
    default:
      return {
        check: ValidationCheck.SCHEMA,
        path: pointer,
        message: `${describePointer(pointer)}: ${requirement(error)}, got ${renderValue(error.data)}`,
      };
  }
}

function requirement(error: ErrorObject): string {
  switch (error.keyword) {
    case 'type':
      return `must be ${typeList(error.params.type)}`;
    case 'format':
      return FORMATS[error.params.format]?.requirement ?? `must match format "${error.params.format}"`;
    case 'enum':
      return `must be one of ${error.params.allowedValues.map(renderValue).join(', ')}`;
    default:
      return error.message ?? 'is invalid';
  }
}

/** ["string", "integer", "null"] → "a string or an integer" (null is accepted everywhere, as "unset"). */
function typeList(types: string | string[]): string {
  const names = (Array.isArray(types) ? types : [types]).filter((t) => t !== 'null');
  return names.map((t) => (/^[aeiou]/.test(t) ? `an ${t}` : `a ${t}`)).join(' or ');
}

function unknownFieldIssue(parent: string, field: string, known: Record<string, unknown>): ObjectIssue {
  const path = pointerJoin(parent, field);
  const suggestion = closestField(field, Object.keys(known));
  const hint = suggestion !== undefined
    ? `did you mean "${suggestion}"?`
    : 'remove it, or check its spelling and indentation';
  return {
    check: ValidationCheck.UNKNOWN_FIELD,
    path,
    message: `${describePointer(path)}: unknown field (not in the Kubernetes 1.32 schema); ${hint}`,
  };
}

/** The known field a misspelt one most likely meant: same letters in another case, or at most 2 edits away. */
function closestField(field: string, known: string[]): string | undefined {
  const lower = field.toLowerCase();
  const sameCase = known.find((k) => k.toLowerCase() === lower);
  if (sameCase !== undefined) return sameCase;
  let best: string | undefined;
  let bestDistance = 3;
  for (const k of known) {
    const d = editDistance(lower, k.toLowerCase());
    if (d < bestDistance && d < Math.max(k.length, field.length) / 2) {
      best = k;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}
