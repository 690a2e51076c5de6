#!/usr/bin/env node
// Generates schemas/kubernetes-1.32-strict.json: the strict JSON schemas of the core Kubernetes kinds
// that KubernetesSchemaValidator checks objects against.
//
// Source: the PyPI wheel of kubernetes-validate 1.37.0, which ships JSON schemas generated from the Kubernetes
// OpenAPI spec, in a "strict" flavour (`additionalProperties: false` on every object, as kubectl's default strict
// field validation). We take its Kubernetes v1.32.0 flavour (a version Istio 1.30 supports). Get the wheel with
//
//   pip download --no-deps kubernetes-validate==1.37.0
//
// and run
//
//   node scripts/generate-k8s-schemas.mjs kubernetes_validate-1.37.0-py3-none-any.whl
//
// The wheel's sha256 is pinned below: a different wheel is refused. `unzip` must be on the PATH.
//
// What the script does:
// - keeps only the definitions reachable from the kinds in KINDS (found by their `x-kubernetes-group-version-kind`);
// - drops from `required` the fields the API server does not actually require (NOT_REQUIRED);
// - strips documentation and the `x-kubernetes-*` annotations (list and map merge types, unions), which JSON Schema
//   validation does not use, and the no-op `format: double`;
// - rewrites IntOrString and Quantity, which the wheel gives as a `oneOf` of two nullable types (that `oneOf` rejects
//   null, which matches both branches, although the API server accepts null): IntOrString becomes one union type
//   `["string", "integer", "null"]` with format int32 (applied to numbers only), Quantity `["string", "number",
//   "null"]` with format quantity (applied to strings only, the API server's quantity syntax). A union type is an
//   `anyOf` of its types, with one error instead of three;
// - writes one deterministic file: sorted keys, one definition per line, a `source` header (where the schemas came
//   from, with the wheel's sha256) and a `kinds` map from "apiVersion/Kind" (e.g. "apps/v1/Deployment", "v1/Pod")
//   to the definition name.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const WHEEL_NAME = 'kubernetes_validate-1.37.0-py3-none-any.whl';
const WHEEL_SHA256 = '85136d018a27b50ec7fc049d902bfa5193f5976807e6c0f408e3ab6fe078cad9';
const KUBERNETES_VERSION = '1.32.0';
const DEFINITIONS_PATH = `kubernetes_validate/kubernetes-json-schema/v${KUBERNETES_VERSION}-local-strict/_definitions.json`;

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outFile = join(root, 'schemas', 'kubernetes-1.32-strict.json');

/**
 * The kinds to validate, as "apiVersion/Kind": the stable (GA) kinds that a mesh install or an application emits.
 * Review-style request kinds (TokenReview, SubjectAccessReview, Eviction, ...), lists, and cluster-internal objects
 * (Node, Event, ControllerRevision, CSR, ...) are left out.
 */
const KINDS = [
  'v1/ConfigMap',
  'v1/Endpoints',
  'v1/LimitRange',
  'v1/Namespace',
  'v1/PersistentVolume',
  'v1/PersistentVolumeClaim',
  'v1/Pod',
  'v1/PodTemplate',
  'v1/ReplicationController',
  'v1/ResourceQuota',
  'v1/Secret',
  'v1/Service',
  'v1/ServiceAccount',
  'admissionregistration.k8s.io/v1/MutatingWebhookConfiguration',
  'admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy',
  'admissionregistration.k8s.io/v1/ValidatingAdmissionPolicyBinding',
  'admissionregistration.k8s.io/v1/ValidatingWebhookConfiguration',
  'apiextensions.k8s.io/v1/CustomResourceDefinition',
  'apiregistration.k8s.io/v1/APIService',
  'apps/v1/DaemonSet',
  'apps/v1/Deployment',
  'apps/v1/ReplicaSet',
  'apps/v1/StatefulSet',
  'autoscaling/v1/HorizontalPodAutoscaler',
  'autoscaling/v2/HorizontalPodAutoscaler',
  'batch/v1/CronJob',
  'batch/v1/Job',
  'coordination.k8s.io/v1/Lease',
  'discovery.k8s.io/v1/EndpointSlice',
  'networking.k8s.io/v1/Ingress',
  'networking.k8s.io/v1/IngressClass',
  'networking.k8s.io/v1/NetworkPolicy',
  'node.k8s.io/v1/RuntimeClass',
  'policy/v1/PodDisruptionBudget',
  'rbac.authorization.k8s.io/v1/ClusterRole',
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding',
  'rbac.authorization.k8s.io/v1/Role',
  'rbac.authorization.k8s.io/v1/RoleBinding',
  'scheduling.k8s.io/v1/PriorityClass',
  'storage.k8s.io/v1/CSIDriver',
  'storage.k8s.io/v1/StorageClass',
];

