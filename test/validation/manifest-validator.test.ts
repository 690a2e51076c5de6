import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApiObject, ApiObjectProps, App, Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { describe, expect, it } from 'vitest';
import { FindingSeverity, IstioTesting, ManifestValidator, ValidationCheck } from '../../src';

const istio = join(__dirname, '..', '..', 'upstream-data', 'istio', '1.30.3');
const upstreamFiles = [
  ...readdirSync(join(istio, 'golden')).filter((f) => f.endsWith('.yaml')).map((f) => join(istio, 'golden', f)),
  ...readdirSync(join(istio, 'golden', 'helm-template')).map((f) => join(istio, 'golden', 'helm-template', f)),
  ...readdirSync(join(istio, 'addons')).map((f) => join(istio, 'addons', f)),
];

const validator = new ManifestValidator();

/** The findings of one crafted document, reduced to what each test pins down. */
function findingsOf(text: string) {
  return validator.validateYaml(text, 'crafted.yaml').findings.map((f) => ({
    severity: f.severity, check: f.check, path: f.path, message: f.message, line: f.line,
  }));
}

const CEL_SKIPPED = {
  severity: FindingSeverity.INFO,
  check: ValidationCheck.CEL,
  path: undefined,
  line: 1,
  message: 'CEL validation rules were not evaluated because the object has type or enum errors (the API server skips them too); fix those errors to have the rules checked',
};

describe('ManifestValidator on upstream manifests', () => {
  it('accepts every object of the all_on golden install (default profile + egress), CRDs included', () => {
    const report = validator.validateYaml(readFileSync(join(istio, 'golden', 'all_on.golden-show-in-gh-pull-request.yaml'), 'utf8'), 'all_on.yaml');
    expect(report.findings).toEqual([]);
    expect(report.objectCount).toBe(44);
    expect(report.valid).toBe(true);
  });

  it.each(upstreamFiles.map((f) => [f.slice(istio.length + 1), f]))('accepts %s with every object checked', (_name, file) => {
    const report = validator.validateYaml(readFileSync(file, 'utf8'), file);
    expect(report.findings).toEqual([]);
    expect(report.notCheckedCount).toBe(0);
  });
});

