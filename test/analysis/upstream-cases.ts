// Reads the table of analyzer test cases of Istio's own test suite (pkg/config/analysis/analyzers/analyzers_test.go,
// `testGrid`) so that our analyzers can be run on the same inputs and compared with the messages upstream expects.
// The source is extracted by scripts/fetch-istio-src.mjs (pinned in imports/istio-src.json) into .cache/istio-src/;
// it is upstream data and never committed.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Where the fetch script puts the files (mirrors the layout of the istio.io/istio module). */
export const ISTIO_SRC = resolve(__dirname, '..', '..', '.cache', 'istio-src');
export const ANALYZERS_DIR = join(ISTIO_SRC, 'pkg', 'config', 'analysis', 'analyzers');

/** One entry of upstream's testGrid. */
export interface UpstreamCase {
  readonly name: string;
  /** Paths relative to the analyzers package, e.g. `testdata/gateway-secrets.yaml`. */
  readonly inputFiles: string[];
  readonly meshConfigFile?: string;
  readonly meshNetworksFile?: string;
  /** The Go expression naming the analyzer, e.g. `gateway.SecretAnalyzer`. */
  readonly analyzer: string;
  /** `[message type name, origin]`, origin in FriendlyName form: `Kind name` or `Kind namespace/name`. */
  readonly expected: Array<[string, string]>;
  /** Line of the case in analyzers_test.go, for messages. */
  readonly line: number;
}

function stringsIn(text: string): string[] {
  return [...text.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => JSON.parse(`"${m[1]}"`) as string);
}

/**
 * Parses `var testGrid = []testCase{ ... }`. Throws when the table is not where or what it is expected to be, so
 * that a changed upstream layout fails loudly instead of yielding no cases.
 */
export function parseTestGrid(source: string): UpstreamCase[] {
  const start = source.indexOf('var testGrid = []testCase{');
  if (start < 0) throw new Error('analyzers_test.go: var testGrid = []testCase{ not found');
  const end = source.indexOf('\n}\n', start);
  if (end < 0) throw new Error('analyzers_test.go: end of testGrid not found');
  const lines = source.slice(0, end).split('\n');
  const firstLine = source.slice(0, start).split('\n').length;
  const cases: UpstreamCase[] = [];
  let block: string[] | undefined;
  let blockLine = 0;
  for (let i = firstLine; i < lines.length; i++) {
    const line = lines[i];
    if (line === '\t{') {
      block = [];
      blockLine = i + 1;
    } else if (line === '\t},' && block) {
      cases.push(parseCase(block.join('\n'), blockLine));
      block = undefined;
    } else if (block) {
      block.push(line);
    }
  }
  if (cases.length === 0) throw new Error('analyzers_test.go: testGrid has no cases');
  return cases;
}

function field(block: string, name: string): string | undefined {
  const m = new RegExp(`^\\t\\t${name}:\\s*(.*)$`, 'm').exec(block);
  return m ? m[1] : undefined;
}

function parseCase(block: string, line: number): UpstreamCase {
  const rawName = field(block, 'name');
  const analyzer = field(block, 'analyzer');
  if (rawName === undefined || analyzer === undefined) throw new Error(`analyzers_test.go:${line}: case without name or analyzer`);
  const name = stringsIn(rawName)[0];
  const inputs = /inputFiles:\s*\[\]string\{([^}]*)\}/.exec(block);
  const expected = /expected:\s*\[\]message\{([\s\S]*?)\n\t\t\},?$|expected:\s*\[\]message\{\},?/m.exec(block);
  if (!inputs) throw new Error(`analyzers_test.go:${line}: case ${name} has no inputFiles`);
  if (!expected) throw new Error(`analyzers_test.go:${line}: case ${name} has no expected messages`);
  const messages: Array<[string, string]> = [];
  for (const m of (expected[1] ?? '').matchAll(/\{msg\.(\w+),\s*"((?:[^"\\]|\\.)*)"\}/g)) messages.push([m[1], m[2]]);
  const meshConfig = field(block, 'meshConfigFile');
  const meshNetworks = field(block, 'meshNetworksFile');
  return {
    name,
    inputFiles: stringsIn(inputs[1]),
    meshConfigFile: meshConfig ? stringsIn(meshConfig)[0] : undefined,
    meshNetworksFile: meshNetworks ? stringsIn(meshNetworks)[0] : undefined,
    analyzer: analyzer.replace(/^&/, '').replace(/\{\},?$/, '').replace(/,$/, ''),
    expected: messages,
    line,
  };
}

/** Reads a file of the extracted source; throws, saying how to get it, when the fetch script has not run. */
export function readIstioSrc(path: string): string {
  const file = join(ISTIO_SRC, path);
  if (!existsSync(file)) throw new Error(`${file} is missing: run \`node scripts/fetch-istio-src.mjs\` (the test task does)`);
  return readFileSync(file, 'utf8');
}
