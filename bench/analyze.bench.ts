// Analysis throughput against YAML parsing of the same input, measured in the same run (tests never assert
// times). Generates deterministic meshes of 1k, 10k and 50k objects, then prints per size: parse time (the YAML
// reader the CLI uses), analysis time of the parsed files (every default analyzer but schema validation, which is
// the validator's cost and is reported on its own), analysis time of the same objects without their YAML syntax
// trees in memory (as in synth; this isolates the analysis from the garbage collector scanning the parser's trees),
// the ratios to parsing, and the growth from 1k to 10k (10x input) and 10k to 50k (5x).
//
// The growth is set beside a reference measured in the same run: one pass over the same objects that builds a Map
// keyed by kind, namespace and name, the least any cross-reference analysis does. Its cost per object is constant in
// theory; on a real machine the 1k input (about 2 MB) stays in the CPU's L2 cache and the larger ones do not, so the
// reference shows how much of the growth is the memory hierarchy rather than the algorithm.
//
// Run: tsx bench/analyze.bench.ts   (or npx projen bench analyze)
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { stringify } from 'yaml';
import { defaultRegistry } from '../src/analysis/analyzers';
import { runAnalysis } from '../src/analysis/engine';
import { fromJson } from '../src/analysis/synth-objects';
import { readYamlStream } from '../src/validation/yaml-reader';

/** One application: a Service, two versions, routing split by weight, a DestinationRule, a policy, an account. */
function application(i: number, ns: string): object[] {
  const app = `app-${i}`;
  const labels = (version: string) => ({ app, version });
  const deployment = (version: string) => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: `${app}-${version}`, namespace: ns, labels: labels(version) },
    spec: {
      replicas: 2,
      selector: { matchLabels: labels(version) },
      template: { metadata: { labels: labels(version) }, spec: { serviceAccountName: app, containers: [{ name: 'app', image: `registry.example.com/${app}:${version}`, ports: [{ containerPort: 8080 }] }] } },
    },
  });
  return [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: app, namespace: ns } },
    { apiVersion: 'v1', kind: 'Service', metadata: { name: app, namespace: ns }, spec: { selector: { app }, ports: [{ name: 'http', port: 80, targetPort: 8080 }] } },
    deployment('v1'),
    deployment('v2'),
    {
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: { name: app, namespace: ns },
      spec: {
        hosts: [app, `${app}.example.com`],
        gateways: ['mesh', 'ingress'],
        http: [
          { name: 'canary', match: [{ headers: { 'x-canary': { exact: 'true' } } }], route: [{ destination: { host: app, subset: 'v2' } }] },
          { name: 'split', retries: { attempts: 3, perTryTimeout: '2s' }, timeout: '10s', route: [{ destination: { host: app, subset: 'v1' }, weight: 90 }, { destination: { host: app, subset: 'v2' }, weight: 10 }] },
        ],
      },
    },
    {
      apiVersion: 'networking.istio.io/v1',
      kind: 'DestinationRule',
      metadata: { name: app, namespace: ns },
      spec: { host: app, trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } }, subsets: [{ name: 'v1', labels: { version: 'v1' } }, { name: 'v2', labels: { version: 'v2' } }] },
    },
    {
      apiVersion: 'security.istio.io/v1',
      kind: 'AuthorizationPolicy',
      metadata: { name: app, namespace: ns },
      spec: { selector: { matchLabels: { app } }, rules: [{ from: [{ source: { principals: [`cluster.local/ns/${ns}/sa/app-${i % 25 === 0 ? i : i - 1}`], namespaces: [ns] } }] }] },
    },
  ];
}

/** Per namespace: the Namespace, its ingress Gateway (workload, Service, Gateway) and a default Sidecar. */
function namespace(ns: string): object[] {
  const gw = { istio: `ingress-${ns}` };
  return [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, labels: { 'istio-injection': 'enabled' } } },
    { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'ingress', namespace: ns }, spec: { selector: { matchLabels: gw }, template: { metadata: { labels: { ...gw } }, spec: { containers: [{ name: 'istio-proxy', image: 'auto' }] } } } },
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 'ingress', namespace: ns }, spec: { selector: { ...gw }, ports: [{ name: 'http2', port: 80, targetPort: 8080 }] } },
    { apiVersion: 'networking.istio.io/v1', kind: 'Gateway', metadata: { name: 'ingress', namespace: ns }, spec: { selector: { ...gw }, servers: [{ port: { number: 8080, name: 'http', protocol: 'HTTP' }, hosts: ['*.example.com'] }] } },
    { apiVersion: 'networking.istio.io/v1', kind: 'Sidecar', metadata: { name: 'default', namespace: ns }, spec: { egress: [{ hosts: ['./*', 'istio-system/*'] }] } },
  ];
}

/** A mesh of about `size` objects: 25 applications (175 objects) per namespace. */
function mesh(size: number): string {
  const docs: object[] = [];
  for (let n = 0; docs.length < size; n++) {
    const ns = `team-${n}`;
    docs.push(...namespace(ns));
    for (let i = 0; i < 25 && docs.length < size; i++) docs.push(...application(n * 25 + i, ns));
  }
  return docs.slice(0, size).map((d) => stringify(d)).join('---\n');
}

// Before each timed step: a garbage collection, so that garbage left by the previous step is not charged to the
// next one, and a pass over 64 MB, so that every step starts with cold CPU caches (the 1k input would otherwise stay
// cached from one round to the next).
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const evict = new Float64Array(8 * 1024 * 1024);

