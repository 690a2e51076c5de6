// Istio's own analyzer tests as a differential oracle: every case of upstream's testGrid (analyzers_test.go, at the
// release-1.30 commit pinned in imports/istio-src.json) is run through our analyzer of the same name on the same
// input files and mesh config, and must report the same messages (code and resource; the text is checked by the
// unit tests). Upstream reads the files the way its tests do (pods, services and namespaces included) and adds the
// default ingress gateway objects `istioctl analyze` adds offline; so does our engine.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ANALYZERS_DIR, parseTestGrid, readIstioSrc, UpstreamCase } from './upstream-cases';
import { ALL_MESSAGE_TYPES, MSG } from '../../src/analysis/catalogue';
import { runAnalysis } from '../../src/analysis/engine';
import { parseMeshConfig } from '../../src/analysis/mesh-config';
import { readYamlStream } from '../../src/validation/yaml-reader';

/** Upstream analyzer (Go type) → ours (by its Metadata().Name, which is the same except where noted). */
const ANALYZERS: Readonly<Record<string, string>> = {
  'annotations.K8sAnalyzer': 'annotations.K8sAnalyzer',
  'maturity.AlphaAnalyzer': 'annotations.AlphaAnalyzer',
  'authn.BlockedCIDRsAnalyzer': 'authn.BlockedCIDRsAnalyzer',
  'authz.AuthorizationPoliciesAnalyzer': 'auth.AuthorizationPoliciesAnalyzer',
  'deployment.ApplicationUIDAnalyzer': 'applicationUID.Analyzer',
  'deployment.ServiceAssociationAnalyzer': 'deployment.MultiServiceAnalyzer',
  'deprecation.FieldAnalyzer': 'deprecation.DeprecationAnalyzer',
  'destinationrule.CaCertificateAnalyzer': 'destinationrule.CaCertificateAnalyzer',
  'destinationrule.PodNotSelectedAnalyzer': 'destinationrule.SubsetSelectPodAnalyzer',
  'envoyfilter.EnvoyPatchAnalyzer': 'envoyfilter.EnvoyPatchAnalyzer',
  'externalcontrolplane.ExternalControlPlaneAnalyzer': 'externalcontrolplane.ExternalControlPlaneAnalyzer',
  'gateway.CertificateAnalyzer': 'gateway.CertificateAnalyzer',
  'gateway.ConflictingGatewayAnalyzer': 'gateway.ConflictingGatewayAnalyzer',
  'gateway.IngressGatewayPortAnalyzer': 'gateway.IngressGatewayPortAnalyzer',
  'gateway.SecretAnalyzer': 'gateway.SecretAnalyzer',
  'injection.Analyzer': 'injection.Analyzer',
  'injection.ImageAnalyzer': 'injection.ImageAnalyzer',
  'injection.ImageAutoAnalyzer': 'injection.ImageAutoAnalyzer',
  'conditions.ConditionAnalyzer': 'conditions.ConditionAnalyzer',
  'telemetry.LightstepAnalyzer': 'telemetry.LightstepAnalyzer',
  'k8sgateway.SelectorAnalyzer': 'k8sgateway.SelectorAnalyzer',
  'k8sgateway.CRDVersionAnalyzer': 'k8sgateway.CRDVersionAnalyzer',
  'multicluster.MeshNetworksAnalyzer': 'meshnetworks.MeshNetworksAnalyzer',
  'service.PortNameAnalyzer': 'service.PortNameAnalyzer',
  'serviceentry.ProtocolAddressesAnalyzer': 'serviceentry.Analyzer',
  'sidecar.SelectorAnalyzer': 'sidecar.SelectorAnalyzer',
  'telemetry.DefaultSelectorAnalyzer': 'telemetry.DefaultSelectorAnalyzer',
  'telemetry.ProviderAnalyzer': 'telemetry.ProviderAnalyzer',
  'telemetry.SelectorAnalyzer': 'telemetry.SelectorAnalyzer',
  'virtualservice.ConflictingMeshGatewayHostsAnalyzer': 'virtualservice.ConflictingMeshGatewayHostsAnalyzer',
  'virtualservice.DestinationHostAnalyzer': 'virtualservice.DestinationHostAnalyzer',
  'virtualservice.DestinationRuleAnalyzer': 'virtualservice.DestinationRuleAnalyzer',
  'virtualservice.GatewayAnalyzer': 'virtualservice.GatewayAnalyzer',
  'virtualservice.JWTClaimRouteAnalyzer': 'virtualservice.JWTClaimRouteAnalyzer',
  'webhook.Analyzer': 'webhook.Analyzer',
  'schemaValidation.CollectionValidationAnalyzer(collections.VirtualService)': 'schema.ValidationAnalyzer.VirtualService',
};

/**
 * Upstream analyzers this project does not have (outside the analysis issue's list): their cases are not run. Kept
 * exact, so that a new upstream case for one of ours cannot go unnoticed.
 */
const NOT_IMPLEMENTED: string[] = [];

const grid = parseTestGrid(readIstioSrc('pkg/config/analysis/analyzers/analyzers_test.go'));

function readCase(file: string): string {
  return readIstioSrc(join('pkg/config/analysis/analyzers', file));
}

