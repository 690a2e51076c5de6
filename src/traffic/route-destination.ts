import { Host } from '../core/host';

/**
 * Where a TCP or TLS route forwards connections (Istio `RouteDestination`).
 */
export interface RouteDestination {
  /** The destination host: a Service (`Host.fromService`), a ServiceEntry host or a name. */
  readonly host: Host;
  /**
   * A subset defined by a DestinationRule for the host.
   * @default - every endpoint of the host
   */
  readonly subset?: string;
  /**
   * Port on the host (needed when the host exposes several ports).
   * @default - the host's only port
   */
  readonly port?: number;
  /**
   * Share of traffic, an integer 0–100. Required when the route has several destinations; the weights of a route
   * may not all be 0.
   * @default - 100 when it is the only destination
   */
  readonly weight?: number;
  /**
   * The subset is defined by a DestinationRule outside this app. By default a subset must be defined by a
   * DestinationRule construct for the same host in this app (checked at synthesis), because a route to a subset
   * without one fails every request.
   * @default false
   */
  readonly subsetDefinedExternally?: boolean;
}
