// The checks the Kubernetes API server codes in Go rather than in the OpenAPI schema (Kubernetes 1.32): object
// names, labels and annotations (apimachinery's ValidateObjectMeta), workload selectors, Service ports, and the
// parts of pod specs that most often go wrong (container, port, volume and env var names). Each returns issues with
// check API_SERVER; none of them assumes the object passed the schema (wrong types are skipped, the schema reports
// them).
import { ValidationCheck } from './finding';
import { ObjectIssue, pointerJoin, pointerTokens } from './object-issue';
import {
  DNS1035_LABEL as DNS1035_LABEL_RE,
  DNS1123_LABEL as DNS1123_LABEL_RE,
  DNS1123_SUBDOMAIN as DNS1123_SUBDOMAIN_RE,
  QUALIFIED_NAME_PART as QUALIFIED_NAME_RE,
} from '../core/names';

/** A name format of apimachinery (a `ValidateNameFunc`). */
interface NameFormat {
  /** What the format requires, as it reads in messages ("must be ..."). */
  readonly requirement: string;
  /** Longest allowed name, when the format limits it. */
  readonly maxLength?: number;
  /** Whether a name matches; `prefix` for `generateName`, where a trailing '-' is allowed. */
  matches(value: string, prefix: boolean): boolean;
}

const IANA_SVC_NAME_RE = /^[-a-z0-9]+$/;
/** 1.32's relaxed env var names (RelaxedEnvironmentVariableValidation, beta and on by default). */
const ENV_VAR_NAME_RE = /^[\x20-\x3c\x3e-\x7e]+$/;

/** A generated name gets a suffix appended, so a trailing '-' is fine: test it as if it were a letter. */
function maskTrailingDash(value: string): string {
  return value.length > 1 && value.endsWith('-') ? `${value.slice(0, -1)}a` : value;
}

function regexFormat(requirement: string, pattern: RegExp, maxLength: number): NameFormat {
  return { requirement, maxLength, matches: (value, prefix) => pattern.test(prefix ? maskTrailingDash(value) : value) };
}

const DNS_SUBDOMAIN = regexFormat(
  "must be a lowercase RFC 1123 subdomain (lowercase letters, digits, '-' and '.', starting and ending with an alphanumeric)",
  DNS1123_SUBDOMAIN_RE, 253);
const DNS_LABEL = regexFormat(
  "must be a lowercase RFC 1123 label (lowercase letters, digits and '-', starting and ending with an alphanumeric)",
  DNS1123_LABEL_RE, 63);
const DNS1035_LABEL = regexFormat(
  "must be a lowercase RFC 1035 label (lowercase letters, digits and '-', starting with a letter and ending with an alphanumeric)",
  DNS1035_LABEL_RE, 63);
/** RBAC names only have to be usable as one URL path segment. */
const PATH_SEGMENT: NameFormat = {
  requirement: "must be usable as a URL path segment (not '.' or '..', and without '/' or '%')",
  matches: (value, prefix) => !/[/%]/.test(value) && (prefix || (value !== '.' && value !== '..')),
};

/** The name format of each kind whose format is not a DNS subdomain (apimachinery's default). */
const NAME_FORMATS: Readonly<Record<string, NameFormat>> = {
  Service: DNS1035_LABEL,
  Namespace: DNS_LABEL,
  // A DNS label since Kubernetes 1.27: the name becomes the hostname of the set's pods.
  StatefulSet: DNS_LABEL,
  Role: PATH_SEGMENT,
  ClusterRole: PATH_SEGMENT,
  RoleBinding: PATH_SEGMENT,
  ClusterRoleBinding: PATH_SEGMENT,
};

const QUALIFIED_NAME = 'must be a qualified name (an optional lowercase DNS subdomain prefix and \'/\', then a name of at most ' +
  "63 characters: alphanumerics, '-', '_' and '.', starting and ending with an alphanumeric)";
const LABEL_VALUE = "must be a label value (empty, or at most 63 characters: alphanumerics, '-', '_' and '.', starting and " +
  'ending with an alphanumeric)';
