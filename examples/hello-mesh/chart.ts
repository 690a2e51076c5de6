import { Chart, ChartProps } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { networking } from '../../src';

/**
 * The smallest useful mesh configuration, with the routing written with the generated L1 classes only: a namespace
 * with sidecar injection, a `reviews` Service backed by two versions (cdk8s-plus Deployments), and a VirtualService
 * splitting its traffic 90/10 between the DestinationRule's subsets.
 */
export class HelloMeshChart extends Chart {
  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, props);

    new kplus.Namespace(this, 'Namespace', {
      metadata: { name: 'shop', labels: { 'istio-injection': 'enabled' } },
    });

    const serviceAccount = new kplus.ServiceAccount(this, 'ReviewsServiceAccount', {
      metadata: { name: 'reviews', namespace: 'shop' },
      automountToken: false,
    });
    for (const version of ['v1', 'v2']) {
      const labels = { app: 'reviews', version };
      const deployment = new kplus.Deployment(this, `Reviews-${version}`, {
        metadata: { name: `reviews-${version}`, namespace: 'shop' },
        podMetadata: { labels },
        select: false,
        serviceAccount,
        containers: [{
          name: 'reviews',
          image: `docker.io/istio/examples-bookinfo-reviews-${version}:1.20.3`,
          portNumber: 9080,
          securityContext: { user: 1000, group: 1000 },
        }],
      });
      deployment.select(kplus.LabelSelector.of({ labels }));
    }
    const service = new kplus.Service(this, 'ReviewsService', {
      metadata: { name: 'reviews', namespace: 'shop', labels: { app: 'reviews' } },
      ports: [{ name: 'http', port: 9080, targetPort: 9080 }],
    });
    service.selectLabel('app', 'reviews');

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
