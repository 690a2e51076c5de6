import { ApiObjectMetadata } from 'cdk8s';
import { Construct } from 'constructs';
import { Gateway } from './gateway';
import { GatewayReference } from './gateway-reference';
import { HttpMatch } from './http-match';
import { HttpRewrite, HttpRoute, HttpRoutePolicy } from './http-route';
import { childMetadata, intentName, routePolicyFields } from './private/intent';
import { ServerTlsMode, TlsVersion } from './server-tls';
import { VirtualService } from './virtual-service';
import { ValidationError } from '../core/errors';
import { GatewayWorkload, gatewayTargetPort, IGatewayWorkload } from '../core/gateway-workload';
import { Host } from '../core/host';
import { PortProtocol } from '../core/port';

/** HTTPS settings of an `IngressRoute`. */
export interface IngressTls {
  /** TLS Secret (`tls.crt`, `tls.key`) in the ingress gateway's namespace. */
  readonly credentialName: string;
  /**
   * Answer plain HTTP with a redirect to HTTPS (otherwise HTTP serves the routes too).
   * @default true
   */
  readonly redirectHttp?: boolean;
  /**
   * Minimum TLS version.
   * @default - Istio default (TLS 1.2)
   */
  readonly minProtocolVersion?: TlsVersion;
  /**
   * Require client certificates (MUTUAL); the Secret must then hold `ca.crt` too.
   * @default false
   */
  readonly requireClientCertificate?: boolean;
}

/** A path routed by an `IngressRoute`. */
export interface IngressPath {
  /** Which requests (e.g. `HttpMatch.prefix('/api/')`). */
  readonly match: HttpMatch;
  /** The backend service. */
  readonly backend: Host;
  /**
   * Backend port (when the service has several).
   * @default - the service's only port
   */
  readonly port?: number;
  /**
   * Route name.
   * @default - unnamed
   */
  readonly name?: string;
  /**
   * Rewrite before forwarding (e.g. strip a prefix).
   * @default - none
   */
  readonly rewrite?: HttpRewrite;
  /**
   * Timeout, retries, fault injection, mirroring.
   * @default - none
   */
  readonly policy?: HttpRoutePolicy;
}

/** Props of an `IngressRoute`. */
export interface IngressRouteProps {
  /**
   * Metadata of the emitted Gateway and VirtualService.
   * @default - named after the first host; the chart's namespace
   */
  readonly metadata?: ApiObjectMetadata;
  /** External host names served (e.g. `Host.fromName('shop.example.com')`). */
  readonly hosts: Host[];
  /**
   * The ingress gateway deployment (the mesh's `IngressGateway` construct or a `GatewayWorkload`).
   * @default GatewayWorkload.defaultIngress() — pods labelled `istio: ingressgateway`
   */
  readonly gateway?: IGatewayWorkload;
  /**
   * HTTPS on `httpsPort` with this certificate (and HTTP → HTTPS redirect on `httpPort`).
   * @default - plain HTTP only
   */
  readonly tls?: IngressTls;
  /**
   * Paths, in order (the first match wins; more with `addPath()`).
   * @default - none
   */
  readonly paths?: IngressPath[];
  /**
   * Port of the Gateway's HTTP server: a port the gateway pods listen on, i.e. the `targetPort` behind a gateway
   * Service port (as `istioctl analyze` reads it, IST0162), rendered as given.
   * @default - the container port behind the gateway's Service port 80 (`GatewayWorkload.targetPortFor(gateway, 80)`):
   * 8080 for the mesh's `IngressGateway` and `GatewayWorkload.defaultIngress()`, 80 for a gateway without `servicePorts`
   */
  readonly httpPort?: number;
  /**
   * Port of the Gateway's HTTPS server: the port the gateway pods listen on, rendered as given (see `httpPort`).
   * @default - the container port behind the gateway's Service port 443 (`GatewayWorkload.targetPortFor(gateway, 443)`):
   * 8443 for the mesh's `IngressGateway` and `GatewayWorkload.defaultIngress()`, 443 for a gateway without `servicePorts`
   */
  readonly httpsPort?: number;
}

/**
 * Exposes services through an ingress gateway: a Gateway with an HTTP server (redirecting to HTTPS when TLS is
 * configured) and an HTTPS server terminating TLS with `credentialName`, and a VirtualService bound to it that routes
 * paths to services.
 */
export class IngressRoute extends Construct {
  /** The Gateway. */
  public readonly gateway: Gateway;
  /** The VirtualService bound to the Gateway. */
  public readonly virtualService: VirtualService;

  constructor(scope: Construct, id: string, props: IngressRouteProps) {
    super(scope, id);
    if (props.hosts.length === 0) {
      throw new ValidationError(this, 'hosts', 'must list at least one host, got none; give the external host names clients use');
    }
    const name = intentName(this, props.metadata, props.hosts[0], 'hosts[0]');
    const metadata = childMetadata(props.metadata, name);
    const workload = props.gateway ?? GatewayWorkload.defaultIngress();
    this.gateway = Gateway.forWorkload(this, 'Gateway', workload, { metadata });
    const tls = props.tls;
    const redirect = tls !== undefined && (tls.redirectHttp ?? true);
    // Server ports are the gateway pods' listener ports: clients reach the Service's 80/443, which the classic
    // gateways forward to 8080/8443, where Istio must open the listeners (IST0162 otherwise). The VirtualService's
    // routes do not match on the port, so nothing else follows these numbers.
    this.gateway.addServer({
      port: { number: props.httpPort ?? gatewayTargetPort(this, 'gateway', workload, 80), protocol: PortProtocol.HTTP, name: 'http' },
      hosts: props.hosts,
      tls: redirect ? { httpsRedirect: true } : undefined,
    });
    if (tls !== undefined) {
      this.gateway.addServer({
        port: { number: props.httpsPort ?? gatewayTargetPort(this, 'gateway', workload, 443), protocol: PortProtocol.HTTPS, name: 'https' },
        hosts: props.hosts,
        tls: {
          mode: tls.requireClientCertificate ? ServerTlsMode.MUTUAL : ServerTlsMode.SIMPLE,
          credentialName: tls.credentialName,
          minProtocolVersion: tls.minProtocolVersion,
        },
      });
    }
    this.virtualService = new VirtualService(this, 'VirtualService', {
      metadata,
      hosts: props.hosts,
      gateways: [GatewayReference.fromGateway(this.gateway)],
    });
    for (const path of props.paths ?? []) this.addPath(path);
  }

  /**
   * Routes a path to a backend service (after the paths added before).
   * @param path the path
   * @returns the added route
   */
  public addPath(path: IngressPath): HttpRoute {
    return this.virtualService.addHttpRoute({
      name: path.name,
      matches: [path.match],
      destinations: [{ host: path.backend, port: path.port }],
      rewrite: path.rewrite,
      ...routePolicyFields(path.policy),
    });
  }
}