const IANA_SVC_NAME = "must be an IANA service name (at most 15 characters: lowercase letters, digits and '-', with at least " +
  "one letter, and no leading, trailing or doubled '-')";
const ENV_VAR_NAME = "must consist of printable ASCII characters other than '='";
const PORT_NUMBER = 'must be between 1 and 65535';
const PROTOCOLS = ['TCP', 'UDP', 'SCTP'];
const ANNOTATIONS_MAX_BYTES = 256 * 1024;
/** The CronJob controller appends an 11-character suffix to the names of the Jobs it creates (at most 63). */
const CRONJOB_NAME_MAX_LENGTH = 52;

/** Where the pod template sits in each kind that has one. */
const POD_TEMPLATE_PATHS: Readonly<Record<string, readonly string[]>> = {
  PodTemplate: ['template'],
  ReplicationController: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  Deployment: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
};

/** The restart policies each kind allows in its pod template (unset means "Always", the default). */
const RESTART_POLICIES: Readonly<Record<string, readonly string[]>> = {
  ReplicationController: ['Always'],
  ReplicaSet: ['Always'],
  Deployment: ['Always'],
  StatefulSet: ['Always'],
  DaemonSet: ['Always'],
  Job: ['OnFailure', 'Never'],
  CronJob: ['OnFailure', 'Never'],
};

/** The checks specific to a kind, beyond object metadata and pod templates. */
const KIND_CHECKS: Readonly<Record<string, (obj: any) => ObjectIssue[]>> = {
  Service: checkService,
  ReplicaSet: (obj) => checkSelectedTemplate(objectAt(obj.spec), '/spec', obj.kind),
  Deployment: (obj) => checkSelectedTemplate(objectAt(obj.spec), '/spec', obj.kind),
  StatefulSet: (obj) => checkSelectedTemplate(objectAt(obj.spec), '/spec', obj.kind),
  DaemonSet: (obj) => checkSelectedTemplate(objectAt(obj.spec), '/spec', obj.kind),
  Job: (obj) => checkJobSelector(objectAt(obj.spec), '/spec'),
  CronJob: checkCronJob,
  PodDisruptionBudget: checkPodDisruptionBudget,
  CustomResourceDefinition: (obj) => [
    ...checkDerivedName(obj, [['spec', 'names', 'plural'], ['spec', 'group']]),
    ...checkStorageVersion(valueAt(obj, ['spec', 'versions'])),
  ],
  APIService: (obj) => checkDerivedName(obj, [['spec', 'version'], ['spec', 'group']]),
};

/**
 * The API server's Go-coded checks of one object of a core kind: metadata (name format of the kind, labels,
 * annotations, finalizers), then the checks of its kind, then its pod template if it has one.
 * @param obj a Kubernetes object of a kind `KubernetesSchemaValidator` handles
 */
export function apiServerChecks(obj: any): ObjectIssue[] {
  return [
    ...checkObjectMeta(obj.metadata, NAME_FORMATS[obj.kind]),
    ...(KIND_CHECKS[obj.kind]?.(obj) ?? []),
    ...checkPodTemplate(obj),
  ];
}

/**
 * apimachinery's `ValidateObjectMeta` on create: name (or generateName) in the given format, namespace, labels,
 * annotations and finalizers.
 * @param metadata the object's `metadata`
 * @param format the name format of the kind (a DNS subdomain unless given, as for custom resources)
 */
export function checkObjectMeta(metadata: any, format: NameFormat = DNS_SUBDOMAIN): ObjectIssue[] {
  if (metadata === undefined || metadata === null) {
    return [missing('/metadata/name', 'set metadata.name (or metadata.generateName)')];
  }
  if (!isObject(metadata)) return [];
  return [
    ...checkName(metadata, format),
    ...(nonEmptyString(metadata.namespace) ? formatIssues('/metadata/namespace', metadata.namespace, DNS_LABEL) : []),
    ...checkLabels(metadata.labels, '/metadata/labels'),
    ...checkAnnotations(metadata.annotations, '/metadata/annotations'),
    ...arrayAt(metadata.finalizers).flatMap((f, i) => (typeof f === 'string' && !isQualifiedName(f)
      ? [invalid(pointerJoin('/metadata/finalizers', i), QUALIFIED_NAME, f)] : [])),
  ];
}

