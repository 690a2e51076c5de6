import * as kplus from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import { Principal } from './principal';
import { IstioGateway } from '../mesh/istio-gateway';
import { checkNamespaceName } from './private/checks';

/**
 * A caller that `allowFrom()` admits: a workload identity (a ServiceAccount, a mesh gateway, a principal) or every
 * workload of a namespace. Identities render as `source.principals` (`<trust domain>/ns/<ns>/sa/<sa>`, with the
 * policy's trust domain unless the peer names one), namespaces as `source.namespaces`.
 *
 * @example
 * policy.allowFrom([Peer.serviceAccount(productpageSa), Peer.namespace(monitoringNs)]);
 */
export class Peer {
  /**
   * The workloads running as a cdk8s-plus ServiceAccount.
   * @param serviceAccount the ServiceAccount (with a namespace, from its metadata or chart)
   * @param trustDomain the trust domain
   * @default trustDomain - the policy's trust domain
   */
  public static serviceAccount(serviceAccount: kplus.IServiceAccount, trustDomain?: string): Peer {
    return new Peer(Principal.fromServiceAccount(serviceAccount, trustDomain), undefined);
  }

  /**
   * The workloads running as a ServiceAccount the app does not own.
   * @param namespace the ServiceAccount's namespace
   * @param name the ServiceAccount's name
   * @param trustDomain the trust domain
   * @default trustDomain - the policy's trust domain
   */
  public static serviceAccountName(namespace: string, name: string, trustDomain?: string): Peer {
    return new Peer(Principal.serviceAccount(namespace, name, trustDomain), undefined);
  }

  /**
   * A mesh gateway construct (e.g. the `IngressGateway` that exposes the workload).
   * @param gateway the gateway
   * @param trustDomain the trust domain
   * @default trustDomain - the policy's trust domain
   */
  public static gateway(gateway: IstioGateway, trustDomain?: string): Peer {
    return new Peer(Principal.fromGateway(gateway, trustDomain), undefined);
  }

  /**
   * Any identity.
   * @param principal the principal
   */
  public static principal(principal: Principal): Peer {
    return new Peer(principal, undefined);
  }

  /**
   * Every mesh workload of a cdk8s-plus Namespace.
   * @param namespace the Namespace
   */
  public static namespace(namespace: kplus.Namespace): Peer {
    return new Peer(undefined, () => namespace.name);
  }

  /**
   * Every mesh workload of a namespace given by name.
   * @param name the namespace name
   */
  public static namespaceName(name: string): Peer {
    return new Peer(undefined, () => name);
  }

  private constructor(private readonly principal: Principal | undefined, private readonly namespace: (() => string) | undefined) {}

  /**
   * Renders the peer as `{ principal }` or `{ namespace }`.
   * @internal
   */
  public _resolve(scope: IConstruct, field: string, trustDomain: string): { principal?: string; namespace?: string } {
    if (this.principal) return { principal: this.principal._resolve(scope, field, trustDomain) };
    return { namespace: checkNamespaceName(scope, field, this.namespace!(), 'use the namespace of the callers') };
  }
}

