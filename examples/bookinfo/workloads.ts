import { ApiObject, JsonPatch, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';

/** One version of a Bookinfo microservice. */
export interface BookinfoVersion {
  /** The Deployment of the version (pod labels `app` and `version`). */
  readonly deployment: kplus.Deployment;
  /** The version label value, e.g. `v2`. */
  readonly version: string;
}

/** A Bookinfo microservice: its Service, its ServiceAccount (its mesh identity) and its versions. */
export interface BookinfoService {
  /** The Service name, e.g. `reviews`. */
  readonly name: string;
  /** The Service clients call on port 9080. */
  readonly service: kplus.Service;
  /** The ServiceAccount of every version (`bookinfo-<name>`). */
  readonly serviceAccount: kplus.ServiceAccount;
  /** The versions, in order. */
  readonly versions: BookinfoVersion[];
}

const IMAGE_TAG = '1.20.3';
const PORT = 9080;

/**
 * The Bookinfo namespace and workloads, written with cdk8s-plus: productpage, details, reviews v1/v2/v3 and
 * ratings, each with a Service and a ServiceAccount. Traffic (and, later, security) constructs take these objects.
 */
export class BookinfoWorkloads extends Construct {
  /** The namespace name. */
  public readonly namespaceName: string;
  /** The namespace (sidecar injection enabled). */
  public readonly namespace: kplus.Namespace;
  public readonly productpage: BookinfoService;
  public readonly details: BookinfoService;
  public readonly reviews: BookinfoService;
  public readonly ratings: BookinfoService;

  constructor(scope: Construct, id: string, namespaceName: string) {
    super(scope, id);
    this.namespaceName = namespaceName;
    this.namespace = new kplus.Namespace(this, 'Namespace', {
      metadata: { name: namespaceName, labels: { 'istio-injection': 'enabled' } },
    });
    // cdk8s gives every object of a chart the chart's namespace, even cluster-scoped ones; a Namespace has none.
    ApiObject.of(this.namespace).addJsonPatch(JsonPatch.remove('/metadata/namespace'));
    this.productpage = this.microservice('productpage', ['v1'], ['/tmp']);
    this.details = this.microservice('details', ['v1'], []);
    this.reviews = this.microservice('reviews', ['v1', 'v2', 'v3'], ['/tmp', '/opt/ibm/wlp/output']);
    this.ratings = this.microservice('ratings', ['v1'], []);
  }

  /** Every microservice. */
  public get all(): BookinfoService[] {
    return [this.productpage, this.details, this.reviews, this.ratings];
  }

  private microservice(name: string, versions: string[], writablePaths: string[]): BookinfoService {
    const scope = new Construct(this, name);
    const serviceAccount = new kplus.ServiceAccount(scope, 'ServiceAccount', {
      metadata: { name: `bookinfo-${name}`, labels: { account: name } },
      automountToken: false,
    });
    const service = new kplus.Service(scope, 'Service', {
      metadata: { name, labels: { app: name, service: name } },
      ports: [{ name: 'http', port: PORT }],
    });
    service.selectLabel('app', name);
    const deployed = versions.map((version): BookinfoVersion => {
      const labels = { app: name, version };
      const deployment = new kplus.Deployment(scope, `Deployment-${version}`, {
        metadata: { name: `${name}-${version}`, labels },
        replicas: 1,
        select: false,
        podMetadata: { labels },
        serviceAccount,
        automountServiceAccountToken: false,
        containers: [{
          name,
          image: `docker.io/istio/examples-bookinfo-${name}-${version}:${IMAGE_TAG}`,
          portNumber: PORT,
          imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
          resources: {
            cpu: { request: kplus.Cpu.millis(100), limit: kplus.Cpu.millis(500) },
            memory: { request: Size.mebibytes(128), limit: Size.mebibytes(512) },
          },
          securityContext: { user: 1000, group: 1000 },
          volumeMounts: writablePaths.map((path, i) => ({
            path,
            volume: kplus.Volume.fromEmptyDir(scope, `Volume-${version}-${i}`, i === 0 ? 'tmp' : `writable-${i}`),
          })),
        }],
      });
      deployment.select(kplus.LabelSelector.of({ labels }));
      return { deployment, version };
    });
    return { name, service, serviceAccount, versions: deployed };
  }
}
