import { describe, expect, it } from 'vitest';
import { analyze, istio, k8s, run } from './helpers';

const S = 'schema.ValidationAnalyzer';

describe('schema.ValidationAnalyzer (IST0106)', () => {
  it('reports what the strict validator rejects, at the field', () => {
    const vs = istio.vs('reviews', 'shop', { hosts: ['reviews'], http: [{ route: [{ destination: { host: 'reviews' }, weigth: 100 }] }] });
    const messages = analyze([vs], { analyzers: [S] });
    expect(messages.map((m) => `${m.code} ${m.resource.kind} ${m.resource.name}.${m.resource.namespace} line ${m.line}: ${m.message}`)).toEqual([
      'IST0106 VirtualService reviews.shop line 13: Schema validation error: /spec/http/0/route/0/weigth: unknown field "weigth" [unknown-field]',
    ]);
  });

  it('reports an istio ConfigMap whose mesh config cannot be read', () => {
    expect(run([S], [k8s.configMap('istio', 'istio-system', { mesh: 'defaultConfig: [' })])).toEqual([
      'IST0106 ConfigMap istio.istio-system: Schema validation error: ConfigMap: data.mesh: YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]',
    ]);
  });

  it('accepts valid objects', () => {
    const vs = istio.vs('reviews', 'shop', { hosts: ['reviews'], http: [{ route: [{ destination: { host: 'reviews' }, weight: 100 }] }] });
    expect(run([S], [vs, k8s.namespace('shop')])).toEqual([]);
  });
});