/**
 * A JSON pointer as a field path in kubectl's style: `spec.containers[0].name`, `metadata.labels["app.kubernetes.io/name"]`.
 * Tokens made only of digits are read as array indexes.
 * @param pointer a JSON pointer into an object
 */
export function describePointer(pointer: string): string {
  if (pointer === '') return '(object)';
  return pointerTokens(pointer).map((token, i) => {
    if (/^\d+$/.test(token)) return `[${token}]`;
    if (/^[A-Za-z_$][\w$-]*$/.test(token)) return i === 0 ? token : `.${token}`;
    return `[${JSON.stringify(token)}]`;
  }).join('');
}

/**
 * A value as it is quoted in messages: JSON, shortened past 80 characters.
 * @param value any JSON value
 */
export function renderValue(value: unknown): string {
  const text = value === undefined ? 'nothing' : JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function issue(path: string, message: string): ObjectIssue {
  return { check: ValidationCheck.API_SERVER, path, message };
}

/** `<field>: <requirement>, got <value>[; <hint>]`. */
function invalid(pointer: string, requirement: string, value: unknown, hint?: string): ObjectIssue {
  return issue(pointer, `${describePointer(pointer)}: ${requirement}, got ${renderValue(value)}${hint ? `; ${hint}` : ''}`);
}

function missing(pointer: string, hint?: string): ObjectIssue {
  return issue(pointer, `${describePointer(pointer)}: required field is missing${hint ? `; ${hint}` : ''}`);
}

/** A value seen twice where it must be unique: reports the second one, naming the first. */
function uniqueIssues(seen: Map<string, string>, value: unknown, pointer: string, scope: string): ObjectIssue[] {
  if (!nonEmptyString(value)) return [];
  const first = seen.get(value);
  if (first === undefined) {
    seen.set(value, pointer);
    return [];
  }
  return [invalid(pointer, `must be unique within the ${scope}`, value, `${describePointer(first)} has it too`)];
}

function isObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function objectAt(value: unknown): Record<string, any> {
  return isObject(value) ? value : {};
}

function arrayAt(value: unknown): any[] {
  return Array.isArray(value) ? value : [];
}

function nonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}

function valueAt(obj: unknown, path: readonly string[]): unknown {
  return path.reduce<unknown>((current, key) => (isObject(current) ? current[key] : undefined), obj);
}

function formatIssues(pointer: string, value: string, format: NameFormat, prefix = false): ObjectIssue[] {
  const issues: ObjectIssue[] = [];
  if (format.maxLength !== undefined && value.length > format.maxLength) {
    issues.push(invalid(pointer, `must be no more than ${format.maxLength} characters`, value, `it has ${value.length}`));
  }
  if (!format.matches(value, prefix)) issues.push(invalid(pointer, format.requirement, value));
  return issues;
}

function checkName(metadata: Record<string, any>, format: NameFormat): ObjectIssue[] {
  const { name, generateName } = metadata;
  const issues = nonEmptyString(generateName) ? formatIssues('/metadata/generateName', generateName, format, true) : [];
  if (nonEmptyString(name)) return [...issues, ...formatIssues('/metadata/name', name, format)];
  const absent = name === undefined || name === null || name === '';
  return absent && !nonEmptyString(generateName)
    ? [missing('/metadata/name', 'set metadata.name (or metadata.generateName)')]
    : issues;
}

function isQualifiedName(value: string): boolean {
  const parts = value.split('/');
  if (parts.length > 2) return false;
  const name = parts[parts.length - 1];
  if (parts.length === 2) {
    const prefix = parts[0];
    if (prefix.length === 0 || prefix.length > 253 || !DNS1123_SUBDOMAIN_RE.test(prefix)) return false;
  }
  return name.length <= 63 && QUALIFIED_NAME_RE.test(name);
}

