import { ApiObject, Chart, Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { brief, k8s } from './helpers';
import { HelloMeshChart } from '../../examples/hello-mesh/chart';
import { MeshAnalyzer } from '../../src/analysis';
import { readUpstreamFile } from '../../src/upstream/upstream-data';

describe('examples/hello-mesh', () => {
  it('analyzes clean when deployed next to the reviews workloads it routes to', () => {
    const app = Testing.app();
    new HelloMeshChart(app, 'hello-mesh');
    // The example declares the routing only; the Service and the two versions are the application's.
    const workloads = new Chart(app, 'workloads');
    for (const o of [
      k8s.service('reviews', 'shop', { app: 'reviews' }, [{ name: 'http', port: 9080 }]),
      k8s.deployment('reviews-v1', 'shop', { app: 'reviews', version: 'v1' }),
      k8s.deployment('reviews-v2', 'shop', { app: 'reviews', version: 'v2' }),
    ]) new ApiObject(workloads, `${o.kind}-${o.metadata.name}`, o as any);
    expect(new MeshAnalyzer().analyzeApp(app).messages.map(brief)).toEqual([]);
  });

  it('on its own, reports exactly that the reviews Service it routes to is not in the input', () => {
    const chart = new HelloMeshChart(Testing.app(), 'hello-mesh');
    expect(new MeshAnalyzer().analyzeChart(chart).messages.map(brief)).toEqual([
      'IST0101 VirtualService reviews.shop: Referenced host not found: "reviews.shop.svc.cluster.local"',
      'IST0174 DestinationRule reviews.shop: The host reviews.shop.svc.cluster.local defined in the DestinationRule does not match any services in the mesh.',
    ]);
  });
});

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
