import { ApiObject, Chart, Testing } from 'cdk8s';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { istio, k8s } from './helpers';
import { AnalysisLevel, MeshAnalysis } from '../../src/analysis';

const brokenVs = istio.vs('reviews', 'shop', { hosts: ['reviews'], http: [{ route: [{ destination: { host: 'reviews' } }] }] });
const plainNamespace = k8s.namespace('shop');

function chartWith(app: ReturnType<typeof Testing.app>, id: string, objects: object[]): Chart {
  const chart = new Chart(app, id);
  objects.forEach((o, i) => new ApiObject(chart, `o${i}`, o as any));
  return chart;
}

afterEach(() => vi.restoreAllMocks());

describe('MeshAnalysis', () => {
  it('fails synthesis on errors, naming each message', () => {
    const app = Testing.app();
    const chart = chartWith(app, 'mesh', [brokenVs]);
    new MeshAnalysis(app, 'Analysis', { printMessages: false });
    expect(() => Testing.synth(chart)).toThrow(
      'Validation failed with the following errors:\n  [Analysis] Error [IST0101] (VirtualService reviews.shop) Referenced host not found: "reviews"',
    );
    expect(() => app.synth()).toThrow(/\[Analysis\] Error \[IST0101\]/);
  });

  it('prints messages below the fail level to standard error and lets synthesis pass', () => {
    const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const app = Testing.app();
    const chart = chartWith(app, 'mesh', [plainNamespace]);
    new MeshAnalysis(app, 'Analysis');
    expect(Testing.synth(chart)).toHaveLength(1);
    expect(write.mock.calls.map((c) => c[0])).toContain(
      "Analysis: Info [IST0102] (Namespace shop) The namespace is not enabled for Istio injection. Run 'kubectl label namespace shop istio-injection=enabled' to enable it, or 'kubectl label namespace shop istio-injection=disabled' to explicitly mark it as not needing injection.\n",
    );
  });

  it('fails on lower levels when told to, and honours suppressions', () => {
    const app = Testing.app();
    const chart = chartWith(app, 'mesh', [plainNamespace]);
    new MeshAnalysis(app, 'Analysis', { failOn: AnalysisLevel.INFO, printMessages: false });
    expect(() => Testing.synth(chart)).toThrow(/\[Analysis\] Info \[IST0102\] \(Namespace shop\)/);

    const app2 = Testing.app();
    const chart2 = chartWith(app2, 'mesh', [k8s.namespace('shop', {}, MeshAnalysis.suppressAnnotation('IST0102'))]);
    new MeshAnalysis(app2, 'Analysis', { failOn: AnalysisLevel.INFO, printMessages: false, suppress: ['IST0102=Namespace other'] });
    expect(Testing.synth(chart2)).toHaveLength(1);
  });

  it('analyzes every chart of the app together when added to the app, one chart when added to it', () => {
    const app = Testing.app();
    const routes = chartWith(app, 'routes', [brokenVs]);
    chartWith(app, 'services', [k8s.service('reviews', 'shop', { app: 'reviews' }, [{ name: 'http', port: 80 }])]);
    const appWide = new MeshAnalysis(app, 'AppAnalysis', { analyzers: ['virtualservice.DestinationHostAnalyzer'] });
    const chartOnly = new MeshAnalysis(routes, 'ChartAnalysis', { analyzers: ['virtualservice.DestinationHostAnalyzer'] });
    expect(appWide.report().messages).toEqual([]);
    expect(chartOnly.report().messages.map((m) => m.code)).toEqual(['IST0101']);
    expect(chartOnly.fails(chartOnly.report().messages[0])).toBe(true);
    expect(appWide.failOn).toBe(AnalysisLevel.ERROR);
  });

  it('offers the suppression annotation', () => {
    expect(MeshAnalysis.SUPPRESS_ANNOTATION).toBe('galley.istio.io/analyze-suppress');
    expect(MeshAnalysis.suppressAnnotation('IST0118', 'IST0102')).toEqual({ 'galley.istio.io/analyze-suppress': 'IST0118,IST0102' });
  });
});