function isLabelValue(value: string): boolean {
  return value === '' || (value.length <= 63 && QUALIFIED_NAME_RE.test(value));
}

/** Label keys and values (apimachinery's `ValidateLabels`), for `metadata.labels` and `matchLabels`-like maps. */
function checkLabels(labels: unknown, pointer: string): ObjectIssue[] {
  if (!isObject(labels)) return [];
  return Object.entries(labels).flatMap(([key, value]) => [
    ...(isQualifiedName(key) ? [] : [issue(pointerJoin(pointer, key),
      `${describePointer(pointer)}: key ${QUALIFIED_NAME}, got ${renderValue(key)}`)]),
    ...(typeof value === 'string' && !isLabelValue(value) ? [invalid(pointerJoin(pointer, key), LABEL_VALUE, value)] : []),
  ]);
}

/** Annotation keys (qualified names, compared in lower case) and total size (apimachinery's `ValidateAnnotations`). */
function checkAnnotations(annotations: unknown, pointer: string): ObjectIssue[] {
  if (!isObject(annotations)) return [];
  let bytes = 0;
  const issues: ObjectIssue[] = [];
  for (const [key, value] of Object.entries(annotations)) {
    bytes += Buffer.byteLength(key) + (typeof value === 'string' ? Buffer.byteLength(value) : 0);
    if (!isQualifiedName(key.toLowerCase())) {
      issues.push(issue(pointerJoin(pointer, key), `${describePointer(pointer)}: key ${QUALIFIED_NAME}, got ${renderValue(key)}`));
    }
  }
  if (bytes > ANNOTATIONS_MAX_BYTES) {
    issues.push(issue(pointer, `${describePointer(pointer)}: must total at most ${ANNOTATIONS_MAX_BYTES} bytes (256 KiB) of keys ` +
      `and values, got ${bytes} bytes; move large data to a ConfigMap`));
  }
  return issues;
}

/** A name that must be derived from spec fields (CustomResourceDefinition, APIService). */
function checkDerivedName(obj: any, parts: ReadonlyArray<readonly string[]>): ObjectIssue[] {
  const values = parts.map((path) => valueAt(obj, path));
  const name = valueAt(obj, ['metadata', 'name']);
  if (!nonEmptyString(name) || !values.every(nonEmptyString)) return [];
  const expected = values.join('.');
  const formula = parts.map((path) => path.join('.')).join(' + "." + ');
  return name === expected ? [] : [invalid('/metadata/name', `must be ${formula} (${renderValue(expected)})`, name)];
}

/** A CustomResourceDefinition stores its objects in exactly one of its versions. */
function checkStorageVersion(versions: unknown): ObjectIssue[] {
  if (!Array.isArray(versions) || versions.length === 0) return [];
  const count = versions.filter((v) => isObject(v) && v.storage === true).length;
  return count === 1 ? [] : [invalid('/spec/versions', 'must have exactly one version with storage: true', count,
    'mark the version the API server stores objects in')];
}

// ---------------------------------------------------------------------------------------------------------------
// Label selectors

const OPERATORS_WITH_VALUES = ['In', 'NotIn'];
const OPERATORS_WITHOUT_VALUES = ['Exists', 'DoesNotExist'];

/** apimachinery's `ValidateLabelSelector`: matchLabels as labels, matchExpressions' keys, operators and values. */
function checkLabelSelector(selector: Record<string, any>, pointer: string): ObjectIssue[] {
  return [
    ...checkLabels(selector.matchLabels, pointerJoin(pointer, 'matchLabels')),
    ...arrayAt(selector.matchExpressions).flatMap((expr, i) => (isObject(expr)
      ? checkSelectorRequirement(expr, pointerJoin(pointerJoin(pointer, 'matchExpressions'), i)) : [])),
  ];
}

