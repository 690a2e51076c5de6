import { IConstruct } from 'constructs';
import { ValidationError } from './errors';

/**
 * A port of a gateway's Kubernetes Service and the container port behind it.
 *
 * Clients (sidecars, load balancers) connect to `port`; Kubernetes forwards to `targetPort` on the gateway pods, and
 * that is where the Envoy listener of an Istio `Gateway` server must be. Istio's classic gateways run unprivileged,
 * so their Services map 80 → 8080 and 443 → 8443.
 */
export interface GatewayServicePort {
  /** Service port, 1–65535 (what clients connect to). */
  readonly port: number;
  /**
   * Container port the gateway proxy listens on behind `port`, 1–65535.
   * @default - same as `port`
   */
  readonly targetPort?: number;
}

/**
 * A gateway deployment (Envoy pods running as an ingress or egress gateway) that Istio `Gateway` resources bind to.
 *
 * Implemented by the mesh's `IngressGateway` / `EgressGateway` constructs and by `GatewayWorkload` for gateways the
 * app does not own. Defined here in `core` so that the mesh can implement it without importing traffic constructs.
 */
export interface IGatewayWorkload {
  /** Labels of the gateway pods; a `Gateway`'s `selector`. */
  readonly selectorLabels: { [key: string]: string };
  /** Namespace the gateway pods and their Service run in (TLS secrets for `credentialName` must live here). */
  readonly namespace: string;
  /**
   * Name of the gateway's Kubernetes Service (the mesh's gateway constructs name their Deployment and Service alike);
   * used to route mesh traffic to an egress gateway.
   */
  readonly name: string;
  /**
   * The ports of the gateway's Service and the container ports behind them.
   *
   * An Istio `Gateway` server's `port.number` is the port the gateway *pods* listen on: `istioctl analyze` (IST0162
   * GatewayPortNotDefinedOnService) compares it with the `targetPort`s of the Services selecting the gateway pods,
   * and Istio's own samples use 8080/8443 for the classic gateways, whose Services map 80 → 8080 and 443 → 8443.
   * (Istio also accepts a Service port and binds its target port instead, but the analyzer warns.) Traffic sent *to*
   * the gateway through its Service (a sidecar routing to an egress gateway, a DestinationRule for the gateway
   * Service) uses the Service `port`. The intents use `GatewayWorkload.targetPortFor()` to render server ports.
   * @default - unknown: every Service port is taken to forward to the same container port
   */
  readonly servicePorts?: GatewayServicePort[];
}

/** Attributes of a gateway deployment the app does not own. */
export interface GatewayWorkloadAttributes {
  /** Labels of the gateway pods. */
  readonly selectorLabels: { [key: string]: string };
  /** Namespace of the gateway pods and Service. */
  readonly namespace: string;
  /** Name of the gateway Service. */
  readonly name: string;
  /**
   * Ports of the gateway Service and the container ports behind them (see `IGatewayWorkload.servicePorts`), e.g.
   * `[{ port: 80, targetPort: 8080 }, { port: 443, targetPort: 8443 }]` for an `istioctl`-installed gateway.
   * @default - none: every Service port is taken to forward to the same container port (e.g. the `istio/gateway`
   * Helm chart's 80 → 80 and 443 → 443)
   */
  readonly servicePorts?: GatewayServicePort[];
}

/** Service ports of the classic (istioctl / `istio-ingress` / `istio-egress` chart) gateways. */
const CLASSIC_HTTP: GatewayServicePort = { port: 80, targetPort: 8080 };
const CLASSIC_HTTPS: GatewayServicePort = { port: 443, targetPort: 8443 };

/**
 * A reference to a gateway deployment the app does not own, e.g. the default gateways an `istioctl` or Helm
 * installation creates.
 */
