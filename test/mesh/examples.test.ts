import { Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { find, forSnapshot, names, restrictedViolations } from './helpers';
import { MeshChart } from '../../examples/mesh/chart';
import { MeshRevisionedChart } from '../../examples/mesh-revisioned/chart';
import { IstioTesting } from '../../src';

describe('examples/mesh', () => {
  const chart = new MeshChart(Testing.app(), 'mesh');
  const objects = IstioTesting.synth(chart);

  it('renders the default profile in a restricted istio-system namespace', () => {
    expect(objects[0]).toMatchObject({ kind: 'Namespace', metadata: { name: 'istio-system' } });
    expect(objects.filter((o) => o.kind === 'CustomResourceDefinition')).toHaveLength(15);
    expect(names(objects).filter((n) => n.startsWith('Deployment/'))).toEqual(['Deployment/istiod', 'Deployment/istio-ingressgateway']);
    for (const d of objects.filter((o) => o.kind === 'Deployment')) expect(restrictedViolations(d.spec.template.spec)).toEqual([]);
    expect(chart.mesh.ignoreDifferences().map((d) => d.name)).toEqual(['istio-sidecar-injector', 'istio-validator-istio-system']);
  });

  it('renders the whole manifest', () => {
    expect(forSnapshot(objects)).toMatchSnapshot();
  });
});

describe('examples/mesh-revisioned', () => {
  const chart = new MeshRevisionedChart(Testing.app(), 'mesh-revisioned');
  const objects = IstioTesting.synth(chart);

  it('renders a revisioned control plane with a tag, both gateways and a namespace injected through the tag', () => {
    expect(names(objects).filter((n) => /^(Deployment|HorizontalPodAutoscaler|PodDisruptionBudget|MutatingWebhookConfiguration)\//.test(n))).toEqual([
      'MutatingWebhookConfiguration/istio-sidecar-injector-1-30-3',
      'Deployment/istiod-1-30-3', 'HorizontalPodAutoscaler/istiod-1-30-3', 'PodDisruptionBudget/istiod-1-30-3',
      'MutatingWebhookConfiguration/istio-revision-tag-prod-stable',
      'Deployment/istio-ingressgateway', 'HorizontalPodAutoscaler/istio-ingressgateway', 'PodDisruptionBudget/istio-ingressgateway',
      'Deployment/istio-egressgateway', 'PodDisruptionBudget/istio-egressgateway',
    ]);
    expect(find(objects, 'Namespace', 'shop').metadata.labels).toEqual({ 'istio.io/rev': 'prod-stable' });
    expect(find(objects, 'Deployment', 'istio-egressgateway').spec.replicas).toBe(2);
  });

  it('renders the whole manifest', () => {
    expect(forSnapshot(objects)).toMatchSnapshot();
  });
});
