import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';

/** Pinned Istio release whose upstream files are bundled. */
export const ISTIO_VERSION = '1.30.3';
/** Pinned Kubernetes Gateway API release (standard channel) whose CRDs are bundled. */
export const GATEWAY_API_VERSION = 'v1.6.1';
/** Pinned AWS Gateway API Controller for VPC Lattice release whose CRDs are bundled. */
export const AWS_LATTICE_VERSION = 'v2.1.3';

/** Root of the bundled upstream files: `<package>/upstream-data` (same depth from `src/` and `lib/`). */
export const UPSTREAM_DATA_DIR = resolve(__dirname, '..', '..', 'upstream-data');

interface SourceEntry {
  readonly name: string;
  readonly url: string;
  readonly sha256: string;
}

let manifest: Map<string, SourceEntry> | undefined;
const textCache = new Map<string, string>();
const docCache = new Map<string, any[]>();

function sources(): Map<string, SourceEntry> {
  if (!manifest) {
    const file = join(UPSTREAM_DATA_DIR, 'sources.json');
    if (!existsSync(file)) {
      throw new Error(`cdk8s-istio: the bundled upstream data is missing (${file}); ` +
        'in a clone of the project run `npx projen gen` (it resolves and verifies the pinned files)');
    }
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { sources: SourceEntry[] };
    manifest = new Map(parsed.sources.map((s) => [s.name, s]));
  }
  return manifest;
}

/**
 * Reads one pinned upstream file (e.g. `istio/1.30.3/crds.yaml`), verifying its sha256 against the project's
 * checksum list on first read. Cached for the life of the process.
 */
export function readUpstreamFile(name: string): string {
  const cached = textCache.get(name);
  if (cached !== undefined) return cached;
  const entry = sources().get(name);
  if (!entry) throw new Error(`cdk8s-istio: ${name} is not a pinned upstream file (see imports/sources.json)`);
  const file = join(UPSTREAM_DATA_DIR, name);
  if (!existsSync(file)) {
    throw new Error(`cdk8s-istio: bundled upstream file ${file} is missing; run \`npx projen gen\` in a clone of the project`);
  }
  const buf = readFileSync(file);
  const actual = createHash('sha256').update(buf).digest('hex');
  if (actual !== entry.sha256) {
    throw new Error(`cdk8s-istio: checksum mismatch for bundled upstream file ${name}: expected sha256 ${entry.sha256}, got ${actual}`);
  }
  const text = buf.toString('utf8');
  textCache.set(name, text);
  return text;
}

/** Parses a pinned multi-document upstream YAML file into plain objects (cached; callers must not mutate). */
export function readUpstreamDocuments(name: string): any[] {
  let docs = docCache.get(name);
  if (!docs) {
    docs = parseAllDocuments(readUpstreamFile(name))
      .map((d) => d.toJS({ maxAliasCount: -1 }))
      .filter((d) => d !== null && d !== undefined);
    docCache.set(name, docs);
  }
  return docs;
}

/** The pinned Istio CustomResourceDefinitions (all 15, every served version). */
export function istioCrds(): any[] {
  return readUpstreamDocuments(`istio/${ISTIO_VERSION}/crds.yaml`).filter((d) => d.kind === 'CustomResourceDefinition');
}

/**
 * The istiod sidecar-injection templates as the `istio-discovery` chart keys them in the `istio-sidecar-injector`
 * ConfigMap, in the chart's order (`sidecar`, `gateway`, `grpc-simple`, `grpc-agent`, `waypoint`, `kube-gateway`,
 * `agentgateway`). Each text is the pinned file verbatim.
 */
export function istioInjectionTemplates(): Array<{ readonly name: string; readonly text: string }> {
  const files: Array<[string, string]> = [
    ['sidecar', 'injection-template'],
    ['gateway', 'gateway-injection-template'],
    ['grpc-simple', 'grpc-simple'],
    ['grpc-agent', 'grpc-agent'],
    ['waypoint', 'waypoint'],
    ['kube-gateway', 'kube-gateway'],
    ['agentgateway', 'agentgateway'],
  ];
  return files.map(([name, file]) => ({ name, text: readUpstreamFile(`istio/${ISTIO_VERSION}/injection-templates/${file}.yaml`) }));
}

/**
 * The defaults of a pinned Istio Helm chart: the `_internal_defaults_do_not_set` block of its `values.yaml`
 * (`base`, `istio-control-istio-discovery`, `gateways-istio-ingress`, `gateways-istio-egress`, `gateway`).
 * Cached; callers must not mutate the result.
 */
export function istioChartDefaults(chart: string): any {
  const [values] = readUpstreamDocuments(`istio/${ISTIO_VERSION}/chart-values/${chart}.values.yaml`);
  return values?._internal_defaults_do_not_set ?? values;
}

/** CustomResourceDefinitions in every pinned file under a folder of the checksum list. */
function crdsUnder(prefix: string): any[] {
  return [...sources().keys()]
    .filter((name) => name.startsWith(prefix) && name.endsWith('.yaml'))
    .sort()
    .flatMap((name) => readUpstreamDocuments(name))
    .filter((d) => d.kind === 'CustomResourceDefinition');
}

/** The pinned Kubernetes Gateway API CRDs (standard channel). */
export function gatewayApiCrds(): any[] {
  return crdsUnder(`gateway-api/${GATEWAY_API_VERSION}-standard/`);
}

/** The pinned AWS Gateway API Controller for VPC Lattice CRDs. */
export function awsLatticeCrds(): any[] {
  return crdsUnder(`aws-lattice/${AWS_LATTICE_VERSION}/`);
}