/** Definitions replaced as a whole (see the header). */
const REPLACED = {
  'io.k8s.apimachinery.pkg.util.intstr.IntOrString': { format: 'int32', type: ['string', 'integer', 'null'] },
  'io.k8s.apimachinery.pkg.api.resource.Quantity': { format: 'quantity', type: ['string', 'number', 'null'] },
};

/**
 * Fields the OpenAPI spec lists as required (their Go field has no `omitempty`) but that the API server does not
 * require: their zero value is valid, so a manifest may leave them out. They are dropped from `required`, so that
 * what the API server accepts is accepted.
 */
const NOT_REQUIRED = {
  // Optional in fact; marked optional in Kubernetes 1.33 (kubernetes/kubernetes#130233).
  'io.k8s.api.apps.v1.StatefulSetSpec': ['serviceName'],
  // Left out, it is the empty selector: the policy applies to every pod of the namespace.
  'io.k8s.api.networking.v1.NetworkPolicySpec': ['podSelector'],
  // false when left out; the API server checks that exactly one version is the storage version.
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinitionVersion': ['served', 'storage'],
  'io.k8s.api.scheduling.v1.PriorityClass': ['value'],
  'io.k8s.api.discovery.v1.EndpointSlice': ['endpoints'],
  'io.k8s.api.batch.v1.PodFailurePolicy': ['rules'],
  'io.k8s.api.core.v1.LimitRangeSpec': ['limits'],
  'io.k8s.api.core.v1.HTTPHeader': ['value'],
  'io.k8s.api.core.v1.ISCSIVolumeSource': ['lun'],
  'io.k8s.api.core.v1.ISCSIPersistentVolumeSource': ['lun'],
};

/** Schema keywords that only document (or drive server-side apply merges) and are dropped. */
function isDocOnly(keyword) {
  return keyword === 'description' || keyword.startsWith('x-kubernetes-');
}