function checkSelectorRequirement(expr: Record<string, any>, pointer: string): ObjectIssue[] {
  const issues: ObjectIssue[] = [];
  const values = arrayAt(expr.values);
  if (typeof expr.key === 'string' && !isQualifiedName(expr.key)) {
    issues.push(invalid(pointerJoin(pointer, 'key'), QUALIFIED_NAME, expr.key));
  }
  if (OPERATORS_WITH_VALUES.includes(expr.operator)) {
    if (values.length === 0) issues.push(invalid(pointerJoin(pointer, 'values'), 'must be non-empty when operator is "In" or "NotIn"', expr.values ?? []));
    values.forEach((v, i) => {
      if (typeof v === 'string' && !isLabelValue(v)) issues.push(invalid(pointerJoin(pointerJoin(pointer, 'values'), i), LABEL_VALUE, v));
    });
  } else if (OPERATORS_WITHOUT_VALUES.includes(expr.operator)) {
    if (values.length > 0) issues.push(invalid(pointerJoin(pointer, 'values'), 'must be empty when operator is "Exists" or "DoesNotExist"', values));
  } else if (typeof expr.operator === 'string') {
    issues.push(invalid(pointerJoin(pointer, 'operator'), 'must be one of "In", "NotIn", "Exists", "DoesNotExist"', expr.operator));
  }
  return issues;
}

function isEmptySelector(selector: Record<string, any>): boolean {
  return Object.keys(objectAt(selector.matchLabels)).length === 0 && arrayAt(selector.matchExpressions).length === 0;
}

function requirementMatches(expr: Record<string, any>, labels: Record<string, any>): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, expr.key);
  const inValues = has && arrayAt(expr.values).includes(labels[expr.key]);
  switch (expr.operator) {
    case 'In': return inValues;
    case 'NotIn': return !inValues;
    case 'Exists': return has;
    default: return !has; // DoesNotExist (other operators were reported by checkLabelSelector)
  }
}

function selectorMatches(selector: Record<string, any>, labels: Record<string, any>): boolean {
  return Object.entries(objectAt(selector.matchLabels)).every(([k, v]) => labels[k] === v)
    && arrayAt(selector.matchExpressions).every((expr) => !isObject(expr) || requirementMatches(expr, labels));
}

/**
 * A controller's selector: required, valid, non-empty (unless `allowEmpty`) and selecting the labels of its pod
 * template, as the API server checks for Deployments, ReplicaSets, StatefulSets, DaemonSets and manual-selector Jobs.
 */
function checkSelectedTemplate(spec: Record<string, any>, base: string, kind: string, allowEmpty = false): ObjectIssue[] {
  const pointer = pointerJoin(base, 'selector');
  const labelsPointer = `${base}/template/metadata/labels`;
  const selector = spec.selector;
  if (selector === undefined || selector === null) {
    return [missing(pointer, `set matchLabels that select ${describePointer(labelsPointer)}`)];
  }
  if (!isObject(selector)) return [];
  const invalidSelector = checkLabelSelector(selector, pointer);
  if (invalidSelector.length > 0) return invalidSelector;
  if (isEmptySelector(selector)) {
    return allowEmpty ? [] : [invalid(pointer, `must not be empty for a ${kind}`, selector,
      `set matchLabels or matchExpressions that select ${describePointer(labelsPointer)}`)];
  }
  const labels = objectAt(valueAt(spec, ['template', 'metadata', 'labels']));
  return selectorMatches(selector, labels) ? [] : [invalid(labelsPointer,
    `must be selected by ${describePointer(pointer)} ${renderValue(selector)}`, labels,
    'give the pod template the labels the selector selects')];
}

/** Jobs generate their selector unless `manualSelector` is true. */
function checkJobSelector(spec: Record<string, any>, base: string): ObjectIssue[] {
  if (spec.manualSelector === true) return checkSelectedTemplate(spec, base, 'Job', true);
  const selector = spec.selector;
  return isObject(selector) && !isEmptySelector(selector)
    ? [invalid(pointerJoin(base, 'selector'), `must not be set unless ${describePointer(pointerJoin(base, 'manualSelector'))} is true`,
      selector, 'remove it (the API server generates it) or set manualSelector: true')]
    : [];
}

