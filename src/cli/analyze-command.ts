// `cdk8s-istio analyze`: istioctl analyze, offline, for GitOps pipelines.
import { readFileSync } from 'node:fs';
import type { CliIo } from './main';
import { isKnownCode } from '../analysis/engine';
import { MeshAnalyzer } from '../analysis/mesh-analyzer';
import { AnalysisLevel } from '../analysis/message';
import { formatMessage, toJsonMessage, toSarif } from '../analysis/output';
import { FindingSeverity } from '../validation/finding';
import { formatFinding } from '../validation/format';
import type { ReadResult } from '../validation/yaml-reader';

/** What a command needs from the CLI entry point (passed in, so commands do not import main). */
export interface CommandSupport {
  /** Reads files, directories (recursively) and `-` exactly as `validate` does; throws a usage error on I/O errors. */
  readInputs(inputs: string[], io: CliIo): Promise<ReadResult[]>;
  /** An error the entry point reports as a usage error (exit 2). */
  usageError(message: string): Error;
  /** The package version. */
  version(): string;
}

export const ANALYZE_USAGE = `Usage: cdk8s-istio analyze <file|dir|->... [options]

Analyzes Kubernetes and Istio objects for mesh misconfigurations, as istioctl analyze does (same analyzers, message
codes, names, levels and texts), offline. Directories are read recursively (*.yaml, *.yml, *.json); - reads
standard input; every document is read.

Options:
  -o, --output text|json|sarif   Output format (default text: one message per line, as istioctl prints them)
  --mesh-config FILE             MeshConfig YAML, or an istio ConfigMap with a mesh key (default: the istio
                                 ConfigMap of istio-system in the input, else Istio's defaults)
  -n, --namespace NS             Namespace of objects that have none (default: default)
  --fail-on error|warning|info   Lowest level that makes the exit status 1 (default: error)
  -S, --suppress CODE=KIND NAME.NAMESPACE
                                 Suppress a code on matching objects; * matches any part (repeatable), e.g.
                                 --suppress "IST0102=Namespace *". Objects can carry the annotation
                                 galley.istio.io/analyze-suppress: CODE[,CODE...] (or *) instead.
  -h, --help                     Show this help

Exit status: 0 no message at or above the fail level, 1 otherwise, 2 usage, I/O or YAML error.
`;

type Output = 'text' | 'json' | 'sarif';

interface AnalyzeArgs {
  readonly inputs: string[];
  readonly output: Output;
  readonly meshConfig?: string;
  readonly namespace?: string;
  readonly failOn: AnalysisLevel;
  readonly suppress: string[];
  readonly help: boolean;
}

const FAIL_LEVELS: Record<string, AnalysisLevel> = { error: AnalysisLevel.ERROR, warning: AnalysisLevel.WARNING, info: AnalysisLevel.INFO };
const RANK: Record<AnalysisLevel, number> = { [AnalysisLevel.ERROR]: 0, [AnalysisLevel.WARNING]: 1, [AnalysisLevel.INFO]: 2 };

/**
 * Reads `--name value`, `--name=value` and `-x value` options; positional arguments are inputs.
 * @internal
 */
export function parseOptions(
  argv: string[], support: CommandSupport, spec: Record<string, string>, command: string,
): { inputs: string[]; values: Record<string, string[]>; help: boolean } {
  const inputs: string[] = [];
  const values: Record<string, string[]> = {};
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '-h' || arg === '--help') {
      help = true;
      continue;
    }
    if (arg === '-' || !arg.startsWith('-')) {
      inputs.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const flag = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    const name = spec[flag];
    if (name === undefined) throw support.usageError(`${command}: unknown option ${flag}; run cdk8s-istio ${command} --help`);
    const value = flag !== arg ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined) throw support.usageError(`${command}: ${flag} needs a value`);
    (values[name] ??= []).push(value);
  }
  return { inputs, values, help };
}

