import { Chart, ChartProps } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { InjectionTarget, IstioMesh, SidecarInjection } from '../../src';

/**
 * A revisioned control plane (`1-30-3`) for canary upgrades: workloads select the stable tag `prod-stable`, so the
 * next upgrade installs `1-31-x` next to it and moves the tag (`revisionTags`) instead of relabelling namespaces.
 * Ingress and egress gateways run against the revision; the `shop` namespace is injected through the tag.
 */
export class MeshRevisionedChart extends Chart {
  /** The installation. */
  public readonly mesh: IstioMesh;

  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, props);
    this.mesh = new IstioMesh(this, 'Istio', {
      revision: '1-30-3',
      createNamespace: true,
      istiod: { autoscaling: { minReplicas: 2, maxReplicas: 5 } },
      ingressGateway: { autoscaling: { minReplicas: 2, maxReplicas: 10 } },
      egressGateway: { enabled: true, replicas: 2 },
    });
    const prodStable = this.mesh.addRevisionTag('prod-stable');

    const shop = new kplus.Namespace(this, 'Shop', { metadata: { name: 'shop' } });
    SidecarInjection.enableNamespace(shop, InjectionTarget.tag(prodStable));
  }
}