function checkCronJob(obj: any): ObjectIssue[] {
  const name = valueAt(obj, ['metadata', 'name']);
  const jobSpec = objectAt(valueAt(obj, ['spec', 'jobTemplate', 'spec']));
  const issues: ObjectIssue[] = [];
  if (typeof name === 'string' && name.length > CRONJOB_NAME_MAX_LENGTH) {
    issues.push(invalid('/metadata/name', `must be no more than ${CRONJOB_NAME_MAX_LENGTH} characters for a CronJob`, name,
      'the CronJob controller appends an 11-character suffix to name its Jobs'));
  }
  if (isObject(jobSpec.selector)) {
    issues.push(invalid('/spec/jobTemplate/spec/selector', 'must not be set in a CronJob', jobSpec.selector,
      'the API server generates the selector of each Job'));
  }
  if (jobSpec.manualSelector === true) {
    issues.push(invalid('/spec/jobTemplate/spec/manualSelector', 'must not be true in a CronJob', true));
  }
  return issues;
}

function checkPodDisruptionBudget(obj: any): ObjectIssue[] {
  const spec = objectAt(obj.spec);
  const both = spec.minAvailable !== undefined && spec.minAvailable !== null
    && spec.maxUnavailable !== undefined && spec.maxUnavailable !== null;
  return [
    ...(isObject(spec.selector) ? checkLabelSelector(spec.selector, '/spec/selector') : []),
    ...(both ? [invalid('/spec', 'must not set both minAvailable and maxUnavailable',
      { minAvailable: spec.minAvailable, maxUnavailable: spec.maxUnavailable }, 'keep one of them')] : []),
  ];
}

// ---------------------------------------------------------------------------------------------------------------
// Services

function checkService(obj: any): ObjectIssue[] {
  const spec = objectAt(obj.spec);
  return [...checkServicePorts(spec), ...checkLabels(spec.selector, '/spec/selector')];
}

function checkServicePorts(spec: Record<string, any>): ObjectIssue[] {
  const ports = spec.ports;
  if (!Array.isArray(ports) || ports.length === 0) {
    if (spec.clusterIP === 'None' || spec.type === 'ExternalName' || (ports !== undefined && ports !== null && !Array.isArray(ports))) return [];
    const hint = 'a Service needs ports unless it is headless (clusterIP: None) or of type ExternalName';
    return [Array.isArray(ports) ? invalid('/spec/ports', 'must not be empty', ports, hint) : missing('/spec/ports', hint)];
  }
  const names = new Map<string, string>();
  const keys = new Map<string, string>();
  return ports.flatMap((port, i) => (isObject(port) ? checkServicePort(port, `/spec/ports/${i}`, ports.length > 1, names, keys) : []));
}

function checkServicePort(port: Record<string, any>, pointer: string, nameRequired: boolean,
  names: Map<string, string>, keys: Map<string, string>): ObjectIssue[] {
  const namePointer = pointerJoin(pointer, 'name');
  const issues: ObjectIssue[] = [];
  if (nonEmptyString(port.name)) {
    issues.push(...formatIssues(namePointer, port.name, DNS_LABEL), ...uniqueIssues(names, port.name, namePointer, 'Service'));
  } else if (nameRequired) {
    issues.push(missing(namePointer, 'every port of a Service with more than one port needs a name'));
  }
  issues.push(...portNumberIssues(port.port, pointerJoin(pointer, 'port')), ...protocolIssues(port.protocol, pointerJoin(pointer, 'protocol')));
  issues.push(...portNumberOrNameIssues(port.targetPort, pointerJoin(pointer, 'targetPort')));
  if (typeof port.port === 'number') {
    const key = `${port.port}/${port.protocol ?? 'TCP'}`;
    issues.push(...uniqueIssues(keys, key, pointer, 'Service (port/protocol)'));
  }
  return issues;
}

