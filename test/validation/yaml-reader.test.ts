import { describe, expect, it } from 'vitest';
import { ValidationCheck } from '../../src/validation/finding';
import { readYamlStream, yaml11Reading } from '../../src/validation/yaml-reader';

describe('yaml11Reading', () => {
  it.each([
    ['on', 'the boolean true'],
    ['Off', 'the boolean false'],
    ['y', 'the boolean true'],
    ['NO', 'the boolean false'],
    ['0777', 'the integer 511 (octal)'],
    ['0b101', 'the integer 5'],
    ['1_000', 'the integer 1000'],
    ['1:30', 'the integer 90 (base 60)'],
  ])('reads %s as %s', (source, reading) => {
    expect(yaml11Reading(source)).toBe(reading);
  });

  it.each(['true', 'false', 'onion', '0', '10', '0x1F', '0o17', '1.5', 'null', '08', 'yes-please', '10:61'])('reads %s the same in both', (source) => {
    expect(yaml11Reading(source)).toBeUndefined();
  });
});

describe('readYamlStream', () => {
  const stream = [
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata:',
    '  name: settings',
    '  labels: {app: a, app: b}',
    'data:',
    '  mode: 0777',
    '  enabled: on',
    '  quoted: "on"',
    '---',
    '',
    '---',
    '- not an object',
    '---',
    'apiVersion: v1',
    'kind: List',
    'items:',
    '- apiVersion: v1',
    '  kind: ServiceAccount',
    '  metadata: {name: first}',
    '- apiVersion: v1',
    '  kind: ServiceAccount',
    '  metadata: {name: second}',
    '',
  ].join('\n');

  it('reads every object, expands List and reports the rest', () => {
    const result = readYamlStream(stream, 'in.yaml');
    expect(result.objects.map((o) => [o.object.kind, o.object.metadata.name, o.documentIndex, o.file])).toEqual([
      ['ConfigMap', 'settings', 0, 'in.yaml'],
      ['ServiceAccount', 'first', 3, 'in.yaml'],
      ['ServiceAccount', 'second', 3, 'in.yaml'],
    ]);
    expect(result.streamIssues).toEqual([{
      check: ValidationCheck.NOT_AN_OBJECT,
      message: 'document is not a Kubernetes object: expected a mapping with string apiVersion and kind',
      documentIndex: 2,
      file: 'in.yaml',
      line: 13,
      column: 1,
    }]);
  });

  it('reports duplicate keys and YAML 1.1/1.2 ambiguous scalars with their paths and lines', () => {
    const [configMap] = readYamlStream(stream, 'in.yaml').objects;
    expect(configMap.readIssues).toEqual([
      {
        check: ValidationCheck.DUPLICATE_KEY,
        path: '/metadata/labels/app',
        message: 'key "app" appears more than once in the same mapping; kubectl\'s strict field validation rejects duplicate fields and other tools disagree about which value wins: remove the duplicate',
      },
      {
        check: ValidationCheck.AMBIGUOUS_SCALAR,
        path: '/data/mode',
        message: 'unquoted value 0777 is the number 777 in YAML 1.2 (JavaScript, cdk8s) but the integer 511 (octal) in YAML 1.1 (kubectl, kustomize, Helm); quote it ("0777") or write the value you mean unambiguously',
      },
      {
        check: ValidationCheck.AMBIGUOUS_SCALAR,
        path: '/data/enabled',
        message: 'unquoted value on is the string "on" in YAML 1.2 (JavaScript, cdk8s) but the boolean true in YAML 1.1 (kubectl, kustomize, Helm); quote it ("on") or write the value you mean unambiguously',
      },
    ]);
    expect(configMap.locate!('/data/enabled')).toEqual({ line: 8, column: 3 });
    expect(configMap.locate!('/data/missing')).toEqual({ line: 6, column: 1 });
  });

  it('flags ambiguous keys too', () => {
    const [obj] = readYamlStream('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata:\n  on: "1"\n').objects;
    expect(obj.readIssues.map((i) => [i.check, i.path])).toEqual([[ValidationCheck.AMBIGUOUS_SCALAR, '/data/on']]);
  });

  it('reports a syntax error with line and column and keeps reading the other documents', () => {
    const result = readYamlStream('apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: ok}\n---\nkey: [unclosed\n', 'bad.yaml');
    expect(result.objects).toHaveLength(1);
    expect(result.streamIssues).toEqual([{
      check: ValidationCheck.YAML_SYNTAX,
      message: 'YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]',
      documentIndex: 1,
      file: 'bad.yaml',
      line: 6,
      column: 1,
    }]);
  });

  it('locates fields of later documents and of List items without keeping the syntax trees', () => {
    const text = [
      'apiVersion: v1', 'kind: ServiceAccount', 'metadata: {name: a}', '---', '# comment', 'apiVersion: v1', 'kind: List', 'items:',
      '- apiVersion: v1', '  kind: ConfigMap', '  metadata:', '    name: b', '  data:', '    k: v', '...', '---', 'apiVersion: v1',
      'kind: Secret', 'metadata:', '  name: c', '',
    ].join('\n');
    const [a, b, c] = readYamlStream(text).objects;
    expect(a.locate!('/metadata/name')).toEqual({ line: 3, column: 12 });
    expect(b.locate!('/data/k')).toEqual({ line: 14, column: 5 });
    expect(b.locate!('/metadata/name')).toEqual({ line: 12, column: 5 });
    expect(c.locate!('/metadata/name')).toEqual({ line: 20, column: 3 });
    expect(c.locate!('')).toEqual({ line: 17, column: 1 });
  });

  it('locates fields of a document that uses the stream\'s %TAG directive', () => {
    const text = '%TAG !k! tag:example.com,2026:\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata:\n  a: !k!text hello\n';
    const result = readYamlStream(text);
    expect(result.objects[0].object.data).toEqual({ a: 'hello' });
    expect(result.objects[0].locate!('/data/a')).toEqual({ line: 7, column: 3 });
  });

  it('keeps values JSON cannot hold: NaN, infinities and a __proto__ key', () => {
    const [obj] = readYamlStream('apiVersion: v1\nkind: X\nspec:\n  a: .nan\n  b: -.inf\n  __proto__: {polluted: true}\n').objects;
    expect(obj.object.spec.a).toBeNaN();
    expect(obj.object.spec.b).toBe(-Infinity);
    expect(Object.keys(obj.object.spec)).toEqual(['a', 'b', '__proto__']);
    expect(obj.object.spec.polluted).toBeUndefined();
    expect(Object.getPrototypeOf(obj.object.spec)).toBe(Object.prototype);
  });
});
