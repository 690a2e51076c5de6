import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeCommand, CommandSupport } from './analyze-command';
import { graphCommand } from './graph-command';
import { ISTIO_VERSION } from '../upstream/upstream-data';
import { ValidationCheck } from '../validation/finding';
import { formatFinding } from '../validation/format';
import { ManifestValidator } from '../validation/manifest-validator';
import { readYamlStream, ReadResult } from '../validation/yaml-reader';

/** Where the CLI reads and writes; injectable so tests run it in-process. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  readStdin(): Promise<string>;
}

/** Exit codes shared by every command. */
export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

const USAGE = `Usage: cdk8s-istio <command> [options]

Commands:
  validate <file|dir|->...   Validate Kubernetes and Istio objects strictly (schema, unknown fields, CEL rules,
                             API-server checks, YAML hygiene). Directories are read recursively (*.yaml, *.yml,
                             *.json); - reads standard input.
  analyze <file|dir|->...    Analyze the mesh configuration as istioctl analyze does (Istio's message codes),
                             offline; text, json or sarif output. Run cdk8s-istio analyze --help for options.
  graph <file|dir|->...      Draw the routing topology (gateways, routes, services, subsets, weights, mTLS,
                             authz) as Mermaid or DOT. Run cdk8s-istio graph --help for options.

Options:
  -o, --output text|json     Output format (default text: one finding per line)
  -h, --help                 Show this help
  --version                  Show the version

Exit status: 0 no errors, 1 findings, 2 usage, I/O or YAML syntax error.
`;

class UsageError extends Error {}

function nodeIo(): CliIo {
  return {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
  };
}

interface ParsedArgs {
  readonly command?: string;
  readonly inputs: string[];
  readonly output: 'text' | 'json';
  readonly help: boolean;
  readonly version: boolean;
}

function parseArgs(argv: string[]): ParsedArgs {
  const inputs: string[] = [];
  let command: string | undefined;
  let output: 'text' | 'json' = 'text';
  let help = false;
  let version = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '-h' || arg === '--help') {help = true;} else if (arg === '--version') {version = true;} else if (arg === '-o' || arg === '--output' || arg.startsWith('--output=')) {
      const value = arg.startsWith('--output=') ? arg.slice('--output='.length) : argv[++i];
      if (value !== 'text' && value !== 'json') throw new UsageError(`--output: expected text or json, got ${JSON.stringify(value ?? '')}`);
      output = value;
    } else if (arg.startsWith('-') && arg !== '-') {throw new UsageError(`unknown option ${arg}`);} else if (command === undefined) {command = arg;} else {inputs.push(arg);}
  }
  return { command, inputs, output, help, version };
}

/** Files under a directory (recursively) that hold manifests, in a stable order. */
function manifestFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...manifestFiles(path));
    else if (/\.(ya?ml|json)$/i.test(entry.name)) out.push(path);
  }
  return out;
}

async function readInputs(inputs: string[], io: CliIo): Promise<ReadResult[]> {
  if (inputs.length === 0) throw new UsageError('validate: name at least one file, directory or - for standard input');
  const results: ReadResult[] = [];
  for (const input of inputs) {
    if (input === '-') {
      results.push(readYamlStream(await io.readStdin(), '-'));
      continue;
    }
    let files: string[];
    try {
      files = statSync(input).isDirectory() ? manifestFiles(input) : [input];
    } catch (err) {
      throw new UsageError(`cannot read ${input}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
    for (const file of files) {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (err) {
        throw new UsageError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
      }
      results.push(readYamlStream(text, file));
    }
  }
  return results;
}

async function validateCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  const sources = await readInputs(args.inputs, io);
  const report = new ManifestValidator()._validateSources(sources);
  if (args.output === 'json') {
    io.stdout(JSON.stringify(report.findings, null, 2) + '\n');
  } else {
    for (const finding of report.findings) io.stdout(formatFinding(finding) + '\n');
    const errors = report.findings.filter((f) => f.severity === 'error').length;
    io.stderr(`${report.objectCount} object(s) in ${sources.length} input(s): ${errors} error(s), ${report.notCheckedCount} not checked\n`);
  }
  if (report.findings.some((f) => f.check === ValidationCheck.YAML_SYNTAX)) return EXIT_USAGE;
  return report.valid ? EXIT_OK : EXIT_FINDINGS;
}

function packageVersion(): string {
  try {
    return JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')).version;
  } catch {
    return 'unknown';
  }
}

/**
 * Runs the `cdk8s-istio` command line and returns its exit status.
 * @param argv the arguments after the program name
 * @param io where to read and write (default: the process's standard streams)
 */
export async function runCli(argv: string[], io: CliIo = nodeIo()): Promise<number> {
  try {
    // analyze and graph parse their own options; they read inputs exactly as validate does.
    type Command = (a: string[], i: CliIo, s: CommandSupport) => Promise<number>;
    const ownCommands: Record<string, Command> = { analyze: analyzeCommand, graph: graphCommand };
    if (argv[0] !== undefined && ownCommands[argv[0]]) {
      return await ownCommands[argv[0]](argv.slice(1), io, { readInputs, usageError: (m) => new UsageError(m), version: packageVersion });
    }
    const args = parseArgs(argv);
    if (args.version) {
      io.stdout(`cdk8s-istio ${packageVersion()} (Istio ${ISTIO_VERSION} CRDs, Kubernetes 1.32 schemas)\n`);
      return EXIT_OK;
    }
    if (args.help || args.command === undefined) {
      (args.help ? io.stdout : io.stderr)(USAGE);
      return args.help ? EXIT_OK : EXIT_USAGE;
    }
    switch (args.command) {
      case 'validate':
        return await validateCommand(args, io);
      default:
        throw new UsageError(`unknown command ${JSON.stringify(args.command)}; run cdk8s-istio --help`);
    }
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`cdk8s-istio: ${err.message}\n`);
      return EXIT_USAGE;
    }
    throw err;
  }
}
