import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { BookinfoWorkloads } from './workloads';
import {
  CanaryRoute, ExternalService, FaultDelay, Host, HttpMatch, IngressRoute, Percent, RetryOn, RoutePolicy, StringMatch, TrafficTarget,
} from '../../src';

/** The test user whose requests see the new reviews version and the ratings delay. */
export const TEST_USER = 'jason';

/** Props of `BookinfoTraffic`. */
export interface BookinfoTrafficProps {
  /** The workloads traffic is routed to. */
  readonly workloads: BookinfoWorkloads;
  /** The external host name of the shop. */
  readonly hostname: string;
  /** TLS Secret for the hostname, in the ingress gateway's namespace. */
  readonly credentialName: string;
}

/**
 * Bookinfo's traffic management: the ingress route, an 80/20 canary on reviews with an override for the test user,
 * a 2 s delay on ratings for that user, retries/timeouts and circuit breaking on details, and the external books API.
 */
export class BookinfoTraffic extends Construct {
  public readonly ingress: IngressRoute;
  public readonly reviewsCanary: CanaryRoute;
  public readonly ratingsFault: RoutePolicy;
  public readonly detailsResilience: RoutePolicy;
  public readonly booksApi: ExternalService;

  constructor(scope: Construct, id: string, props: BookinfoTrafficProps) {
    super(scope, id);
    const { productpage, details, reviews, ratings } = props.workloads;
    const testUser = HttpMatch.header('end-user', StringMatch.exact(TEST_USER));

    // https://<hostname>/productpage and the pages and APIs it serves; HTTP redirects to HTTPS.
    const productpageHost = Host.fromService(productpage.service);
    this.ingress = new IngressRoute(this, 'Ingress', {
      hosts: [Host.fromName(props.hostname)],
      tls: { credentialName: props.credentialName },
      paths: [
        { name: 'productpage', match: HttpMatch.exact('/productpage'), backend: productpageHost },
        { name: 'static', match: HttpMatch.prefix('/static'), backend: productpageHost },
        { name: 'login', match: HttpMatch.exact('/login'), backend: productpageHost },
        { name: 'logout', match: HttpMatch.exact('/logout'), backend: productpageHost },
        { name: 'api', match: HttpMatch.prefix('/api/v1/products'), backend: productpageHost },
      ],
    });

    // reviews: 80 % v1, 20 % v2; the test user always gets v2. v3 is deployed and defined, but gets no traffic yet.
    const [v1, v2, v3] = reviews.versions;
    this.reviewsCanary = new CanaryRoute(this, 'ReviewsCanary', {
      host: Host.fromService(reviews.service),
      stable: TrafficTarget.fromDeployment(v1.deployment),
      canary: TrafficTarget.fromDeployment(v2.deployment),
      canaryWeight: 20,
      canaryOverrides: [testUser],
    });
    this.reviewsCanary.destinationRule!.addSubset({ name: v3.version, labels: { version: v3.version } });

    // ratings: a 2 s delay for the test user only, to test productpage's and reviews' timeouts.
    this.ratingsFault = new RoutePolicy(this, 'RatingsFault', {
      host: Host.fromService(ratings.service),
      matches: [testUser],
      fault: { delay: FaultDelay.fixed(Duration.seconds(2), Percent.of(100)) },
    });

    // details: bounded latency with retries, and circuit breaking so a failing pod is ejected.
    this.detailsResilience = new RoutePolicy(this, 'DetailsResilience', {
      host: Host.fromService(details.service),
      timeout: Duration.seconds(3),
      retries: { attempts: 2, perTryTimeout: Duration.seconds(1), retryOn: [RetryOn.FIVE_XX, RetryOn.CONNECT_FAILURE, RetryOn.RESET] },
      circuitBreaker: {
        connectionPool: { tcp: { maxConnections: 100 }, http: { http1MaxPendingRequests: 10, maxRequestsPerConnection: 10 } },
        outlierDetection: { consecutive5xxErrors: 3, interval: Duration.seconds(10), baseEjectionTime: Duration.seconds(30), maxEjectionPercent: 50 },
      },
    });

    // details v2 can fetch book data from the Google Books API: register it so that it stays reachable when
    // outbound traffic is restricted to the registry.
    this.booksApi = new ExternalService(this, 'BooksApi', { host: Host.fromName('www.googleapis.com') });
  }
}
