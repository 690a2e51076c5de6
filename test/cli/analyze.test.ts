import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CliIo, runCli } from '../../src/cli/main';
import { istio, k8s, yamlOf } from '../analysis/helpers';

interface Captured { code: number; stdout: string; stderr: string }

async function cli(argv: string[], stdin = ''): Promise<Captured> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; }, readStdin: async () => stdin };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'cdk8s-istio-analyze-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const CLEAN = yamlOf([
  k8s.namespace('shop', { 'istio-injection': 'enabled' }),
  k8s.service('reviews', 'shop', { app: 'reviews' }, [{ name: 'http', port: 9080 }]),
  k8s.deployment('reviews', 'shop', { app: 'reviews' }),
  istio.vs('reviews', 'shop', { hosts: ['reviews'], http: [{ route: [{ destination: { host: 'reviews' } }] }] }),
]);
const BROKEN_VS = yamlOf([istio.vs('reviews', 'shop', { hosts: ['reviews'], http: [{ route: [{ destination: { host: 'ratings' } }] }] })]);
const WARNING_ONLY = yamlOf([istio.dr('reviews', 'shop', { host: 'unknown' })]);
const INFO_ONLY = yamlOf([k8s.namespace('plain')]);
const NOT_INJECTED = "Info [IST0102] (Namespace plain) The namespace is not enabled for Istio injection. Run 'kubectl label namespace plain istio-injection=enabled' to enable it, or 'kubectl label namespace plain istio-injection=disabled' to explicitly mark it as not needing injection.";