/** `CODE Kind [namespace/]name`, as upstream's FriendlyName origins, without the default namespace. */
function expectedOf(c: UpstreamCase): string[] {
  return c.expected.map(([type, origin]) => {
    const code = (MSG as Record<string, { code: string }>)[type]?.code ?? `unknown message ${type}`;
    const [kind, ...rest] = origin.split(' ');
    const name = rest.join(' ').replace(/^default\//, '');
    return `${code} ${kind} ${name}`;
  }).sort();
}

function ours(c: UpstreamCase): string[] {
  const sources = c.inputFiles.map((f) => readYamlStream(readCase(f), f));
  const meshFile = (f: string | undefined) => (f === undefined ? undefined : parseMeshConfig(readCase(f), f).meshConfig);
  const mesh = c.meshConfigFile || c.meshNetworksFile
    ? { meshConfig: meshFile(c.meshConfigFile) ?? {}, meshNetworks: meshFile(c.meshNetworksFile) }
    : undefined;
  return runAnalysis(sources, { analyzers: [ANALYZERS[c.analyzer]], mesh }).messages.map((m) => {
    const ns = m.resource.namespace && m.resource.namespace !== 'default' ? `${m.resource.namespace}/` : '';
    return `${m.code} ${m.resource.kind} ${ns}${m.resource.name}`;
  }).sort();
}

describe("Istio's analyzer test table (release-1.30)", () => {
  it('is read: 100 cases, each for an analyzer that is ours or listed as not implemented', () => {
    expect(grid).toHaveLength(100);
    const skipped = grid.filter((c) => !(c.analyzer in ANALYZERS)).map((c) => c.analyzer);
    expect([...new Set(skipped)].sort()).toEqual(NOT_IMPLEMENTED);
    expect(grid.filter((c) => c.analyzer in ANALYZERS)).toHaveLength(100);
  });

  it.each(grid.filter((c) => c.analyzer in ANALYZERS).map((c) => [`${c.name} (${c.analyzer}, analyzers_test.go:${c.line})`, c] as const))(
    '%s',
    (_, c) => {
      expect(ours(c)).toEqual(expectedOf(c));
    },
  );
});

describe("Istio's message catalogue (release-1.30 messages.yaml)", () => {
  const upstream = parse(readIstioSrc('pkg/config/analysis/msg/messages.yaml')).messages as Array<Record<string, string>>;

  it('has every message of ours, with the same name, level, description and template, and no other', () => {
    const normalized = upstream.map((m) => ({ code: m.code, name: m.name, level: m.level, description: m.description, template: m.template }));
    const mine = ALL_MESSAGE_TYPES.map((t) => ({ code: t.code, name: t.name, level: t.level, description: t.description, template: t.template }));
    expect(mine).toEqual([...normalized].sort((a, b) => (a.code < b.code ? -1 : 1)));
  });

  it('is what the test table names', () => {
    const names = new Set(upstream.map((m) => m.name));
    expect(grid.flatMap((c) => c.expected.map(([type]) => type)).filter((t) => !names.has(t))).toEqual([]);
  });
});

describe('parseTestGrid', () => {
  it('reads names, inputs, mesh files, analyzer and expected messages', () => {
    const source = [
      'package analyzers', '', 'var testGrid = []testCase{', '\t{', '\t\tname:       "one",',
      '\t\tinputFiles: []string{"testdata/a.yaml",', '\t\t\t"testdata/b.yaml"},', '\t\tmeshConfigFile: "testdata/mesh.yaml",',
      '\t\tanalyzer:   &gateway.SecretAnalyzer{},', '\t\texpected: []message{', '\t\t\t{msg.ReferencedResourceNotFound, "Gateway ns/gw"},', '\t\t},',
      '\t},', '\t{', '\t\tname: "two",', '\t\tinputFiles: []string{"testdata/c.yaml"},', '\t\tanalyzer: &webhook.Analyzer{},', '\t\texpected: []message{},', '\t},', '}', '',
    ].join('\n');
    expect(parseTestGrid(source)).toEqual([
      {
        name: 'one',
        inputFiles: ['testdata/a.yaml', 'testdata/b.yaml'],
        meshConfigFile: 'testdata/mesh.yaml',
        meshNetworksFile: undefined,
        analyzer: 'gateway.SecretAnalyzer',
        expected: [['ReferencedResourceNotFound', 'Gateway ns/gw']],
        line: 4,
      },
      { name: 'two', inputFiles: ['testdata/c.yaml'], meshConfigFile: undefined, meshNetworksFile: undefined, analyzer: 'webhook.Analyzer', expected: [], line: 14 },
    ]);
  });

  it.each([
    ['package analyzers\n', 'analyzers_test.go: var testGrid = []testCase{ not found'],
    ['var testGrid = []testCase{\n\t{', 'analyzers_test.go: end of testGrid not found'],
    ['var testGrid = []testCase{\n}\n', 'analyzers_test.go: testGrid has no cases'],
    ['var testGrid = []testCase{\n\t{\n\t\tname: "x",\n\t},\n}\n', 'analyzers_test.go:2: case without name or analyzer'],
    ['var testGrid = []testCase{\n\t{\n\t\tname: "x",\n\t\tanalyzer: &a.B{},\n\t\texpected: []message{},\n\t},\n}\n', 'analyzers_test.go:2: case x has no inputFiles'],
    ['var testGrid = []testCase{\n\t{\n\t\tname: "x",\n\t\tinputFiles: []string{"f"},\n\t\tanalyzer: &a.B{},\n\t},\n}\n', 'analyzers_test.go:2: case x has no expected messages'],
  ])('rejects a table it cannot read (%#)', (source, message) => {
    expect(() => parseTestGrid(source)).toThrow(message);
  });
});

describe('the extracted source', () => {
  it('lives where the fetch script puts it', () => {
    expect(ANALYZERS_DIR.endsWith(join('.cache', 'istio-src', 'pkg', 'config', 'analysis', 'analyzers'))).toBe(true);
    expect(() => readIstioSrc('no/such/file')).toThrow(/no\/such\/file is missing: run `node scripts\/fetch-istio-src.mjs` \(the test task does\)/);
  });
});
