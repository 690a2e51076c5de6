import { ApiObjectMetadata } from 'cdk8s';
import { Construct } from 'constructs';
import { DestinationRule } from './destination-rule';
import { GatewayReference } from './gateway-reference';
import { HttpMatch } from './http-match';
import { buildBackends } from './private/backends';
import { childMetadata, intentName, mergeCircuitBreaker, routePolicyFields } from './private/intent';
import { RoutePolicyOptions } from './route-policy';
import { TrafficPolicy } from './traffic-policy';
import { TrafficTarget } from './traffic-target';
import { VirtualService } from './virtual-service';
import { ValidationError } from '../core/errors';
import { Host } from '../core/host';

/** Props of a `CanaryRoute`. */
export interface CanaryRouteProps {
  /**
   * Metadata of the emitted VirtualService and DestinationRule.
   * @default - named after the host (the Service name); the chart's namespace
   */
  readonly metadata?: ApiObjectMetadata;
  /** The host clients call (the VirtualService host; in subsets mode also the DestinationRule host). */
  readonly host: Host;
  /**
   * The current version. `TrafficTarget.subset()`/`fromDeployment()` for subsets mode,
   * `TrafficTarget.service()`/`fromService()` for services mode; `stable` and `canary` must use the same mode.
   */
  readonly stable: TrafficTarget;
  /** The new version. */
  readonly canary: TrafficTarget;
  /**
   * Share of requests sent to the canary, an integer 0–100; the stable version gets the rest. Not with
   * `weightsManagedExternally`.
   * @default 10
   */
  readonly canaryWeight?: number;
  /**
   * Requests matching any of these always go to the canary (e.g. `HttpMatch.header('x-canary',
   * StringMatch.exact('true'))` or `HttpMatch.cookie('canary', 'always')` for internal users).
   * @default - none
   */
  readonly canaryOverrides?: HttpMatch[];
  /**
   * A progressive delivery controller (Argo Rollouts) owns the weights of the split route. The route is emitted
   * with stable 100 / canary 0 — the state the controller returns to after every rollout — so that a GitOps sync of
   * this output does not undo a rollout in progress, and never shifts traffic by itself. Configure the controller
   * with `splitRouteName` and tell the GitOps tool to ignore the weights (Argo CD: `ignoreDifferences` with
   * `jqPathExpressions: ['.spec.http[].route[].weight']` for this VirtualService); in subsets mode Argo Rollouts also
   * adds a `rollouts-pod-template-hash` label to the subsets, so ignore `.spec.subsets[].labels` of the
   * DestinationRule too. Flagger generates its own VirtualService: do not use CanaryRoute with Flagger.
   * @default false
   */
  readonly weightsManagedExternally?: boolean;
  /**
   * Destination port (when the service has several).
   * @default - the service's only port
   */
  readonly port?: number;
  /**
   * Gateways the routes apply to.
   * @default - the mesh (sidecars)
   */
  readonly gateways?: GatewayReference[];
  /**
   * Resilience for both routes (timeout, retries, fault, mirror) and circuit breaking on the DestinationRule(s).
   * @default - none
   */
  readonly policy?: RoutePolicyOptions;
  /**
   * More DestinationRule settings for the versions (load balancing, TLS...). In services mode a DestinationRule per
   * Service is emitted when this or `policy.circuitBreaker` is set.
   * @default - none
   */
  readonly trafficPolicy?: TrafficPolicy;
}

/**
 * Routes a service between a stable and a canary version by weight, with optional overrides that always send
 * matching requests (a header, a cookie) to the canary.
 *
 * - **Subsets mode** (one Service, versions told apart by pod labels): emits a VirtualService and the
 *   DestinationRule defining both subsets — a subset is never referenced without its DestinationRule.
 * - **Services mode** (a Service per version): emits a VirtualService for `host` splitting between the two
 *   Services (plus a DestinationRule per Service when a traffic policy or circuit breaker is given).
 *
 * The VirtualService has a `canary-override` route (only with `canaryOverrides`) and the weighted `canary-split`
 * route. See `weightsManagedExternally` for Argo Rollouts.
 */
export class CanaryRoute extends Construct {
  /** Name of the weighted route (what Argo Rollouts' `virtualService.routes` refers to). */
  public static readonly SPLIT_ROUTE_NAME = 'canary-split';
  /** Name of the override route. */
  public static readonly OVERRIDE_ROUTE_NAME = 'canary-override';

  /** The VirtualService. */
  public readonly virtualService: VirtualService;
  /** The DestinationRule defining the stable and canary subsets (subsets mode). */
  public readonly destinationRule?: DestinationRule;
  /** Every DestinationRule emitted. */
  public readonly destinationRules: DestinationRule[];
  /** Share of requests going to the canary in the emitted output. */
  public readonly canaryWeight: number;
  /** Name of the weighted route. */
  public readonly splitRouteName: string = CanaryRoute.SPLIT_ROUTE_NAME;

  constructor(scope: Construct, id: string, props: CanaryRouteProps) {
    super(scope, id);
    if (props.stable.type !== props.canary.type) {
      throw new ValidationError(this, 'canary', `must use the same mode as stable, got stable ${props.stable.type} and canary ${props.canary.type}; ` +
        'use two subsets (one Service) or two Services');
    }
    if (props.weightsManagedExternally && props.canaryWeight !== undefined) {
      throw new ValidationError(this, 'canaryWeight', `is owned by the rollout controller with weightsManagedExternally, got ${props.canaryWeight}; ` +
        'remove canaryWeight (the output starts at 0 % canary)');
    }
    const weight = props.weightsManagedExternally ? 0 : props.canaryWeight ?? 10;
    if (!Number.isInteger(weight) || weight < 0 || weight > 100) {
      throw new ValidationError(this, 'canaryWeight', `must be an integer from 0 to 100, got ${weight}; use 0 to send no traffic to the canary`);
    }
    this.canaryWeight = weight;
    const name = intentName(this, props.metadata, props.host);
    const trafficPolicy = mergeCircuitBreaker(this, props.trafficPolicy, props.policy?.circuitBreaker);
    const backends = buildBackends(this, name, props.metadata, props.host, props.port,
      [{ target: props.stable, field: 'stable' }, { target: props.canary, field: 'canary' }], trafficPolicy);
    const [stable, canary] = backends.destinations;
    if (stable.host.value === canary.host.value && stable.subset === canary.subset) {
      throw new ValidationError(this, 'canary', `must differ from stable, got ${canary.subset ? `subset '${canary.subset}'` : canary.host.value} for both; ` +
        'point the canary at the new version');
    }
    this.destinationRule = backends.subsetRule;
    this.destinationRules = backends.rules;

    const route = routePolicyFields(props.policy);
    this.virtualService = new VirtualService(this, 'VirtualService', {
      metadata: childMetadata(props.metadata, name),
      hosts: [props.host],
      gateways: props.gateways,
    });
    const overrides = props.canaryOverrides ?? [];
    if (overrides.length > 0) {
      this.virtualService.addHttpRoute({ name: CanaryRoute.OVERRIDE_ROUTE_NAME, matches: overrides, destinations: [canary], ...route });
    }
    this.virtualService.addHttpRoute({
      name: CanaryRoute.SPLIT_ROUTE_NAME,
      destinations: [{ ...stable, weight: 100 - weight }, { ...canary, weight }],
      ...route,
    });
  }
}
