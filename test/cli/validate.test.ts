import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CliIo, runCli } from '../../src/cli/main';

interface Captured { code: number; stdout: string; stderr: string }

async function cli(argv: string[], stdin = ''): Promise<Captured> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (t) => { stdout += t; },
    stderr: (t) => { stderr += t; },
    readStdin: async () => stdin,
  };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}

const SERVICE_ACCOUNT = 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: reviews\n  namespace: shop\n';
const VIRTUAL_SERVICE = [
  'apiVersion: networking.istio.io/v1',
  'kind: VirtualService',
  'metadata:',
  '  name: reviews',
  '  namespace: shop',
  'spec:',
  '  hosts: [reviews]',
  '  http:',
  '  - route:',
  '    - destination: {host: reviews, subset: v1}',
  '      weigth: 100',
  '',
].join('\n');
const UNKNOWN_KIND = 'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n';

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'cdk8s-istio-cli-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

describe('cdk8s-istio validate', () => {
  it('exits 0 and prints only the summary for valid input', async () => {
    const dir = tree({ 'sa.yaml': SERVICE_ACCOUNT });
    const result = await cli(['validate', join(dir, 'sa.yaml')]);
    expect(result).toEqual({ code: 0, stdout: '', stderr: '1 object(s) in 1 input(s): 0 error(s), 0 not checked\n' });
  });

  it('exits 1 with one line per finding, pointing at file, line and field', async () => {
    const dir = tree({ 'vs.yaml': VIRTUAL_SERVICE });
    const file = join(dir, 'vs.yaml');
    const result = await cli(['validate', file]);
    expect(result.code).toBe(1);
    expect(result.stdout.trim().split('\n')).toEqual([
      `${file}:11:7 (document 0): VirtualService/shop/reviews: /spec/http/0/route/0/weigth: unknown field "weigth" [unknown-field]`,
    ]);
  });

  it('reads directories recursively in a stable order, and reports unknown kinds as not checked without failing', async () => {
    const dir = tree({ 'b/sa.yaml': SERVICE_ACCOUNT, 'a/widget.yml': UNKNOWN_KIND, 'a/notes.txt': 'not yaml: [' });
    const result = await cli(['validate', dir]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      `${join(dir, 'a', 'widget.yml')}:1:1 (document 0): info: Widget/w: example.com/v1 Widget is not a kind this validator knows ` +
      '(Istio 1.30.3, Gateway API v1.6.1 (standard), VPC Lattice controller v2.1.3 CRDs and Kubernetes 1.32 core kinds); ' +
      'the object was read but not checked [not-checked]\n',
    );
    expect(result.stderr).toBe('2 object(s) in 2 input(s): 0 error(s), 1 not checked\n');
  });

  it('reads standard input with -, every document, and prints JSON with --output json', async () => {
    const result = await cli(['validate', '--output', 'json', '-'], `${SERVICE_ACCOUNT}---\n${SERVICE_ACCOUNT}`);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toEqual([{
      severity: 'error',
      check: 'duplicate-object',
      message: 'duplicates an earlier object (-, document 0) with the same API group, kind, namespace and name; applying both makes one silently replace the other: rename or remove one',
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      namespace: 'shop',
      name: 'reviews',
      documentIndex: 1,
      file: '-',
      line: 7,
      column: 1,
    }]);
    expect(result.stderr).toBe('');
  });

  it('exits 2 on a YAML syntax error, with line and column', async () => {
    const dir = tree({ 'bad.yaml': `${SERVICE_ACCOUNT}---\nmetadata: [unclosed\n` });
    const file = join(dir, 'bad.yaml');
    const result = await cli(['validate', file]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe(`${file}:8:1 (document 1): YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ] [yaml-syntax]\n`);
  });

  it('exits 1 for a document that is not a Kubernetes object', async () => {
    const result = await cli(['validate', '-'], '- just\n- a list\n');
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('-:1:1 (document 0): document is not a Kubernetes object: expected a mapping with string apiVersion and kind [not-an-object]\n');
  });

  it.each([
    [['validate', '/does/not/exist.yaml'], 'cdk8s-istio: cannot read /does/not/exist.yaml: ENOENT\n'],
    [['validate'], 'cdk8s-istio: validate: name at least one file, directory or - for standard input\n'],
    [['validate', '--output', 'xml', '-'], 'cdk8s-istio: --output: expected text or json, got "xml"\n'],
    [['validate', '--strict', '-'], 'cdk8s-istio: unknown option --strict\n'],
    [['lint', 'x.yaml'], 'cdk8s-istio: unknown command "lint"; run cdk8s-istio --help\n'],
  ])('exits 2 on usage and I/O errors: %j', async (argv, message) => {
    expect(await cli(argv)).toEqual({ code: 2, stdout: '', stderr: message });
  });

  it('prints help (exit 0), usage without a command (exit 2), and the version', async () => {
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('validate <file|dir|->...');
    const none = await cli([]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('Usage: cdk8s-istio <command> [options]');
    const version = await cli(['--version']);
    expect(version).toEqual({ code: 0, stdout: 'cdk8s-istio 0.0.0 (Istio 1.30.3 CRDs, Kubernetes 1.32 schemas)\n', stderr: '' });
  });
});
