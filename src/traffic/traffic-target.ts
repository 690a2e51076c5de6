import * as kplus from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import { ValidationError } from '../core/errors';
import { Host, ServiceHostOptions } from '../core/host';
import { checkDnsLabel, checkLabels } from './private/common';

/** Whether a `TrafficTarget` is a subset of the routed host or a Service of its own. */
export enum TrafficTargetType {
  /** A subset (pods with version labels behind the one Service); needs a DestinationRule, which intents emit. */
  SUBSET = 'SUBSET',
  /** A Service of its own (e.g. `reviews-canary`). */
  SERVICE = 'SERVICE',
}

/** Options for a subset taken from a cdk8s-plus Deployment. */
export interface DeploymentTargetOptions {
  /**
   * The pod template label whose value identifies the version.
   * @default 'version'
   */
  readonly versionLabel?: string;
  /**
   * Subset name.
   * @default - the value of the version label
   */
  readonly subsetName?: string;
}

/** A resolved traffic target. */
export interface ResolvedTrafficTarget {
  /**
   * Subset name.
   * @default - none (a Service target)
   */
  readonly subsetName?: string;
  /**
   * Subset labels.
   * @default - none (a Service target)
   */
  readonly subsetLabels?: { [key: string]: string };
  /**
   * The Service host.
   * @default - none (a subset target)
   */
  readonly host?: Host;
}

/**
 * A version of a service that an intent (`CanaryRoute`, `AbTest`) sends traffic to: a subset of the routed host
 * (version labels; the intent emits the DestinationRule defining it) or a separate Service.
 *
 * @example
 * TrafficTarget.fromDeployment(reviewsV2)                   // subset 'v2' with labels { version: 'v2' }
 * TrafficTarget.subset('v2', { version: 'v2' })
 * TrafficTarget.fromService(reviewsCanaryService)            // services mode
 */
export class TrafficTarget {
  /**
   * A subset of the routed host, by pod labels.
   * @param name subset name (DNS-1123 label), e.g. `v2`
   * @param labels pod labels of the version, e.g. `{ version: 'v2' }`
   */
  public static subset(name: string, labels: { [key: string]: string }): TrafficTarget {
    const copy = { ...labels };
    return new TrafficTarget(TrafficTargetType.SUBSET, (scope, field) => {
      checkDnsLabel(scope, `${field}.subsetName`, name, "subset names appear in Envoy cluster names; use e.g. 'v2'");
      if (Object.keys(copy).length === 0) {
        throw new ValidationError(scope, `${field}.labels`, 'must select the version\'s pods by at least one label, got none; e.g. { version: \'v2\' }');
      }
      return { subsetName: name, subsetLabels: checkLabels(scope, `${field}.labels`, copy) };
    });
  }

  /**
   * A subset made of a cdk8s-plus Deployment's pods, identified by its version label (read when the intent is
   * created): subset `<value>` with labels `{ <versionLabel>: <value> }`.
   * @param deployment the Deployment of the version
   * @param options label and subset name
   */
  public static fromDeployment(deployment: kplus.Deployment, options: DeploymentTargetOptions = {}): TrafficTarget {
    const key = options.versionLabel ?? 'version';
    return new TrafficTarget(TrafficTargetType.SUBSET, (scope, field) => {
      const value = deployment.podMetadata.getLabel(key);
      if (value === undefined) {
        throw new ValidationError(scope, field, `Deployment ${deployment.node.path} has no '${key}' label on its pod template, got labels ` +
          `${JSON.stringify(deployment.podMetadata.toJson().labels ?? {})}; add podMetadata label '${key}' or use TrafficTarget.subset()`);
      }
      return TrafficTarget.subset(options.subsetName ?? value, { [key]: value })._resolve(scope, field);
    });
  }

  /**
   * A separate Service, by host.
   * @param host the Service's host (e.g. `Host.fromServiceName('reviews-canary', 'bookinfo')`)
   */
  public static service(host: Host): TrafficTarget {
    return new TrafficTarget(TrafficTargetType.SERVICE, (scope, field) => {
      host._resolve(scope, `${field}.host`);
      if (host.isWildcard) throw new ValidationError(scope, `${field}.host`, `must be an exact host, got '${host.value}'; use the Service's host`);
      return { host };
    });
  }

  /**
   * A separate cdk8s-plus Service.
   * @param service the Service
   * @param options cluster domain
   */
  public static fromService(service: kplus.Service, options: ServiceHostOptions = {}): TrafficTarget {
    return TrafficTarget.service(Host.fromService(service, options));
  }

  /** Subset or service. */
  public readonly type: TrafficTargetType;

  private constructor(type: TrafficTargetType, private readonly resolver: (scope: IConstruct, field: string) => ResolvedTrafficTarget) {
    this.type = type;
  }

  /**
   * Checks and resolves the target.
   * @internal
   */
  public _resolve(scope: IConstruct, field: string): ResolvedTrafficTarget {
    return this.resolver(scope, field);
  }
}