function portNumberIssues(port: unknown, pointer: string): ObjectIssue[] {
  return typeof port === 'number' && (port < 1 || port > 65535) ? [invalid(pointer, PORT_NUMBER, port)] : [];
}

/** A target port: a number (0 defaults to the port) or the name of a container port. */
function portNumberOrNameIssues(port: unknown, pointer: string): ObjectIssue[] {
  if (typeof port === 'number') return port === 0 ? [] : portNumberIssues(port, pointer);
  return nonEmptyString(port) && !isPortName(port) ? [invalid(pointer, IANA_SVC_NAME, port)] : [];
}

function protocolIssues(protocol: unknown, pointer: string): ObjectIssue[] {
  return typeof protocol === 'string' && !PROTOCOLS.includes(protocol)
    ? [invalid(pointer, `must be one of ${PROTOCOLS.map((p) => `"${p}"`).join(', ')}`, protocol)]
    : [];
}

function isPortName(name: string): boolean {
  return name.length <= 15 && IANA_SVC_NAME_RE.test(name) && /[a-z]/.test(name)
    && !name.startsWith('-') && !name.endsWith('-') && !name.includes('--');
}

// ---------------------------------------------------------------------------------------------------------------
// Pod templates and pod specs

const CONTAINER_LISTS = ['containers', 'initContainers', 'ephemeralContainers'];

function checkPodTemplate(obj: any): ObjectIssue[] {
  if (obj.kind === 'Pod') return checkPodSpec(obj.spec, '/spec', []);
  const path = POD_TEMPLATE_PATHS[obj.kind];
  const template = path ? valueAt(obj, path) : undefined;
  if (!path || !isObject(template)) return [];
  const base = `/${path.join('/')}`;
  const metadata = objectAt(template.metadata);
  return [
    ...checkLabels(metadata.labels, `${base}/metadata/labels`),
    ...checkAnnotations(metadata.annotations, `${base}/metadata/annotations`),
    ...checkRestartPolicy(template.spec, `${base}/spec/restartPolicy`, obj.kind),
    ...checkPodSpec(template.spec, `${base}/spec`, claimTemplateNames(obj)),
  ];
}

/**
 * A StatefulSet's pods also mount the volumes of its claim templates. (The API server leaves a StatefulSet's pod spec
 * unchecked until the controller creates the pods; we check it here, with those names counted as volumes.)
 */
function claimTemplateNames(obj: any): string[] {
  if (obj.kind !== 'StatefulSet') return [];
  return arrayAt(valueAt(obj, ['spec', 'volumeClaimTemplates'])).map((t) => valueAt(t, ['metadata', 'name'])).filter(nonEmptyString);
}

function checkRestartPolicy(spec: unknown, pointer: string, kind: string): ObjectIssue[] {
  const allowed = RESTART_POLICIES[kind];
  const policy = valueAt(spec, ['restartPolicy']);
  if (!allowed || allowed.includes(typeof policy === 'string' ? policy : 'Always')) return [];
  const quoted = allowed.map((p) => `"${p}"`).join(' or ');
  return policy === undefined || policy === null
    ? [missing(pointer, `the pods of a ${kind} must set ${quoted} (the default, "Always", is not allowed)`)]
    : [invalid(pointer, `must be ${quoted} for a ${kind}`, policy)];
}

function checkPodSpec(spec: unknown, base: string, extraVolumes: string[]): ObjectIssue[] {
  if (!isObject(spec)) return [];
  const volumeIssues = checkVolumes(spec.volumes, pointerJoin(base, 'volumes'));
  const volumes = new Set([...arrayAt(spec.volumes).map((v) => valueAt(v, ['name'])).filter(nonEmptyString), ...extraVolumes]);
  return [...volumeIssues, ...checkContainers(spec, base, volumes)];
}

