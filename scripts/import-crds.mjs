#!/usr/bin/env node
// Generates src/imports/ (the L1 classes) from the pinned Istio CRD file with `cdk8s import`.
//
// Each CRD is reduced to its newest served version before importing (v1 for most kinds; EnvoyFilter v1alpha3,
// ProxyConfig v1beta1, WasmPlugin and TrafficExtension v1alpha1): the same schema imported once instead of up to
// three times keeps jsii fast. One module per API group; src/index.ts exports them as jsii submodules.
// The output is git-ignored; a stamp file skips the work when nothing that feeds it changed.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments, stringify } from 'yaml';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const crdFile = join(root, 'upstream-data', 'istio', '1.30.3', 'crds.yaml');
const outDir = join(root, 'src', 'imports');
const workDir = join(root, '.cache', 'crd-import');
const stampFile = join(outDir, '.stamp');

/** API group → module name (file src/imports/<module>.ts). */
const MODULES = {
  'networking.istio.io': 'networking',
  'security.istio.io': 'security',
  'telemetry.istio.io': 'telemetry',
  'extensions.istio.io': 'extensions',
};

/** Kubernetes version priority: GA > beta > alpha, then by major and minor number. */
export function versionRank(v) {
  const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(v);
  if (!m) return [-1, 0, 0];
  const stability = m[2] === undefined ? 2 : m[2] === 'beta' ? 1 : 0;
  return [stability, Number(m[1]), Number(m[3] ?? 0)];
}

function newest(versions) {
  return [...versions].sort((a, b) => {
    const ra = versionRank(a.name);
    const rb = versionRank(b.name);
    for (let i = 0; i < 3; i++) if (ra[i] !== rb[i]) return rb[i] - ra[i];
    return 0;
  })[0];
}

const camelCase = (name) => name.replace(/_([a-z])/g, (_m, c) => c.toUpperCase());

/**
 * Drops the deprecated snake_case spelling of a field when the camelCase spelling exists too (RequestAuthentication
 * `jwks_uri` / `jwksUri`, VirtualService `mirror_percent` / `mirrorPercent`). cdk8s import maps both to one camelCase
 * property and keeps the first, so the generated class would render the deprecated name. Only the generated code is
 * affected: the validator reads the full CRDs and still accepts both spellings.
 */
export function dropSnakeCaseTwins(schema) {
  if (!schema || typeof schema !== 'object') return schema;
  if (schema.properties) {
    const names = Object.keys(schema.properties);
    for (const name of names) {
      if (name.includes('_') && names.includes(camelCase(name))) delete schema.properties[name];
      else dropSnakeCaseTwins(schema.properties[name]);
    }
  }
  dropSnakeCaseTwins(schema.items);
  if (typeof schema.additionalProperties === 'object') dropSnakeCaseTwins(schema.additionalProperties);
  return schema;
}

function stamp() {
  const h = createHash('sha256');
  h.update(readFileSync(crdFile));
  h.update(readFileSync(fileURLToPath(import.meta.url)));
  h.update(JSON.parse(readFileSync(join(root, 'node_modules', 'cdk8s-cli', 'package.json'), 'utf8')).version);
  return h.digest('hex');
}

function main() {
  if (!existsSync(crdFile)) throw new Error(`${crdFile} is missing: run scripts/fetch-upstream.mjs first`);
  const want = stamp();
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8').trim() === want) {
    console.log('src/imports: up to date');
    return;
  }
  const docs = parseAllDocuments(readFileSync(crdFile, 'utf8')).map((d) => d.toJS()).filter((d) => d?.kind === 'CustomResourceDefinition');
  const byGroup = new Map();
  const chosen = [];
  for (const crd of docs) {
    const version = newest(crd.spec.versions.filter((v) => v.served));
    const schema = structuredClone(version.schema);
    dropSnakeCaseTwins(schema.openAPIV3Schema);
    const reduced = { ...crd, spec: { ...crd.spec, versions: [{ ...version, schema, storage: true }] } };
    if (!MODULES[crd.spec.group]) throw new Error(`no module name for API group ${crd.spec.group}`);
    if (!byGroup.has(crd.spec.group)) byGroup.set(crd.spec.group, []);
    byGroup.get(crd.spec.group).push(reduced);
    chosen.push(`${crd.spec.names.kind}@${version.name}`);
  }
  rmSync(outDir, { recursive: true, force: true });
  rmSync(workDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  mkdirSync(workDir, { recursive: true });
  const cli = join(root, 'node_modules', 'cdk8s-cli', 'bin', 'cdk8s');
  for (const [group, crds] of [...byGroup.entries()].sort()) {
    const module = MODULES[group];
    const file = join(workDir, `${module}.yaml`);
    writeFileSync(file, crds.map((c) => stringify(c)).join('---\n'));
    execFileSync(process.execPath, [cli, 'import', `${module}:=${file}`, '--no-check-upgrade', '--no-save', '--language', 'typescript', '--output', outDir], {
      cwd: workDir,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    // cdk8s names the file <module>-<group>.ts; keep the module name only.
    const written = join(outDir, `${module}-${group}.ts`);
    if (!existsSync(written)) throw new Error(`cdk8s import did not write ${written}`);
    renameSync(written, join(outDir, `${module}.ts`));
  }
  writeFileSync(stampFile, want + '\n');
  console.log(`src/imports: generated ${chosen.length} kinds in ${byGroup.size} modules (${chosen.sort().join(', ')})`);
}

try {
  main();
} catch (err) {
  console.error(`import-crds: ${err.message}`);
  process.exit(1);
}
