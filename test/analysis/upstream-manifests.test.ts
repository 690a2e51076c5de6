import { describe, expect, it } from 'vitest';
import { brief } from './helpers';
import { MeshAnalyzer } from '../../src/analysis';
import { readUpstreamFile } from '../../src/upstream/upstream-data';

describe("Istio's own install manifests", () => {
  it.each([
    'istio/1.30.3/golden/all_on.golden-show-in-gh-pull-request.yaml',
    'istio/1.30.3/golden/pilot_default.golden.yaml',
    'istio/1.30.3/golden/helm-template/gateway-deployment.golden.yaml',
  ])('%s analyzes clean', (name) => {
    const report = new MeshAnalyzer().analyzeYaml(readUpstreamFile(name), name);
    expect(report.objectCount).toBeGreaterThan(0);
    expect(report.messages.map(brief)).toEqual([]);
  });
});
