import { GatewayReference } from './gateway-reference';
import { RouteDestination } from './route-destination';
import { Host } from '../core/host';

/** Conditions of a TCP route (Istio `L4MatchAttributes`); all must hold. */
export interface TcpMatch {
  /**
   * Destination IPs or CIDR blocks.
   * @default - any
   */
  readonly destinationSubnets?: string[];
  /**
   * Destination port.
   * @default - any
   */
  readonly port?: number;
  /**
   * Labels of the calling workload.
   * @default - any caller
   */
  readonly sourceLabels?: { [key: string]: string };
  /**
   * Namespace of the calling workload.
   * @default - any namespace
   */
  readonly sourceNamespace?: string;
  /**
   * Source IP or CIDR block (Istio marks this field as not implemented).
   * @default - any
   */
  readonly sourceSubnet?: string;
  /**
   * Gateways this match applies to.
   * @default - the VirtualService's gateways
   */
  readonly gateways?: GatewayReference[];
}

/** An opaque TCP route (Istio `TCPRoute`). */
export interface TcpRouteOptions {
  /**
   * Conditions; the route applies when any matches.
   * @default - every connection
   */
  readonly matches?: TcpMatch[];
  /** Destinations (weighted). */
  readonly destinations: RouteDestination[];
}

/** Conditions of a TLS route (Istio `TLSMatchAttributes`); all must hold. */
export interface TlsMatch {
  /** SNI names to match (wildcards through `Host.wildcard()`). */
  readonly sniHosts: Host[];
  /**
   * Destination IPs or CIDR blocks.
   * @default - any
   */
  readonly destinationSubnets?: string[];
  /**
   * Destination port.
   * @default - any
   */
  readonly port?: number;
  /**
   * Labels of the calling workload.
   * @default - any caller
   */
  readonly sourceLabels?: { [key: string]: string };
  /**
   * Namespace of the calling workload.
   * @default - any namespace
   */
  readonly sourceNamespace?: string;
  /**
   * Gateways this match applies to.
   * @default - the VirtualService's gateways
   */
  readonly gateways?: GatewayReference[];
}

/** A route for TLS traffic that is not terminated, by SNI (Istio `TLSRoute`). */
export interface TlsRouteOptions {
  /** Conditions (at least one); the route applies when any matches. */
  readonly matches: TlsMatch[];
  /** Destinations (weighted). */
  readonly destinations: RouteDestination[];
}
