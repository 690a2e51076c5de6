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
}

/** Attributes of a gateway deployment the app does not own. */
export interface GatewayWorkloadAttributes {
  /** Labels of the gateway pods. */
  readonly selectorLabels: { [key: string]: string };
  /** Namespace of the gateway pods and Service. */
  readonly namespace: string;
  /** Name of the gateway Service. */
  readonly name: string;
}

/**
 * A reference to a gateway deployment the app does not own, e.g. the default gateways an `istioctl` or Helm
 * installation creates.
 */
export class GatewayWorkload implements IGatewayWorkload {
  /**
   * The default ingress gateway of an Istio installation: pods labelled `istio: ingressgateway`, Service
   * `istio-ingressgateway`, in `istio-system` unless given.
   * @param namespace namespace of the gateway
   * @default namespace 'istio-system'
   */
  public static defaultIngress(namespace: string = 'istio-system'): GatewayWorkload {
    return new GatewayWorkload({ selectorLabels: { istio: 'ingressgateway' }, namespace, name: 'istio-ingressgateway' });
  }

  /**
   * The default egress gateway of an Istio installation: pods labelled `istio: egressgateway`, Service
   * `istio-egressgateway`, in `istio-system` unless given.
   * @param namespace namespace of the gateway
   * @default namespace 'istio-system'
   */
  public static defaultEgress(namespace: string = 'istio-system'): GatewayWorkload {
    return new GatewayWorkload({ selectorLabels: { istio: 'egressgateway' }, namespace, name: 'istio-egressgateway' });
  }

  /**
   * Any gateway deployment, by its attributes.
   * @param attrs labels, namespace and Service name
   */
  public static fromAttributes(attrs: GatewayWorkloadAttributes): GatewayWorkload {
    return new GatewayWorkload(attrs);
  }

  /** Labels of the gateway pods. */
  public readonly selectorLabels: { [key: string]: string };
  /** Namespace of the gateway pods and Service. */
  public readonly namespace: string;
  /** Name of the gateway Service. */
  public readonly name: string;

  private constructor(attrs: GatewayWorkloadAttributes) {
    this.selectorLabels = { ...attrs.selectorLabels };
    this.namespace = attrs.namespace;
    this.name = attrs.name;
  }
}
