import { ApiObject, App, Chart, Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { analyze, brief, istio, k8s, yamlOf } from './helpers';
import { AnalysisLevel, MeshAnalyzer } from '../../src/analysis';
import { AnalyzerRegistry } from '../../src/analysis/analyzer';
import { ALL_MESSAGE_TYPES } from '../../src/analysis/catalogue';
import { goQuote, goSprintf } from '../../src/analysis/go-format';

describe('message catalogue', () => {
  it('has unique codes and names, istio.io pages, and upstream levels', () => {
    const codes = ALL_MESSAGE_TYPES.map((t) => t.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(new Set(ALL_MESSAGE_TYPES.map((t) => t.name)).size).toBe(codes.length);
    expect(codes.every((c) => /^IST0\d{3}$/.test(c))).toBe(true);
    const byCode = Object.fromEntries(ALL_MESSAGE_TYPES.map((t) => [t.code, t]));
    expect([byCode.IST0101.name, byCode.IST0101.level, byCode.IST0101.template]).toEqual(['ReferencedResourceNotFound', AnalysisLevel.ERROR, 'Referenced %s not found: %q']);
    expect([byCode.IST0102.level, byCode.IST0118.level, byCode.IST0131.level, byCode.IST0132.level]).toEqual(['Info', 'Info', 'Info', 'Warning']);
    expect(byCode.IST0129.url).toBe('https://istio.io/latest/docs/reference/config/analysis/ist0129/');
    expect(MeshAnalyzer.messageTypes().map((t) => t.code)).toEqual(codes);
  });

  it('formats templates like Go fmt: %s %v %q %d and slices', () => {
    expect(goSprintf('%s [%v] %q %d %v %%', ['a', 1, 'q"x', 42, ['b', 'c']])).toBe('a [1] "q\\"x" 42 [b c] %');
    expect(goQuote('tab\there\n')).toBe('"tab\\there\\n"');
    expect(goSprintf('%s and %s', ['one'])).toBe('one and %!s(MISSING)');
  });
});

describe('namespace defaulting', () => {
  const gw = istio.gw('gw', undefined, { selector: { istio: 'ingressgateway' }, servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['*'] }] });
  const vs = istio.vs('vs', undefined, { hosts: ['x.example.com'], gateways: ['gw'], http: [{ route: [{ destination: { host: 'missing' } }] }] });

  it('puts namespaced objects without a namespace in default, and resolves references there', () => {
    const messages = analyze([gw, vs], { analyzers: ['virtualservice.GatewayAnalyzer', 'virtualservice.DestinationHostAnalyzer'] });
    expect(messages.map(brief)).toEqual(['IST0101 VirtualService vs.default: Referenced host not found: "missing"']);
    expect(messages[0].resource).toEqual({ kind: 'VirtualService', apiVersion: 'networking.istio.io/v1', namespace: 'default', name: 'vs' });
  });

  it('uses the namespace it is told to use', () => {
    const messages = analyze([gw, vs], { analyzers: ['virtualservice.DestinationHostAnalyzer'], defaultNamespace: 'shop' });
    expect(messages.map(brief)).toEqual(['IST0101 VirtualService vs.shop: Referenced host not found: "missing"']);
  });

  it('leaves cluster-scoped objects without a namespace', () => {
    const [m] = analyze([k8s.namespace('plain')], { analyzers: ['injection.Analyzer'], defaultNamespace: 'shop' });
    expect(m.resource).toEqual({ kind: 'Namespace', apiVersion: 'v1', namespace: undefined, name: 'plain' });
  });
});

describe('suppression', () => {
  const objects = [k8s.namespace('a'), k8s.namespace('b'), k8s.service('web', 'a', { app: 'web' }, [{ name: 'web', port: 80 }])];

  it('honours the galley.istio.io/analyze-suppress annotation (codes, or * for all)', () => {
    const annotated = [
      k8s.namespace('a', {}, { 'galley.istio.io/analyze-suppress': 'IST0108, IST0102' }),
      k8s.namespace('b', {}, { 'galley.istio.io/analyze-suppress': '*' }),
      k8s.service('web', 'a', { app: 'web' }, [{ name: 'web', port: 80 }], {}, { annotations: { 'galley.istio.io/analyze-suppress': 'IST0102' } }),
    ];
    expect(analyze(annotated, { analyzers: ['injection.Analyzer', 'service.PortNameAnalyzer'] }).map(brief)).toEqual([
      "IST0118 Service web.a: Port name web (port: 80, targetPort: 0) doesn't follow the naming convention of Istio port.",
    ]);
  });

  it('honours CODE=Kind name.namespace suppressions with * wildcards, as --suppress', () => {
    expect(analyze(objects, { analyzers: ['injection.Analyzer', 'service.PortNameAnalyzer'], suppress: ['IST0102=Namespace a', 'IST0118=Service *.a'] }).map(brief)).toEqual([
      "IST0102 Namespace b: The namespace is not enabled for Istio injection. Run 'kubectl label namespace b istio-injection=enabled' to enable it, or 'kubectl label namespace b istio-injection=disabled' to explicitly mark it as not needing injection.",
    ]);
    expect(analyze(objects, { analyzers: ['injection.Analyzer'], suppress: ['IST0102=*'] })).toEqual([]);
    expect(analyze(objects, { analyzers: ['injection.Analyzer'], suppress: ['IST0118=Namespace *'] })).toHaveLength(2);
  });

  it('rejects a suppression without exactly one =', () => {
    expect(() => new MeshAnalyzer({ suppress: ['IST0102'] })).toThrow('IST0102 is not a valid suppression value: expected CODE=KIND NAME.NAMESPACE');
  });
});

