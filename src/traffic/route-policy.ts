import { ApiObjectMetadata } from 'cdk8s';
import { Construct } from 'constructs';
import { DestinationRule } from './destination-rule';
import { GatewayReference } from './gateway-reference';
import { HttpMatch } from './http-match';
import { HttpRoutePolicy } from './http-route';
import { childMetadata, intentName, mergeCircuitBreaker, routePolicyFields } from './private/intent';
import { ConnectionPool, OutlierDetection, TrafficPolicy } from './traffic-policy';
import { VirtualService } from './virtual-service';
import { ValidationError } from '../core/errors';
import { Host } from '../core/host';

/**
 * Circuit breaking for a destination: outlier detection ejects failing endpoints, connection pool limits shed load
 * before a service is overwhelmed. Rendered into the destination's DestinationRule.
 */
export interface CircuitBreaker {
  /**
   * Eject endpoints that keep failing.
   * @default - none
   */
  readonly outlierDetection?: OutlierDetection;
  /**
   * Limit connections and pending requests.
   * @default - none
   */
  readonly connectionPool?: ConnectionPool;
}

/**
 * A resilience bundle for HTTP routes: timeout, retries, fault injection, mirroring (on the VirtualService route)
 * and circuit breaking (on the DestinationRule). Accepted by `RoutePolicy`, `CanaryRoute` and `AbTest`.
 */
export interface RoutePolicyOptions extends HttpRoutePolicy {
  /**
   * Circuit breaking on the destination.
   * @default - none
   */
  readonly circuitBreaker?: CircuitBreaker;
}

/** Props of a `RoutePolicy`. */
export interface RoutePolicyProps extends RoutePolicyOptions {
  /**
   * Metadata of the emitted VirtualService and DestinationRule.
   * @default - named after the host (the Service name); the chart's namespace
   */
  readonly metadata?: ApiObjectMetadata;
  /** The service the policy applies to (clients keep calling it by this host). */
  readonly host: Host;
  /**
   * Apply the route settings only to requests matching any of these (e.g. fault injection for one test user);
   * other requests get a plain route to the host.
   * @default - every request
   */
  readonly matches?: HttpMatch[];
  /**
   * Destination port (when the service has several).
   * @default - the service's only port
   */
  readonly port?: number;
  /**
   * More DestinationRule settings (load balancing, TLS...), merged with `circuitBreaker`.
   * @default - none
   */
  readonly trafficPolicy?: TrafficPolicy;
  /**
   * Gateways the route applies to.
   * @default - the mesh (sidecars)
   */
  readonly gateways?: GatewayReference[];
}

/**
 * Resilience for calls to one service: timeout, retries, fault injection and mirroring on a VirtualService for the
 * host, and circuit breaking (outlier detection and connection pool) on a DestinationRule for it.
 *
 * Emits a VirtualService (named after the host; one route, or — with `matches` — a `policy` route for matching
 * requests followed by a `default` route) when any route setting is given, and a DestinationRule when
 * `circuitBreaker` or `trafficPolicy` is given. A host can have only one VirtualService: do not combine with a
 * `CanaryRoute`/`AbTest` for the same host — give those the same `policy` instead.
 */
export class RoutePolicy extends Construct {
  /** The VirtualService, when a route setting was given. */
  public readonly virtualService?: VirtualService;
  /** The DestinationRule, when circuit breaking or a traffic policy was given. */
  public readonly destinationRule?: DestinationRule;

  constructor(scope: Construct, id: string, props: RoutePolicyProps) {
    super(scope, id);
    const name = intentName(this, props.metadata, props.host);
    const route = routePolicyFields(props);
    const hasRoute = Object.values(route).some((v) => v !== undefined);
    const trafficPolicy = mergeCircuitBreaker(this, props.trafficPolicy, props.circuitBreaker);
    if (!hasRoute && trafficPolicy === undefined) {
      throw new ValidationError(this, 'props', 'set no policy, got no timeout, retries, fault, mirror, circuitBreaker or trafficPolicy; set at least one of them');
    }
    if (!hasRoute && (props.matches ?? []).length > 0) {
      throw new ValidationError(this, 'matches', 'only select requests for route settings, got matches without timeout, retries, fault or mirror; remove matches or add a route setting');
    }
    const destination = { host: props.host, port: props.port };
    if (trafficPolicy !== undefined) {
      this.destinationRule = new DestinationRule(this, 'DestinationRule', {
        metadata: childMetadata(props.metadata, name),
        host: props.host,
        trafficPolicy,
      });
    }
    if (hasRoute) {
      this.virtualService = new VirtualService(this, 'VirtualService', {
        metadata: childMetadata(props.metadata, name),
        hosts: [props.host],
        gateways: props.gateways,
      });
      const matches = props.matches ?? [];
      this.virtualService.addHttpRoute({ name: matches.length > 0 ? 'policy' : name, matches, destinations: [destination], ...route });
      if (matches.length > 0) this.virtualService.addHttpRoute({ name: 'default', destinations: [destination] });
    }
  }
}