export class GatewayWorkload implements IGatewayWorkload {
  /**
   * The default ingress gateway of an Istio installation: pods labelled `istio: ingressgateway`, Service
   * `istio-ingressgateway` (status-port 15021, http2 80 → 8080, https 443 → 8443), in `istio-system` unless given.
   * @param namespace namespace of the gateway
   * @default namespace 'istio-system'
   */
  public static defaultIngress(namespace: string = 'istio-system'): GatewayWorkload {
    return new GatewayWorkload({
      selectorLabels: { istio: 'ingressgateway' },
      namespace,
      name: 'istio-ingressgateway',
      servicePorts: [{ port: 15021, targetPort: 15021 }, CLASSIC_HTTP, CLASSIC_HTTPS],
    });
  }

  /**
   * The default egress gateway of an Istio installation: pods labelled `istio: egressgateway`, Service
   * `istio-egressgateway` (http2 80 → 8080, https 443 → 8443), in `istio-system` unless given.
   * @param namespace namespace of the gateway
   * @default namespace 'istio-system'
   */
  public static defaultEgress(namespace: string = 'istio-system'): GatewayWorkload {
    return new GatewayWorkload({
      selectorLabels: { istio: 'egressgateway' },
      namespace,
      name: 'istio-egressgateway',
      servicePorts: [CLASSIC_HTTP, CLASSIC_HTTPS],
    });
  }

  /**
   * Any gateway deployment, by its attributes.
   * @param attrs labels, namespace, Service name and, when they differ, the container ports behind the Service ports
   */
  public static fromAttributes(attrs: GatewayWorkloadAttributes): GatewayWorkload {
    return new GatewayWorkload(attrs);
  }

  /**
   * The port a gateway's pods listen on behind one of its Service ports: the `targetPort` of that Service port
   * (8080 for 80 and 8443 for 443 on Istio's classic gateways), or the number itself when the gateway lists no such
   * Service port. Use it for an Istio `Gateway` server's `port.number`, for the `port` of routes bound to that
   * Gateway, for AuthorizationPolicy `ports` on the gateway pods and for NetworkPolicy ports of the gateway pods; use
   * the Service port for traffic sent to the gateway's Service.
   * @param workload the gateway deployment
   * @param servicePort a port of the gateway's Service
   */
  public static targetPortFor(workload: IGatewayWorkload, servicePort: number): number {
    const found = (workload.servicePorts ?? []).find((p) => p.port === servicePort);
    return found?.targetPort ?? servicePort;
  }

  /** Labels of the gateway pods. */
  public readonly selectorLabels: { [key: string]: string };
  /** Namespace of the gateway pods and Service. */
  public readonly namespace: string;
  /** Name of the gateway Service. */
  public readonly name: string;
  /** Ports of the gateway Service and the container ports behind them, when known. */
  public readonly servicePorts?: GatewayServicePort[];

  private constructor(attrs: GatewayWorkloadAttributes) {
    this.selectorLabels = { ...attrs.selectorLabels };
    this.namespace = attrs.namespace;
    this.name = attrs.name;
    if (attrs.servicePorts !== undefined) this.servicePorts = attrs.servicePorts.map((p) => ({ port: p.port, targetPort: p.targetPort ?? p.port }));
  }
}

/**
 * The container port behind a gateway Service port (`GatewayWorkload.targetPortFor`), after checking the gateway's
 * `servicePorts` (port numbers 1–65535, each Service port once), with errors worded for the prop `field` of `scope`.
 * @internal
 * @jsii ignore
 */
export function gatewayTargetPort(scope: IConstruct, field: string, workload: IGatewayWorkload, servicePort: number): number {
  const ports = workload.servicePorts ?? [];
  const seen = new Set<number>();
  ports.forEach((p, i) => {
    for (const [key, value] of [['port', p.port], ['targetPort', p.targetPort ?? p.port]] as const) {
      if (!Number.isInteger(value) || value < 1 || value > 65535) {
        throw new ValidationError(scope, `${field}.servicePorts[${i}].${key}`, `must be a port number from 1 to 65535, got ${value}; ` +
          "give the gateway Service's port and the container port behind it");
      }
    }
    if (seen.has(p.port)) {
      throw new ValidationError(scope, `${field}.servicePorts[${i}].port`, `is listed twice, got ${p.port}; list each Service port of the gateway once`);
    }
    seen.add(p.port);
  });
  return GatewayWorkload.targetPortFor(workload, servicePort);
}