describe('MeshAnalyzer', () => {
  it('sorts messages by level, code and resource, and drops exact duplicates', () => {
    // The same selector is reported by two gateway analyzers: once only. Errors come before warnings and info.
    const objects = [
      k8s.namespace('z'),
      istio.gw('gw', 'shop', { selector: { app: 'none' }, servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['*'] }] }),
      istio.dr('dr', 'shop', { host: 'nothing', trafficPolicy: { tls: { mode: 'SIMPLE' } } }),
    ];
    const messages = analyze(objects);
    expect(messages.map((m) => `${m.level} ${m.code} ${m.resource.kind}`)).toEqual([
      'Error IST0101 Gateway',
      'Warning IST0128 DestinationRule',
      'Warning IST0174 DestinationRule',
      'Info IST0102 Namespace',
    ]);
    expect(messages[0].analyzer).toBe('gateway.IngressGatewayPortAnalyzer');
  });

  it('counts messages by level, and objects', () => {
    const report = new MeshAnalyzer().analyzeYaml(yamlOf([k8s.namespace('z'), istio.dr('dr', 'shop', { host: 'nothing' })]));
    expect([report.objectCount, report.errorCount, report.warningCount, report.infoCount]).toEqual([2, 0, 1, 1]);
  });

  it('analyzes charts and apps synthesized by cdk8s', () => {
    const app = Testing.app();
    const a = new Chart(app, 'a');
    const b = new Chart(app, 'b');
    new ApiObject(a, 'vs', istio.vs('vs', 'shop', { hosts: ['vs'], gateways: ['gw'], http: [{ route: [{ destination: { host: 'vs' } }] }] }) as any);
    new ApiObject(b, 'gw', istio.gw('gw', 'shop', { selector: { app: 'gw' }, servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['vs'] }] }) as any);
    const analyzer = new MeshAnalyzer({ analyzers: ['virtualservice.GatewayAnalyzer'] });
    expect(analyzer.analyzeChart(a).messages.map(brief)).toEqual([
      'IST0101 VirtualService vs.shop: Referenced gateway not found: "gw"',
      'IST0132 VirtualService vs.shop: one or more host [vs] defined in VirtualService shop/vs not found in Gateway shop/gw.',
    ]);
    expect(analyzer.analyzeApp(app as App).messages).toEqual([]);
  });

  it('lists its analyzers and rejects unknown ones', () => {
    expect(MeshAnalyzer.analyzerNames()).toContain('virtualservice.GatewayAnalyzer');
    expect(MeshAnalyzer.analyzerNames()).toHaveLength(new Set(MeshAnalyzer.analyzerNames()).size);
    expect(() => new MeshAnalyzer({ analyzers: ['nope.Analyzer'] })).toThrow(/^unknown analyzer nope.Analyzer; known analyzers: annotations.K8sAnalyzer, /);
  });

  it('rejects a mesh config that is not YAML or not a mapping', () => {
    expect(() => new MeshAnalyzer({ meshConfig: 'a: [' })).toThrow(/^meshConfig: YAML syntax error: /);
    expect(() => new MeshAnalyzer({ meshConfig: '- a' })).toThrow('meshConfig: expected a MeshConfig mapping or an istio ConfigMap, got ["a"]');
  });

  it('reads the mesh config from the istio ConfigMap of the input unless one is given', () => {
    const cm = k8s.configMap('istio', 'istio-system', { mesh: 'rootNamespace: mesh-root\n' });
    const root = istio.ap('root', 'mesh-root', { selector: { matchLabels: { app: 'nothing' } } });
    const A = ['auth.AuthorizationPoliciesAnalyzer'];
    const elsewhere = k8s.deployment('other', 'elsewhere', { app: 'nothing' }, {}, {}, { annotations: { 'sidecar.istio.io/inject': 'true' } });
    // With mesh-root as the root namespace the policy is mesh-wide: its selector matches the workload elsewhere ...
    expect(analyze([cm, root, elsewhere], { analyzers: A })).toEqual([]);
    // ... while with the explicit mesh config (root istio-system) it only looks in its own namespace.
    expect(analyze([cm, root, elsewhere], { analyzers: A, meshConfig: 'rootNamespace: istio-system' }).map(brief))
      .toEqual(['IST0127 AuthorizationPolicy root.mesh-root: No matching workloads for this resource with the following labels: app=nothing']);
  });
});

describe('AnalyzerRegistry', () => {
  it('rejects duplicate names', () => {
    const analyzer = { name: 'x.Analyzer', description: 'x', upstream: 'x', analyze: () => undefined };
    const registry = new AnalyzerRegistry([analyzer]);
    expect(() => registry.register(analyzer)).toThrow('analyzer x.Analyzer is already registered');
    expect(registry.select([]).map((a) => a.name)).toEqual(['x.Analyzer']);
  });
});

describe('default analyzers', () => {
  it('are every analyzer but the alpha-annotation one, which istioctl also leaves out, and our principal check', () => {
    expect(MeshAnalyzer.analyzerNames().filter((n) => !MeshAnalyzer.defaultAnalyzerNames().includes(n))).toEqual([
      'annotations.AlphaAnalyzer', 'auth.PrincipalReferencesAnalyzer',
    ]);
    const pod = k8s.pod('web', 'shop', { app: 'web' }, {}, { annotations: { 'sidecar.istio.io/proxyCPU': '100m' } });
    expect(analyze([pod]).map((m) => m.code)).not.toContain('IST0136');
    expect(analyze([pod], { analyzers: MeshAnalyzer.analyzerNames() }).map((m) => m.code)).toContain('IST0136');
  });
});