describe('ManifestValidator rejects each class of error with a precise finding', () => {
  it('unknown field (kubectl strict field validation)', () => {
    expect(findingsOf([
      'apiVersion: networking.istio.io/v1',
      'kind: DestinationRule',
      'metadata: {name: reviews, namespace: shop}',
      'spec:',
      '  host: reviews',
      '  trafficPolicy:',
      '    loadBalancer: {simple: ROUND_ROBIN}',
      '    conectionPool: {}',
    ].join('\n'))).toEqual([{
      severity: FindingSeverity.ERROR,
      check: ValidationCheck.UNKNOWN_FIELD,
      path: '/spec/trafficPolicy/conectionPool',
      line: 8,
      message: 'unknown field "conectionPool"',
    }]);
  });

  it('wrong type', () => {
    expect(findingsOf([
      'apiVersion: networking.istio.io/v1',
      'kind: VirtualService',
      'metadata: {name: reviews, namespace: shop}',
      'spec:',
      '  hosts: [reviews]',
      '  http:',
      '  - route:',
      '    - destination: {host: reviews}',
      '      weight: "100"',
    ].join('\n'))).toEqual([
      { severity: FindingSeverity.ERROR, check: ValidationCheck.SCHEMA, path: '/spec/http/0/route/0/weight', line: 9, message: 'must be integer, got string "100"' },
      CEL_SKIPPED,
    ]);
  });

  it('bad enum value', () => {
    expect(findingsOf('apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: default, namespace: shop}\nspec:\n  mtls: {mode: STRICTEST}\n')).toEqual([
      {
        severity: FindingSeverity.ERROR,
        check: ValidationCheck.SCHEMA,
        path: '/spec/mtls/mode',
        line: 5,
        message: 'must be one of [UNSET, DISABLE, PERMISSIVE, STRICT], got "STRICTEST"',
      },
      CEL_SKIPPED,
    ]);
  });

  it('missing required field', () => {
    expect(findingsOf('apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {name: reviews, namespace: shop}\nspec:\n  subsets: [{name: v1, labels: {version: v1}}]\n')).toEqual([{
      severity: FindingSeverity.ERROR, check: ValidationCheck.SCHEMA, path: '/spec/host', line: 4, message: 'missing required field "host"',
    }]);
  });

  it('CEL rule violation (x-kubernetes-validations)', () => {
    expect(findingsOf([
      'apiVersion: networking.istio.io/v1',
      'kind: DestinationRule',
      'metadata: {name: reviews, namespace: shop}',
      'spec:',
      '  host: reviews',
      '  trafficPolicy: {connectionPool: {tcp: {connectTimeout: 0.5ms}}}',
    ].join('\n'))).toEqual([{
      severity: FindingSeverity.ERROR,
      check: ValidationCheck.CEL,
      path: '/spec/trafficPolicy/connectionPool/tcp/connectTimeout',
      line: 6,
      message: "must be a valid duration greater than 1ms (rule: duration(self) >= duration('1ms'))",
    }]);
  });

  it('selector that does not match the pod template (API server Go check)', () => {
    expect(findingsOf([
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata: {name: reviews, namespace: shop}',
      'spec:',
      '  selector: {matchLabels: {app: reviews}}',
      '  template:',
      '    metadata: {labels: {app: ratings}}',
      '    spec:',
      '      containers: [{name: app, image: "reviews:1"}]',
    ].join('\n'))).toEqual([{
      severity: FindingSeverity.ERROR,
      check: ValidationCheck.API_SERVER,
      path: '/spec/template/metadata/labels',
      line: 7,
      message: 'spec.template.metadata.labels: must be selected by spec.selector {"matchLabels":{"app":"reviews"}}, got {"app":"ratings"}; give the pod template the labels the selector selects',
    }]);
  });

  it('object name that is not a DNS-1123 subdomain', () => {
    expect(findingsOf('apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: Reviews_V1, namespace: shop}\nspec:\n  hosts: [reviews]\n')).toEqual([{
      severity: FindingSeverity.ERROR,
      check: ValidationCheck.API_SERVER,
      path: '/metadata/name',
      line: 3,
      message: "metadata.name: must be a lowercase RFC 1123 subdomain (lowercase letters, digits, '-' and '.', starting and ending with an alphanumeric), got \"Reviews_V1\"",
    }]);
  });

  it('duplicate key', () => {
    expect(findingsOf('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: shop}\ndata:\n  a: "1"\n  a: "2"\n')).toEqual([{
      severity: FindingSeverity.ERROR,
      check: ValidationCheck.DUPLICATE_KEY,
      path: '/data/a',
      line: 5,
      message: "key \"a\" appears more than once in the same mapping; kubectl's strict field validation rejects duplicate fields and other tools disagree about which value wins: remove the duplicate",
    }]);
  });

  it('duplicate object (same group, kind, namespace and name; the version does not matter)', () => {
    expect(findingsOf([
      'apiVersion: networking.istio.io/v1',
      'kind: Gateway',
      'metadata: {name: web, namespace: shop}',
      'spec: {selector: {istio: ingressgateway}}',
      '---',
      'apiVersion: networking.istio.io/v1beta1',
      'kind: Gateway',
      'metadata: {name: web, namespace: shop}',
      'spec: {selector: {istio: ingressgateway}}',
    ].join('\n'))).toEqual([{
      severity: FindingSeverity.ERROR,
      check: ValidationCheck.DUPLICATE_OBJECT,
      path: undefined,
      line: 6,
      message: 'duplicates an earlier object (crafted.yaml, document 0) with the same API group, kind, namespace and name; applying both makes one silently replace the other: rename or remove one',
    }]);
  });

  it('scalar that YAML 1.1 and YAML 1.2 read differently', () => {
    expect(findingsOf('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: shop}\ndata:\n  enabled: yes\n')).toEqual([{
      severity: FindingSeverity.ERROR,
      check: ValidationCheck.AMBIGUOUS_SCALAR,
      path: '/data/enabled',
      line: 5,
      message: 'unquoted value yes is the string "yes" in YAML 1.2 (JavaScript, cdk8s) but the boolean true in YAML 1.1 (kubectl, kustomize, Helm); quote it ("yes") or write the value you mean unambiguously',
    }]);
  });

  it('formats a finding as one line, as the CLI prints it', () => {
    const [finding] = validator.validateYaml('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: shop}\ndata:\n  enabled: on\n', 'c.yaml').findings;
    expect(ManifestValidator.formatFinding(finding)).toBe(
      'c.yaml:5:3 (document 0): ConfigMap/shop/c: /data/enabled: unquoted value on is the string "on" in YAML 1.2 (JavaScript, cdk8s) ' +
      'but the boolean true in YAML 1.1 (kubectl, kustomize, Helm); quote it ("on") or write the value you mean unambiguously [ambiguous-scalar]',
    );
    expect(ManifestValidator.formatFinding(finding, false)).toMatch(/^ConfigMap\/shop\/c: \/data\/enabled: unquoted value on .* \[ambiguous-scalar\]$/);
  });

  it('reports objects of unknown kinds as not checked (information), still checking their metadata', () => {
    const report = validator.validateYaml('apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: Bad_Name}\n');
    expect(report.valid).toBe(false);
    expect(report.notCheckedCount).toBe(1);
    expect(report.findings.map((f) => [f.severity, f.check, f.path])).toEqual([
      [FindingSeverity.ERROR, ValidationCheck.API_SERVER, '/metadata/name'],
      [FindingSeverity.INFO, ValidationCheck.NOT_CHECKED, undefined],
    ]);
    expect(new ManifestValidator({ reportNotChecked: false }).validateYaml('apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n').findings).toEqual([]);
  });
});

