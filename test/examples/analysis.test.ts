import { App, Chart, Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { addBookinfo } from '../../examples/bookinfo/app';
import { HelloMeshChart } from '../../examples/hello-mesh/chart';
import { MeshChart } from '../../examples/mesh/chart';
import { MeshRevisionedChart } from '../../examples/mesh-revisioned/chart';
import { IstioTesting, ManifestValidator, MeshAnalysis, MeshAnalyzer } from '../../src';

/** Every example app, built as its main.ts builds it; returns the app's `MeshAnalysis` when it has one. */
const EXAMPLES: Record<string, (app: App) => MeshAnalysis | undefined> = {
  'hello-mesh': (app) => { new HelloMeshChart(app, 'hello-mesh'); return undefined; },
  'mesh': (app) => { new MeshChart(app, 'mesh'); return undefined; },
  'mesh-revisioned': (app) => { new MeshRevisionedChart(app, 'mesh-revisioned'); return undefined; },
  'bookinfo': (app) => addBookinfo(app).analysis,
};

describe.each(Object.entries(EXAMPLES))('examples/%s', (_name, build) => {
  const app = Testing.app();
  const analysis = build(app);

  it('passes its construct validations and the strict validator, chart by chart', () => {
    for (const chart of app.charts) IstioTesting.synth(chart as Chart);
  });

  it('validates as one set (no duplicate objects across its charts)', () => {
    expect(new ManifestValidator().validateApp(app).findings).toEqual([]);
  });

  it('analyzes clean, as istioctl analyze would see the whole app (with the app\'s own suppressions)', () => {
    const report = analysis ? analysis.report() : new MeshAnalyzer().analyzeApp(app);
    expect(report.messages).toEqual([]);
  });
});
