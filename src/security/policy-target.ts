import { Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import { ValidationError } from '../core/errors';
import { isDns1123Subdomain } from '../core/names';
import { show } from './private/checks';

/**
 * What a security policy attaches to instead of a workload selector (`targetRefs`): a Kubernetes Gateway API
 * `Gateway`, a `GatewayClass` (root namespace only), a `Service` or a `ServiceEntry` — in the policy's own namespace,
 * as Istio does not support cross-namespace references.
 *
 * @example
 * PolicyTargetRef.kubernetesGateway('bookinfo-gateway')
 * PolicyTargetRef.fromService(reviewsService)
 */
export class PolicyTargetRef {
  /**
   * A Kubernetes Gateway API `Gateway` (`gateway.networking.k8s.io`).
   * @param name the Gateway name
   */
  public static kubernetesGateway(name: string): PolicyTargetRef {
    return new PolicyTargetRef('gateway.networking.k8s.io', 'Gateway', name);
  }

  /**
   * A Kubernetes Gateway API `GatewayClass` (policies in the root namespace only).
   * @param name the GatewayClass name
   */
  public static gatewayClass(name: string): PolicyTargetRef {
    return new PolicyTargetRef('gateway.networking.k8s.io', 'GatewayClass', name);
  }

  /**
   * A Service by name (waypoint-enforced policies).
   * @param name the Service name
   */
  public static service(name: string): PolicyTargetRef {
    return new PolicyTargetRef('', 'Service', name);
  }

  /**
   * A cdk8s-plus Service; it must be in the policy's namespace.
   * @param service the Service
   */
  public static fromService(service: kplus.Service): PolicyTargetRef {
    return new PolicyTargetRef('', 'Service', service.name, () => service.metadata.namespace ?? chartNamespace(service));
  }

  /**
   * An Istio `ServiceEntry` by name (waypoint-enforced policies).
   * @param name the ServiceEntry name
   */
  public static serviceEntry(name: string): PolicyTargetRef {
    return new PolicyTargetRef('networking.istio.io', 'ServiceEntry', name);
  }

  /** API group of the target (empty for the core group). */
  public readonly group: string;
  /** Kind of the target. */
  public readonly kind: string;
  /** Name of the target. */
  public readonly name: string;

  private constructor(group: string, kind: string, name: string, private readonly namespace?: () => string | undefined) {
    this.group = group;
    this.kind = kind;
    this.name = name;
  }

  /**
   * Checks the reference against the policy's namespace and renders it.
   * @internal
   */
  public _resolve(scope: IConstruct, field: string, policyNamespace: string | undefined): { group: string; kind: string; name: string } {
    if (!isDns1123Subdomain(this.name)) {
      throw new ValidationError(scope, `${field}.name`, `must be a DNS-1123 subdomain, got ${show(this.name)}; use the ${this.kind}'s metadata.name`);
    }
    const ns = this.namespace?.();
    if (ns !== undefined && policyNamespace !== undefined && ns !== policyNamespace) {
      throw new ValidationError(scope, field, `must be in the policy's namespace ${policyNamespace}, got ${this.kind} ${this.name} in ${ns}; ` +
        'create the policy in the namespace of its target (Istio does not support cross-namespace targetRefs)');
    }
    return { group: this.group, kind: this.kind, name: this.name };
  }
}

function chartNamespace(scope: IConstruct): string | undefined {
  try {
    return Chart.of(scope).namespace;
  } catch {
    return undefined;
  }
}
