import { Chart, ChartProps } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { networking } from '../../src';

/**
 * The smallest useful mesh configuration, written with the generated L1 classes only: a namespace with sidecar
 * injection, and a `reviews` service split 90/10 between two versions.
 */
export class HelloMeshChart extends Chart {
  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, props);

    new kplus.Namespace(this, 'Namespace', {
      metadata: { name: 'shop', labels: { 'istio-injection': 'enabled' } },
    });

    new networking.DestinationRule(this, 'ReviewsDestinationRule', {
      metadata: { name: 'reviews', namespace: 'shop' },
      spec: {
        host: 'reviews.shop.svc.cluster.local',
        trafficPolicy: { tls: { mode: networking.DestinationRuleSpecTrafficPolicyTlsMode.ISTIO_UNDERSCORE_MUTUAL } },
        subsets: [
          { name: 'v1', labels: { version: 'v1' } },
          { name: 'v2', labels: { version: 'v2' } },
        ],
      },
    });

    new networking.VirtualService(this, 'ReviewsVirtualService', {
      metadata: { name: 'reviews', namespace: 'shop' },
      spec: {
        hosts: ['reviews.shop.svc.cluster.local'],
        http: [{
          name: 'reviews-split',
          timeout: '10s',
          retries: { attempts: 3, perTryTimeout: '2s', retryOn: '5xx,connect-failure' },
          route: [
            { destination: { host: 'reviews.shop.svc.cluster.local', subset: 'v1' }, weight: 90 },
            { destination: { host: 'reviews.shop.svc.cluster.local', subset: 'v2' }, weight: 10 },
          ],
        }],
      },
    });
  }
}
