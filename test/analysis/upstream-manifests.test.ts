import { describe, expect, it } from 'vitest';
import { brief } from './helpers';
import { MeshAnalyzer } from '../../src/analysis';
import { readUpstreamFile } from '../../src/upstream/upstream-data';
import { readYamlStream } from '../../src/validation/yaml-reader';

const GATEWAY = 'istio/1.30.3/golden/helm-template/gateway-deployment.golden.yaml';
const PILOT = 'istio/1.30.3/golden/pilot_default.golden.yaml';

describe("Istio's own install manifests", () => {
  it.each(['istio/1.30.3/golden/all_on.golden-show-in-gh-pull-request.yaml', PILOT])('%s analyzes clean', (name) => {
    const report = new MeshAnalyzer().analyzeYaml(readUpstreamFile(name), name);
    expect(report.objectCount).toBeGreaterThan(0);
    expect(report.messages.map(brief)).toEqual([]);
  });

  it('the gateway chart alone has an `image: auto` Deployment no injection webhook of the input selects (IST0146)', () => {
    const report = new MeshAnalyzer().analyzeYaml(readUpstreamFile(GATEWAY), GATEWAY);
    expect(report.messages.map(brief)).toEqual([
      'IST0146 Deployment istio-ingress.istio-ingress: Deployment istio-ingress contains `image: auto` but does not match any Istio injection webhook selectors.',
    ]);
  });

  it('the gateway chart with istiod (and its injection webhook) analyzes clean', () => {
    const read = (name: string) => readYamlStream(readUpstreamFile(name), name);
    const report = new MeshAnalyzer()._analyzeSources([read(PILOT), read(GATEWAY)]);
    expect(report.messages.map(brief)).toEqual([]);
  });
});
