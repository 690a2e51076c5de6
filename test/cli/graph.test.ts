import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CliIo, runCli } from '../../src/cli/main';
import { istio, yamlOf } from '../analysis/helpers';

async function cli(argv: string[], stdin = ''): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; }, readStdin: async () => stdin };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}

const VS = yamlOf([istio.vs('reviews', 'shop', { hosts: ['reviews'], http: [{ route: [{ destination: { host: 'reviews', subset: 'v1' }, weight: 90 }, { destination: { host: 'reviews', subset: 'v2' }, weight: 10 }] }] })]);

describe('cdk8s-istio graph', () => {
  it('prints a Mermaid flowchart by default', async () => {
    expect(await cli(['graph', '-'], VS)).toEqual({
      code: 0,
      stderr: '',
      stdout: [
        'flowchart LR',
        '  mesh(("mesh (sidecars)"))',
        '  subgraph ns_shop["namespace shop · mTLS PERMISSIVE (default) · authz none"]',
        '    svc_reviews_shop_v1(["reviews · subset v1"])',
        '    svc_reviews_shop_v2(["reviews · subset v2"])',
        '    vs_shop_reviews["VirtualService reviews<br/>hosts: reviews"]',
        '  end',
        '  mesh --> vs_shop_reviews',
        '  vs_shop_reviews -->|"90%"| svc_reviews_shop_v1',
        '  vs_shop_reviews -->|"10%"| svc_reviews_shop_v2',
        '',
      ].join('\n'),
    });
  });

  it('prints DOT with --format dot, reading files and the namespace to default to', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cdk8s-istio-graph-'));
    writeFileSync(join(dir, 'vs.yaml'), yamlOf([istio.vs('reviews', undefined, { hosts: ['reviews'], http: [{ route: [{ destination: { host: 'reviews' } }] }] })]));
    const result = await cli(['graph', '--format', 'dot', '-n', 'books', join(dir, 'vs.yaml')]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('  subgraph "cluster_ns_books" {\n    label="namespace books\\nmTLS PERMISSIVE (default)\\nauthz none";\n');
    expect(result.stdout).toContain('  "vs:books/reviews" -> "svc:reviews.books.svc.cluster.local";\n');
  });

  it.each([
    [['graph'], 'cdk8s-istio: graph: name at least one file, directory or - for standard input\n'],
    [['graph', '--format', 'png', '-'], 'cdk8s-istio: graph: --format: expected mermaid or dot, got "png"\n'],
    [['graph', '--output', 'json', '-'], 'cdk8s-istio: graph: unknown option --output; run cdk8s-istio graph --help\n'],
    [['graph', '/nonexistent'], 'cdk8s-istio: cannot read /nonexistent: ENOENT\n'],
  ])('exits 2 for %j', async (argv, stderr) => {
    expect(await cli(argv)).toEqual({ code: 2, stdout: '', stderr });
  });

  it('exits 2 on input that is not YAML, and prints its help with --help', async () => {
    const bad = await cli(['graph', '-'], 'kind: [\n');
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toMatch(/^cdk8s-istio graph: -:\d+:\d+ \(document 0\): YAML syntax error: /);
    const help = await cli(['graph', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: cdk8s-istio graph <file\|dir\|->\.\.\. \[options\]/);
    expect((await cli(['--help'])).stdout).toContain('  graph <file|dir|->...      Draw the routing topology');
  });
});
