import { Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { HelloMeshChart } from '../../examples/hello-mesh/chart';
import { IstioTesting } from '../../src';

describe('examples/hello-mesh', () => {
  const objects = IstioTesting.synth(new HelloMeshChart(Testing.app(), 'hello-mesh'));

  it('splits reviews 90/10 between the subsets its DestinationRule defines', () => {
    const vs = objects.find((o) => o.kind === 'VirtualService');
    const dr = objects.find((o) => o.kind === 'DestinationRule');
    expect(vs.spec.http[0].route).toEqual([
      { destination: { host: 'reviews.shop.svc.cluster.local', subset: 'v1' }, weight: 90 },
      { destination: { host: 'reviews.shop.svc.cluster.local', subset: 'v2' }, weight: 10 },
    ]);
    expect(dr.spec.subsets.map((s: { name: string }) => s.name)).toEqual(['v1', 'v2']);
    expect(dr.spec.trafficPolicy).toEqual({ tls: { mode: 'ISTIO_MUTUAL' } });
  });

  it('renders the whole manifest', () => {
    expect(objects).toMatchSnapshot();
  });
});