function timed<T>(fn: () => T): [T, number] {
  gc();
  for (let i = 0; i < evict.length; i += 8) evict[i] += 1;
  const start = process.hrtime.bigint();
  const result = fn();
  return [result, Number(process.hrtime.bigint() - start) / 1e6];
}

/** The fastest round: on a shared machine, slower rounds measure the neighbours, not the code. */
function best(values: number[]): number {
  return Math.min(...values);
}

const analyzers = defaultRegistry().select([]).map((a) => a.name).filter((n) => n !== 'schema.ValidationAnalyzer');

interface Row {
  size: number;
  objects: number;
  messages: number;
  parseMs: number;
  analyzeMs: number;
  objectsMs: number;
  schemaMs: number;
  referenceMs: number;
}

/** The reference: an index of the objects by kind, namespace and name. */
function indexByName(objects: ReadonlyArray<{ object: any }>): number {
  const index = new Map<string, unknown>();
  for (const { object } of objects) index.set(`${object.apiVersion}/${object.kind}/${object.metadata?.namespace ?? ''}/${object.metadata?.name ?? ''}`, object);
  return index.size;
}

// Compile the validator's schemas once, so that the first size does not pay for it.
runAnalysis([readYamlStream(mesh(100), 'warm-up.yaml')]);

const rows: Row[] = [];
for (const size of [1_000, 10_000, 50_000]) {
  const text = mesh(size);
  // Parsing is slow and steady: a few rounds. Analysis is a pure function of what was read: many rounds on the
  // same input, so that at least one runs without a neighbour on the CPU.
  const parseRounds = size >= 50_000 ? 2 : 3;
  const analysisRounds = size >= 50_000 ? 7 : 15;
  const parse: number[] = [];
  let source = readYamlStream(text, 'mesh.yaml');
  for (let r = 0; r < parseRounds; r++) {
    const [read, ms] = timed(() => readYamlStream(text, 'mesh.yaml'));
    source = read;
    parse.push(ms);
  }
  runAnalysis([source], { analyzers }); // warm-up (JIT), not counted
  const analysis: number[] = [];
  let result = runAnalysis([source], { analyzers });
  for (let r = 0; r < analysisRounds; r++) {
    const [res, ms] = timed(() => runAnalysis([source], { analyzers }));
    result = res;
    analysis.push(ms);
  }
  const [, schemaMs] = timed(() => runAnalysis([source], { analyzers: ['schema.ValidationAnalyzer'] }));
  const reference: number[] = [];
  for (let r = 0; r < analysisRounds; r++) reference.push(timed(() => indexByName(source.objects))[1]);
  // The same objects without the YAML syntax trees the reader keeps for line numbers.
  const plain = fromJson(source.objects.map((o) => o.object));
  source = readYamlStream('', 'empty.yaml');
  const fromObjects: number[] = [];
  for (let r = 0; r < analysisRounds; r++) fromObjects.push(timed(() => runAnalysis([plain], { analyzers }))[1]);
  const objects = result.objectCount;
  const messages = result.messages.length;
  rows.push({
    size, objects, messages, parseMs: best(parse), analyzeMs: best(analysis), objectsMs: best(fromObjects), schemaMs, referenceMs: best(reference),
  });
}

console.log(`analyzers: ${analyzers.length} (every default analyzer but schema.ValidationAnalyzer); best of several rounds`);
for (const r of rows) {
  const perObject = (ms: number) => `${((ms * 1000) / r.objects).toFixed(1)} µs/object`;
  console.log(`${String(r.objects).padStart(6)} objects (${r.messages} messages): parse ${r.parseMs.toFixed(0)} ms (${perObject(r.parseMs)})`);
  console.log(`         analysis of the files   ${r.analyzeMs.toFixed(0).padStart(6)} ms = ${(r.analyzeMs / r.parseMs).toFixed(2)}x parse (${perObject(r.analyzeMs)})`);
  console.log(`         analysis of the objects ${r.objectsMs.toFixed(0).padStart(6)} ms = ${(r.objectsMs / r.parseMs).toFixed(2)}x parse (${perObject(r.objectsMs)})`);
  console.log(`         schema validation       ${r.schemaMs.toFixed(0).padStart(6)} ms = ${(r.schemaMs / r.parseMs).toFixed(2)}x parse (${perObject(r.schemaMs)})`);
  console.log(`         reference (Map by name) ${r.referenceMs.toFixed(2).padStart(6)} ms (${perObject(r.referenceMs)})`);
}
const [small, medium, large] = rows;
const growth = (a: Row, b: Row, f: (r: Row) => number) => (f(b) / f(a)).toFixed(2);
console.log(`growth 1k -> 10k (10x input): parse ${growth(small, medium, (r) => r.parseMs)}x, analysis of the files ${growth(small, medium, (r) => r.analyzeMs)}x, ` +
  `of the objects ${growth(small, medium, (r) => r.objectsMs)}x; reference ${growth(small, medium, (r) => r.referenceMs)}x`);
console.log(`growth 10k -> 50k (5x input): parse ${growth(medium, large, (r) => r.parseMs)}x, analysis of the files ${growth(medium, large, (r) => r.analyzeMs)}x, ` +
  `of the objects ${growth(medium, large, (r) => r.objectsMs)}x; reference ${growth(medium, large, (r) => r.referenceMs)}x`);
const relative = (a: Row, b: Row) => ((b.analyzeMs / a.analyzeMs) / (b.referenceMs / a.referenceMs)).toFixed(2);
console.log(`analysis growth / reference growth: 1k -> 10k ${relative(small, medium)}, 10k -> 50k ${relative(medium, large)} (1.00: the analysis scales as an index build does)`);
