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

/** A variant of an A/B test. */
export interface AbTestVariant {
  /** Variant name (the route name), unique in the test. */
  readonly name: string;
  /** The version serving the variant (a subset of the host or a Service). */
  readonly target: TrafficTarget;
  /**
   * Requests matching any of these get the variant (headers, cookies, query parameters, source labels...). Only the
   * default variant may have none.
   * @default - none (only for the default variant)
   */
  readonly matches?: HttpMatch[];
}

/** Props of an `AbTest`. */
export interface AbTestProps {
  /**
   * Metadata of the emitted VirtualService and DestinationRule.
   * @default - named after the host (the Service name); the chart's namespace
   */
  readonly metadata?: ApiObjectMetadata;
  /** The host clients call. */
  readonly host: Host;
  /** The variants, in priority order (the first variant whose matches hold wins). */
  readonly variants: AbTestVariant[];
  /** Name of the variant that serves requests matching no variant. */
  readonly defaultVariant: string;
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
   * Resilience for every route and circuit breaking on the DestinationRule(s).
   * @default - none
   */
  readonly policy?: RoutePolicyOptions;
  /**
   * More DestinationRule settings.
   * @default - none
   */
  readonly trafficPolicy?: TrafficPolicy;
}

/**
 * An A/B test: several variants of a service, each selected by request matches (header, cookie, query parameter,
 * source labels), with a default variant for everything else.
 *
 * Emits a VirtualService with one route per variant that has matches (named after the variant, in the given
 * order) and a final `default` route, plus the DestinationRule defining the subsets when any variant is a subset
 * (and, with a traffic policy, one per Service variant).
 */
export class AbTest extends Construct {
  /** The VirtualService. */
  public readonly virtualService: VirtualService;
  /** The DestinationRule defining the subsets, when a variant is a subset. */
  public readonly destinationRule?: DestinationRule;
  /** Every DestinationRule emitted. */
  public readonly destinationRules: DestinationRule[];

  constructor(scope: Construct, id: string, props: AbTestProps) {
    super(scope, id);
    if (props.variants.length === 0) {
      throw new ValidationError(this, 'variants', 'must list at least one variant, got none; add the versions to test');
    }
    const names = new Set<string>();
    props.variants.forEach((v, i) => {
      if (v.name === '' || v.name === 'default') {
        throw new ValidationError(this, `variants[${i}].name`, `must be a non-empty name other than 'default' (the fallback route's name), got '${v.name}'; name the variant`);
      }
      if (names.has(v.name)) throw new ValidationError(this, `variants[${i}].name`, `must be unique, got '${v.name}' twice; give each variant its own name`);
      names.add(v.name);
      if (v.name !== props.defaultVariant && (v.matches ?? []).length === 0) {
        throw new ValidationError(this, `variants[${i}].matches`, `must select requests for variant '${v.name}', got none; add matches or make it the defaultVariant`);
      }
    });
    const defaultIndex = props.variants.findIndex((v) => v.name === props.defaultVariant);
    if (defaultIndex < 0) {
      throw new ValidationError(this, 'defaultVariant', `must name one of the variants, got '${props.defaultVariant}'; use one of [${[...names].join(', ')}]`);
    }
    const name = intentName(this, props.metadata, props.host);
    const trafficPolicy = mergeCircuitBreaker(this, props.trafficPolicy, props.policy?.circuitBreaker);
    const backends = buildBackends(this, name, props.metadata, props.host, props.port,
      props.variants.map((v, i) => ({ target: v.target, field: `variants[${i}].target` })), trafficPolicy);
    this.destinationRule = backends.subsetRule;
    this.destinationRules = backends.rules;

    const route = routePolicyFields(props.policy);
    this.virtualService = new VirtualService(this, 'VirtualService', {
      metadata: childMetadata(props.metadata, name),
      hosts: [props.host],
      gateways: props.gateways,
    });
    props.variants.forEach((v, i) => {
      if ((v.matches ?? []).length === 0) return;
      this.virtualService.addHttpRoute({ name: v.name, matches: v.matches, destinations: [backends.destinations[i]], ...route });
    });
    this.virtualService.addHttpRoute({ name: 'default', destinations: [backends.destinations[defaultIndex]], ...route });
  }
}
