// `cdk8s-istio graph`: the routing topology of a mesh, as Mermaid or DOT, for pull requests.
import { CommandSupport, parseOptions, reportStreamIssues } from './analyze-command';
import type { CliIo } from './main';
import { GraphFormat, MeshGraph } from '../analysis/mesh-graph';

export const GRAPH_USAGE = `Usage: cdk8s-istio graph <file|dir|->... [options]

Draws the routing topology: ingress gateways and the mesh -> VirtualServices and HTTPRoutes -> services and
subsets, with weights, matches, fault/retry/timeout markers; nodes grouped by namespace with its mTLS mode and
authorization policies. Inputs are read as by validate and analyze.

Options:
  --format mermaid|dot   Output format (default mermaid; GitHub renders \`\`\`mermaid blocks)
  -n, --namespace NS     Namespace of objects that have none (default: default)
  -h, --help             Show this help

Exit status: 0 the graph was written, 2 usage, I/O or YAML error.
`;

/** Runs `cdk8s-istio graph`; returns the exit status. */
export async function graphCommand(argv: string[], io: CliIo, support: CommandSupport): Promise<number> {
  const { inputs, values, help } = parseOptions(argv, support, { '--format': 'format', '-n': 'namespace', '--namespace': 'namespace' }, 'graph');
  if (help) {
    io.stdout(GRAPH_USAGE);
    return 0;
  }
  const format = values.format?.[values.format.length - 1] ?? 'mermaid';
  if (format !== GraphFormat.MERMAID && format !== GraphFormat.DOT) throw support.usageError(`graph: --format: expected mermaid or dot, got ${JSON.stringify(format)}`);
  if (inputs.length === 0) throw support.usageError('graph: name at least one file, directory or - for standard input');
  const sources = await support.readInputs(inputs, io);
  if (reportStreamIssues(sources, io, 'graph')) return 2;
  const namespace = values.namespace?.[values.namespace.length - 1];
  io.stdout(MeshGraph._fromSources(sources, namespace).render(format as GraphFormat));
  return 0;
}