function sha256(file) {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

function readDefinitions(wheel) {
  const actual = sha256(wheel);
  if (actual !== WHEEL_SHA256) {
    throw new Error(`${wheel}: sha256 ${actual}, expected ${WHEEL_SHA256} (${WHEEL_NAME})`);
  }
  const text = execFileSync('unzip', ['-p', wheel, DEFINITIONS_PATH], { maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' });
  return JSON.parse(text).$defs;
}

/** "apiVersion/Kind" → definition name, from the definitions' `x-kubernetes-group-version-kind`. */
function kindMap(defs) {
  const byKind = new Map();
  for (const [name, def] of Object.entries(defs)) {
    for (const gvk of def['x-kubernetes-group-version-kind'] ?? []) {
      const apiVersion = gvk.group ? `${gvk.group}/${gvk.version}` : gvk.version;
      byKind.set(`${apiVersion}/${gvk.kind}`, name);
    }
  }
  const kinds = {};
  for (const kind of KINDS) {
    const name = byKind.get(kind);
    if (!name) throw new Error(`${kind}: no definition has this x-kubernetes-group-version-kind`);
    kinds[kind] = name;
  }
  return kinds;
}

function refName(ref) {
  const prefix = '#/$defs/';
  if (!ref.startsWith(prefix)) throw new Error(`unexpected $ref ${ref}`);
  return ref.slice(prefix.length);
}

/** Converts one schema: drops documentation, keeps validation keywords, and fails on anything unexpected. */
function convertSchema(schema, refs) {
  const out = {};
  for (const [keyword, value] of Object.entries(schema)) {
    if (isDocOnly(keyword)) continue;
    switch (keyword) {
      case 'properties':
        out.properties = Object.fromEntries(Object.entries(value).map(([prop, s]) => [prop, convertSchema(s, refs)]));
        break;
      case 'items':
        out.items = convertSchema(value, refs);
        break;
      case 'additionalProperties':
        out.additionalProperties = typeof value === 'boolean' ? value : convertSchema(value, refs);
        break;
      case '$ref':
        refs.add(refName(value));
        out.$ref = value;
        break;
      case 'format':
        if (value !== 'double') out.format = value;
        break;
      case 'type':
      case 'required':
      case 'enum':
        out[keyword] = value;
        break;
      default:
        throw new Error(`unexpected schema keyword ${keyword}`);
    }
  }
  return out;
}

/** Converts the definitions reachable from the kinds, following `$ref`s. */
function reachableDefinitions(defs, roots) {
  const out = {};
  const queue = [...roots];
  while (queue.length > 0) {
    const name = queue.pop();
    if (name in out) continue;
    if (!(name in defs)) throw new Error(`$ref to missing definition ${name}`);
    const refs = new Set();
    out[name] = REPLACED[name] ?? relaxRequired(name, convertSchema(defs[name], refs));
    queue.push(...refs);
  }
  return out;
}

function relaxRequired(name, schema) {
  const relaxed = NOT_REQUIRED[name];
  if (!relaxed) return schema;
  for (const field of relaxed) {
    if (!schema.required?.includes(field)) throw new Error(`${name}: ${field} is not required (update NOT_REQUIRED)`);
  }
  const { required, ...rest } = schema;
  const kept = required.filter((field) => !relaxed.includes(field));
  return kept.length > 0 ? { ...rest, required: kept } : rest;
}

/** JSON with object keys sorted at every level. */
function sortedJson(value) {
  return JSON.stringify(value, (_key, v) => (v && typeof v === 'object' && !Array.isArray(v)
    ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, v[k]]))
    : v));
}

/** The output document: compact, but one definition per line so that regenerations diff readably. */
function render(source, kinds, definitions) {
  const defLines = Object.keys(definitions).sort().map((name) => `${JSON.stringify(name)}:${sortedJson(definitions[name])}`);
  return [
    '{"$defs":{',
    defLines.join(',\n'),
    `},"kinds":${sortedJson(kinds)},`,
    `"source":${sortedJson(source)}}`,
    '',
  ].join('\n');
}

function main() {
  const wheel = process.argv[2];
  if (!wheel) {
    console.error('usage: node scripts/generate-k8s-schemas.mjs <path to kubernetes_validate-1.37.0-py3-none-any.whl>');
    process.exit(2);
  }
  const defs = readDefinitions(wheel);
  const kinds = kindMap(defs);
  const definitions = reachableDefinitions(defs, Object.values(kinds));
  const source = {
    generator: 'scripts/generate-k8s-schemas.mjs',
    kubernetesVersion: KUBERNETES_VERSION,
    path: DEFINITIONS_PATH,
    wheel: WHEEL_NAME,
    wheelSha256: WHEEL_SHA256,
    package: 'kubernetes-validate==1.37.0 (PyPI)',
  };
  mkdirSync(dirname(outFile), { recursive: true });
  const text = render(source, kinds, definitions);
  writeFileSync(outFile, text);
  console.log(`${outFile}: ${Object.keys(kinds).length} kinds, ${Object.keys(definitions).length} definitions, ${text.length} bytes`);
}

main();
