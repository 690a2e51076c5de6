import { Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import { IstioMesh, MeshProfile } from '../../src';

/**
 * Istio 1.30.3 as `istioctl install` (default profile) would install it: the 15 CRDs, istiod and the
 * `istio-ingressgateway`, plus the `istio-system` namespace labelled for Pod Security "restricted".
 */
export class MeshChart extends Chart {
  /** The installation, e.g. for `mesh.ignoreDifferences()` in an Argo CD Application. */
  public readonly mesh: IstioMesh;

  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, props);
    this.mesh = new IstioMesh(this, 'Istio', { profile: MeshProfile.DEFAULT, createNamespace: true });
  }
}