describe('validating constructs', () => {
  function chartWithTypo(): Chart {
    const chart = new Chart(Testing.app(), 'typo');
    // The typed L1 classes drop unknown fields when they render; a plain ApiObject (or a Helm/Include import)
    // does not, which is how typos reach the output.
    new ApiObject(chart, 'Vs', {
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: { name: 'reviews', namespace: 'shop' },
      spec: { hosts: ['reviews'], http: [{ timout: '5s', route: [{ destination: { host: 'reviews' }, weight: 100 }] }] },
    } as ApiObjectProps);
    return chart;
  }

  it('IstioTesting.synth returns the objects of a valid chart', () => {
    const chart = new Chart(Testing.app(), 'ok');
    new kplus.ServiceAccount(chart, 'Sa', { metadata: { name: 'reviews', namespace: 'shop' } });
    expect(IstioTesting.synth(chart).map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['ServiceAccount/reviews']);
  });

  it('IstioTesting.synth throws with one line per error', () => {
    expect(() => IstioTesting.synth(chartWithTypo())).toThrow(
      'typo: 1 validation error(s):\n  VirtualService/shop/reviews: /spec/http/0/timout: unknown field "timout" [unknown-field]',
    );
  });

  it('IstioTesting.synth runs the construct validations that Testing.synth skips', () => {
    const chart = new Chart(Testing.app(), 'checked');
    const sa = new kplus.ServiceAccount(chart, 'Sa', { metadata: { name: 'reviews', namespace: 'shop' } });
    sa.node.addValidation({ validate: () => ['reviews: something is inconsistent'] });
    expect(() => IstioTesting.synth(chart)).toThrow('checked: 1 construct validation error(s):\n  [checked/Sa] reviews: something is inconsistent');
  });

  it('validateApp checks every chart as one set, so duplicates across charts are found', () => {
    const app = new App();
    for (const id of ['one', 'two']) new kplus.ServiceAccount(new Chart(app, id), 'Sa', { metadata: { name: 'reviews', namespace: 'shop' } });
    expect(validator.validateApp(app).findings.map((f) => f.check)).toEqual([ValidationCheck.DUPLICATE_OBJECT]);
  });
});

describe('Gateway API and VPC Lattice custom resources', () => {
  it('accepts a valid HTTPRoute and rejects a CEL violation in it', () => {
    const route = (path: string) => [
      'apiVersion: gateway.networking.k8s.io/v1',
      'kind: HTTPRoute',
      'metadata: {name: reviews, namespace: shop}',
      'spec:',
      '  parentRefs: [{name: web}]',
      '  rules:',
      `  - matches: [{path: {type: PathPrefix, value: "${path}"}}]`,
      '    backendRefs: [{name: reviews, port: 9080}]',
    ].join('\n');
    expect(findingsOf(route('/reviews'))).toEqual([]);
    expect(findingsOf(route('/a//b')).map((f) => [f.check, f.path])).toEqual([[ValidationCheck.CEL, '/spec/rules/0/matches/0/path']]);
  });

  it('checks a Lattice TargetGroupPolicy against its CRD', () => {
    const findings = findingsOf([
      'apiVersion: application-networking.k8s.aws/v1alpha1',
      'kind: TargetGroupPolicy',
      'metadata: {name: reviews, namespace: shop}',
      'spec:',
      '  targetRef: {group: "", kind: Service, name: reviews}',
      '  protocol: HTTP',
      '  healthCheck: {protocolVersion: HTTP9}',
    ].join('\n'));
    expect(findings.map((f) => [f.check, f.path, f.message])).toEqual([
      [ValidationCheck.SCHEMA, '/spec/healthCheck/protocolVersion', 'must be one of [HTTP1, HTTP2], got "HTTP9"'],
    ]);
  });
});
