import { Construct } from 'constructs';
import { BookinfoTraffic } from './traffic';
import { BookinfoWorkloads } from './workloads';
import { EgressLockdown, GatewayWorkload, Host, JwtAuth, Peer, StrictMtlsNamespace, WorkloadSelector } from '../../src';

/** The issuer of Istio's sample JWTs (`security/tools/jwt/samples` in the Istio repository). */
export const JWT_ISSUER = 'testing@secure.istio.io';
/** The key set that verifies Istio's sample JWTs. */
export const JWKS_URI = 'https://raw.githubusercontent.com/istio/istio/release-1.30/security/tools/jwt/samples/jwks.json';

/** Props of `BookinfoSecurity`. */
export interface BookinfoSecurityProps {
  /** The workloads to secure. */
  readonly workloads: BookinfoWorkloads;
  /** The traffic management, whose external books API the egress lockdown admits. */
  readonly traffic: BookinfoTraffic;
}

/**
 * Bookinfo's security: the namespace accepts only mutual TLS and denies every request that no policy admits; each
 * service admits exactly its callers (ingress gateway → productpage → details and reviews → ratings); productpage's
 * API requires a JWT; and egress is locked down to the books API, reached through the egress gateway.
 */
export class BookinfoSecurity extends Construct {
  public readonly mtls: StrictMtlsNamespace;
  public readonly productpageJwt: JwtAuth;
  public readonly egress: EgressLockdown;

  constructor(scope: Construct, id: string, props: BookinfoSecurityProps) {
    super(scope, id);
    const { namespace, productpage, details, reviews, ratings } = props.workloads;
    const app = (name: string) => WorkloadSelector.fromLabels({ app: name });
    const port = 9080;

    // STRICT mTLS, sidecar injection and a default deny for the whole namespace.
    this.mtls = new StrictMtlsNamespace(this, 'Mtls', { namespace, defaultDeny: true });

    // Who may call whom. The ingress gateway belongs to the mesh installation, not to this app.
    this.mtls.allowFrom('productpage', [Peer.serviceAccountName('istio-system', 'istio-ingressgateway-service-account')], {
      selector: app(productpage.name),
      to: [{ ports: [port] }],
    });
    const read = [{ ports: [port], methods: ['GET'] }];
    this.mtls.allowFrom('details', [Peer.serviceAccount(productpage.serviceAccount)], { selector: app(details.name), to: read });
    this.mtls.allowFrom('reviews', [Peer.serviceAccount(productpage.serviceAccount)], { selector: app(reviews.name), to: read });
    this.mtls.allowFrom('ratings', [Peer.serviceAccount(reviews.serviceAccount)], { selector: app(ratings.name), to: read });

    // productpage's API requires a valid JWT; its pages, static files and health check stay open.
    this.productpageJwt = new JwtAuth(this, 'ProductpageJwt', {
      metadata: { name: 'productpage-jwt' },
      selector: app(productpage.name),
      issuers: [{ issuer: JWT_ISSUER, jwksUri: JWKS_URI }],
      exemptPaths: ['/health', '/productpage', '/static/*', '/login', '/logout'],
      ports: [port],
    });

    // No egress but the books API (registered by the traffic part), through the mesh's default egress gateway.
    this.egress = new EgressLockdown(this, 'Egress', {
      namespaceNames: [props.workloads.namespaceName],
      egressGateway: GatewayWorkload.defaultEgress(),
      allow: [{ host: Host.fromName(props.traffic.booksApi.host), registered: true }],
    });
  }
}