function checkVolumes(volumes: unknown, pointer: string): ObjectIssue[] {
  const seen = new Map<string, string>();
  return arrayAt(volumes).flatMap((volume, i) => {
    const name = valueAt(volume, ['name']);
    const namePointer = `${pointer}/${i}/name`;
    return nonEmptyString(name) ? [...formatIssues(namePointer, name, DNS_LABEL), ...uniqueIssues(seen, name, namePointer, 'pod')] : [];
  });
}

/** Container names are unique across containers, init containers and ephemeral containers. */
function checkContainers(spec: Record<string, any>, base: string, volumes: ReadonlySet<string>): ObjectIssue[] {
  const issues: ObjectIssue[] = [];
  if (Array.isArray(spec.containers) && spec.containers.length === 0) {
    issues.push(invalid(pointerJoin(base, 'containers'), 'must not be empty', [], 'a pod needs at least one container'));
  }
  const names = new Map<string, string>();
  for (const list of CONTAINER_LISTS) {
    arrayAt(spec[list]).forEach((container, i) => {
      if (!isObject(container)) return;
      const pointer = `${base}/${list}/${i}`;
      issues.push(...checkContainer(container, pointer, volumes), ...uniqueIssues(names, container.name, `${pointer}/name`, 'pod'));
    });
  }
  return issues;
}

function checkContainer(container: Record<string, any>, pointer: string, volumes: ReadonlySet<string>): ObjectIssue[] {
  return [
    ...(typeof container.name === 'string' ? formatIssues(`${pointer}/name`, container.name, DNS_LABEL) : []),
    ...(container.image === undefined || container.image === null || container.image === '' ? [missing(`${pointer}/image`)] : []),
    ...checkContainerPorts(container.ports, `${pointer}/ports`),
    ...arrayAt(container.env).flatMap((env, i) => checkEnvVarName(valueAt(env, ['name']), `${pointer}/env/${i}/name`)),
    ...checkVolumeMounts(container.volumeMounts, `${pointer}/volumeMounts`, volumes),
  ];
}

/** Port names are unique within one container (the API server does not compare containers). */
function checkContainerPorts(ports: unknown, pointer: string): ObjectIssue[] {
  const names = new Map<string, string>();
  return arrayAt(ports).flatMap((port, i) => {
    if (!isObject(port)) return [];
    const portPointer = `${pointer}/${i}`;
    const name = port.name;
    const nameIssues = nonEmptyString(name) && !isPortName(name)
      ? [invalid(`${portPointer}/name`, IANA_SVC_NAME, name)]
      : uniqueIssues(names, name, `${portPointer}/name`, 'container');
    return [
      ...nameIssues,
      ...portNumberIssues(port.containerPort, `${portPointer}/containerPort`),
      ...(port.hostPort === 0 ? [] : portNumberIssues(port.hostPort, `${portPointer}/hostPort`)),
      ...protocolIssues(port.protocol, `${portPointer}/protocol`),
    ];
  });
}

function checkEnvVarName(name: unknown, pointer: string): ObjectIssue[] {
  if (typeof name !== 'string') return [];
  return ENV_VAR_NAME_RE.test(name) ? [] : [invalid(pointer, name === '' ? 'must not be empty' : ENV_VAR_NAME, name)];
}

function checkVolumeMounts(mounts: unknown, pointer: string, volumes: ReadonlySet<string>): ObjectIssue[] {
  const paths = new Map<string, string>();
  const known = volumes.size === 0 ? 'the pod has no volumes' : `the pod's volumes are ${[...volumes].map((v) => `"${v}"`).join(', ')}`;
  return arrayAt(mounts).flatMap((mount, i) => {
    if (!isObject(mount)) return [];
    const mountPointer = `${pointer}/${i}`;
    return [
      ...(typeof mount.name === 'string' && !volumes.has(mount.name)
        ? [invalid(`${mountPointer}/name`, 'must be the name of a volume of the pod', mount.name, known)] : []),
      ...uniqueIssues(paths, mount.mountPath, `${mountPointer}/mountPath`, 'container'),
    ];
  });
}