function parseAnalyzeArgs(argv: string[], support: CommandSupport): AnalyzeArgs {
  const { inputs, values, help } = parseOptions(argv, support, {
    '-o': 'output',
    '--output': 'output',
    '--mesh-config': 'meshConfig',
    '-n': 'namespace',
    '--namespace': 'namespace',
    '--fail-on': 'failOn',
    '-S': 'suppress',
    '--suppress': 'suppress',
  }, 'analyze');
  const last = (name: string) => values[name]?.[values[name].length - 1];
  const output = last('output') ?? 'text';
  if (!['text', 'json', 'sarif'].includes(output)) throw support.usageError(`analyze: --output: expected text, json or sarif, got ${JSON.stringify(output)}`);
  const failOn = last('failOn') ?? 'error';
  if (FAIL_LEVELS[failOn] === undefined) throw support.usageError(`analyze: --fail-on: expected error, warning or info, got ${JSON.stringify(failOn)}`);
  return {
    inputs,
    help,
    output: output as Output,
    meshConfig: last('meshConfig'),
    namespace: last('namespace'),
    failOn: FAIL_LEVELS[failOn],
    suppress: values.suppress ?? [],
  };
}

/**
 * Reports the documents that could not be read (YAML syntax errors, documents that are not Kubernetes objects) on
 * standard error; true when there were any (exit 2: nothing is analyzed from input that was not read in full).
 * @internal
 */
export function reportStreamIssues(sources: ReadonlyArray<ReadResult>, io: CliIo, command: string): boolean {
  const issues = sources.flatMap((s) => s.streamIssues);
  for (const issue of issues) io.stderr(`cdk8s-istio ${command}: ${formatFinding({ severity: FindingSeverity.ERROR, ...issue })}\n`);
  return issues.length > 0;
}

/** Runs `cdk8s-istio analyze`; returns the exit status. */
export async function analyzeCommand(argv: string[], io: CliIo, support: CommandSupport): Promise<number> {
  const args = parseAnalyzeArgs(argv, support);
  if (args.help) {
    io.stdout(ANALYZE_USAGE);
    return 0;
  }
  if (args.inputs.length === 0) throw support.usageError('analyze: name at least one file, directory or - for standard input');
  let meshConfig: string | undefined;
  if (args.meshConfig !== undefined) {
    try {
      meshConfig = readFileSync(args.meshConfig, 'utf8');
    } catch (err) {
      throw support.usageError(`analyze: --mesh-config: cannot read ${args.meshConfig}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
  }
  for (const s of args.suppress) {
    const code = s.split('=')[0];
    if (s.split('=').length === 2 && !isKnownCode(code)) {
      io.stderr(`Warning: Supplied message code '${code}' is an unknown message code and will not have any effect.\n`);
    }
  }
  let analyzer: MeshAnalyzer;
  try {
    analyzer = new MeshAnalyzer({ meshConfig, defaultNamespace: args.namespace, suppress: args.suppress });
  } catch (err) {
    throw support.usageError(`analyze: ${(err as Error).message}`);
  }
  const sources = await support.readInputs(args.inputs, io);
  if (reportStreamIssues(sources, io, 'analyze')) return 2;
  const report = analyzer._analyzeSources(sources);
  switch (args.output) {
    case 'json':
      io.stdout(JSON.stringify(report.messages.map(toJsonMessage), null, 2) + '\n');
      break;
    case 'sarif':
      io.stdout(JSON.stringify(toSarif(report.messages, support.version()), null, 2) + '\n');
      break;
    default:
      for (const m of report.messages) io.stdout(formatMessage(m) + '\n');
      io.stderr(report.messages.length === 0
        ? `✔ No validation issues found when analyzing ${report.objectCount} object(s) in ${sources.length} input(s).\n`
        : `${report.objectCount} object(s) in ${sources.length} input(s): ${report.errorCount} error(s), ${report.warningCount} warning(s), ${report.infoCount} info(s). ` +
          'See https://istio.io/latest/docs/reference/config/analysis for more information about causes and resolutions.\n');
  }
  return report.messages.some((m) => RANK[m.level] <= RANK[args.failOn]) ? 1 : 0;
}