describe('cdk8s-istio analyze: output formats', () => {
  it('exits 0 and prints only the summary when nothing is found', async () => {
    const dir = tree({ 'clean.yaml': CLEAN });
    expect(await cli(['analyze', join(dir, 'clean.yaml')])).toEqual({
      code: 0, stdout: '', stderr: '✔ No validation issues found when analyzing 4 object(s) in 1 input(s).\n',
    });
  });

  it('prints one line per message as istioctl does (text), and exits 1 on an error', async () => {
    const file = join(tree({ 'vs.yaml': BROKEN_VS }), 'vs.yaml');
    const result = await cli(['analyze', file]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe(`Error [IST0101] (VirtualService reviews.shop ${file}:12) Referenced host not found: "ratings"\n`);
    expect(result.stderr).toBe('1 object(s) in 1 input(s): 1 error(s), 0 warning(s), 0 info(s). See https://istio.io/latest/docs/reference/config/analysis for more information about causes and resolutions.\n');
  });

  it('prints a JSON array of {code, name, level, message, resource, file, documentIndex} with --output json', async () => {
    const result = await cli(['analyze', '--output', 'json', '-'], `${INFO_ONLY}---\n${BROKEN_VS}`);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual([
      { code: 'IST0101', name: 'ReferencedResourceNotFound', level: 'Error', message: 'Referenced host not found: "ratings"', resource: { kind: 'VirtualService', namespace: 'shop', name: 'reviews' }, file: '-', documentIndex: 1 },
      { code: 'IST0102', name: 'NamespaceNotInjected', level: 'Info', message: NOT_INJECTED.slice(NOT_INJECTED.indexOf(') ') + 2), resource: { kind: 'Namespace', namespace: null, name: 'plain' }, file: '-', documentIndex: 0 },
    ]);
  });

  it('prints SARIF 2.1.0 with a rule per code and located results with --output sarif', async () => {
    const dir = tree({ 'vs.yaml': BROKEN_VS });
    const result = await cli(['analyze', '-o', 'sarif', dir]);
    expect(result.code).toBe(1);
    const sarif = JSON.parse(result.stdout);
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json');
    expect(sarif.runs).toHaveLength(1);
    expect(sarif.runs[0].tool.driver.name).toBe('cdk8s-istio analyze');
    expect(sarif.runs[0].tool.driver.rules).toEqual([{
      id: 'IST0101',
      name: 'ReferencedResourceNotFound',
      shortDescription: { text: 'A resource being referenced does not exist.' },
      helpUri: 'https://istio.io/latest/docs/reference/config/analysis/ist0101/',
      defaultConfiguration: { level: 'error' },
    }]);
    expect(sarif.runs[0].results).toEqual([{
      ruleId: 'IST0101',
      ruleIndex: 0,
      level: 'error',
      message: { text: 'Referenced host not found: "ratings"' },
      locations: [{
        physicalLocation: { artifactLocation: { uri: join(dir, 'vs.yaml').replace(/\\/g, '/') }, region: { startLine: 12, startColumn: 13 } },
        logicalLocations: [{ name: 'reviews', fullyQualifiedName: 'VirtualService reviews.shop', kind: 'VirtualService' }],
      }],
      partialFingerprints: { 'istioResource/v1': 'IST0101:VirtualService reviews.shop:Referenced host not found: "ratings"' },
    }]);
  });
});

describe('cdk8s-istio analyze: fail level, suppressions, mesh config, namespace', () => {
  it('exits 0 on warnings and info by default, and 1 from the level given with --fail-on', async () => {
    expect(await cli(['analyze', '-'], WARNING_ONLY)).toMatchObject({ code: 0, stdout: expect.stringContaining('Warning [IST0174]') });
    expect((await cli(['analyze', '--fail-on', 'warning', '-'], WARNING_ONLY)).code).toBe(1);
    expect((await cli(['analyze', '--fail-on', 'warning', '-'], INFO_ONLY)).code).toBe(0);
    expect(await cli(['analyze', '--fail-on=info', '-'], INFO_ONLY)).toMatchObject({ code: 1, stdout: `${NOT_INJECTED.replace('(Namespace plain)', '(Namespace plain -:4)')}\n` });
  });

  it('suppresses codes on matching resources with --suppress / -S, and warns about unknown codes', async () => {
    const result = await cli(['analyze', '--suppress', 'IST0101=VirtualService *.shop', '-S', 'IST9999=Pod x', '-'], BROKEN_VS);
    expect(result).toEqual({
      code: 0,
      stdout: '',
      stderr: "Warning: Supplied message code 'IST9999' is an unknown message code and will not have any effect.\n✔ No validation issues found when analyzing 1 object(s) in 1 input(s).\n",
    });
  });

  it('reads the mesh config from --mesh-config (a MeshConfig or an istio ConfigMap)', async () => {
    const telemetry = yamlOf([istio.telemetry('logs', 'shop', { accessLogging: [{ filter: { expression: 'true' } }] })]);
    expect((await cli(['analyze', '--fail-on', 'warning', '-'], telemetry)).stdout).toContain('[IST0157]');
    const dir = tree({
      'mesh.yaml': 'defaultProviders:\n  accessLogging: [envoy]\n',
      'istio.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: istio, namespace: istio-system}\ndata:\n  mesh: |\n    defaultProviders:\n      accessLogging: [envoy]\n',
    });
    expect((await cli(['analyze', '--fail-on', 'warning', '--mesh-config', join(dir, 'mesh.yaml'), '-'], telemetry)).code).toBe(0);
    expect((await cli(['analyze', '--fail-on', 'warning', `--mesh-config=${join(dir, 'istio.yaml')}`, '-'], telemetry)).code).toBe(0);
  });

  it('puts objects without a namespace in the one given with --namespace', async () => {
    const result = await cli(['analyze', '-n', 'payments', '-o', 'json', '-'], yamlOf([istio.vs('vs', undefined, { hosts: ['a'], http: [{ route: [{ destination: { host: 'a' } }] }] })]));
    expect(JSON.parse(result.stdout).map((m: any) => m.resource)).toEqual([{ kind: 'VirtualService', namespace: 'payments', name: 'vs' }]);
  });

  it('reads every document of piped input, including List items', async () => {
    const list = `apiVersion: v1\nkind: List\nitems:\n${INFO_ONLY.split('\n').filter((l) => l).map((l, i) => (i === 0 ? `- ${l}` : `  ${l}`)).join('\n')}\n`;
    const ratings = yamlOf([istio.vs('ratings', 'shop', { hosts: ['ratings'], http: [{ route: [{ destination: { host: 'ratings' } }] }] })]);
    const result = await cli(['analyze', '-o', 'json', '-'], `${CLEAN}---\n${list}---\n${ratings}`);
    expect(JSON.parse(result.stdout).map((m: any) => [m.code, m.documentIndex])).toEqual([['IST0101', 5], ['IST0102', 4]]);
  });
});

describe('cdk8s-istio analyze: usage, I/O and YAML errors (exit 2)', () => {
  it.each([
    [['analyze'], 'cdk8s-istio: analyze: name at least one file, directory or - for standard input\n'],
    [['analyze', '--bogus', '-'], 'cdk8s-istio: analyze: unknown option --bogus; run cdk8s-istio analyze --help\n'],
    [['analyze', '--output', 'xml', '-'], 'cdk8s-istio: analyze: --output: expected text, json or sarif, got "xml"\n'],
    [['analyze', '--fail-on', 'never', '-'], 'cdk8s-istio: analyze: --fail-on: expected error, warning or info, got "never"\n'],
    [['analyze', '-'], undefined],
    [['analyze', '--suppress', 'IST0101', '-'], 'cdk8s-istio: analyze: IST0101 is not a valid suppression value: expected CODE=KIND NAME.NAMESPACE, e.g. IST0102=Namespace default (* matches any part of the resource)\n'],
    [['analyze', '--mesh-config', '/nonexistent/mesh.yaml', '-'], 'cdk8s-istio: analyze: --mesh-config: cannot read /nonexistent/mesh.yaml: ENOENT\n'],
    [['analyze', '/nonexistent/manifests.yaml'], 'cdk8s-istio: cannot read /nonexistent/manifests.yaml: ENOENT\n'],
    [['analyze', '--suppress'], 'cdk8s-istio: analyze: --suppress needs a value\n'],
  ])('%j', async (argv, stderr) => {
    if (stderr === undefined) {
      // A YAML syntax error: reported with its position, nothing analyzed.
      const result = await cli(argv, 'apiVersion: v1\nkind: Namespace\nmetadata: {name: [\n');
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(/^(cdk8s-istio analyze: -:4:1 \(document 0\): YAML syntax error: .+ \[yaml-syntax\]\n)+$/);
      return;
    }
    expect(await cli(argv)).toEqual({ code: 2, stdout: '', stderr });
  });

  it('rejects a mesh config that is not a mapping, and documents that are not Kubernetes objects', async () => {
    const dir = tree({ 'mesh.yaml': '- not\n- a mapping\n' });
    expect(await cli(['analyze', '--mesh-config', join(dir, 'mesh.yaml'), '-'], CLEAN)).toEqual({
      code: 2, stdout: '', stderr: 'cdk8s-istio: analyze: meshConfig: expected a MeshConfig mapping or an istio ConfigMap, got ["not","a mapping"]\n',
    });
    expect(await cli(['analyze', '-'], 'just: a mapping\n')).toEqual({
      code: 2,
      stdout: '',
      stderr: 'cdk8s-istio analyze: -:1:1 (document 0): document is not a Kubernetes object: expected a mapping with string apiVersion and kind [not-an-object]\n',
    });
  });

  it('prints its help with --help and is listed in the main help', async () => {
    const help = await cli(['analyze', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: cdk8s-istio analyze <file\|dir\|->\.\.\. \[options\]/);
    expect(help.stdout).toContain('Exit status: 0 no message at or above the fail level, 1 otherwise, 2 usage, I/O or YAML error.');
    expect((await cli(['--help'])).stdout).toContain('  analyze <file|dir|->...    Analyze the mesh configuration as istioctl analyze does');
  });
});
