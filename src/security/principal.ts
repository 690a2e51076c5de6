import { Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import { ValidationError } from '../core/errors';
import { isDns1123Label, isDns1123Subdomain } from '../core/names';
import { IstioGateway } from '../mesh/istio-gateway';
import { checkTrustDomain, DEFAULT_TRUST_DOMAIN, isIstioStringMatch, show } from './private/checks';

/** `<trust domain>/ns/<namespace>/sa/<service account>`. */
const SPIFFE_PRINCIPAL = /^([^/]+)\/ns\/([^/]+)\/sa\/([^/]+)$/;

/**
 * A workload identity as Istio's AuthorizationPolicy matches it (`source.principals`): the SPIFFE ID of a Kubernetes
 * ServiceAccount without the `spiffe://` scheme, `<trust domain>/ns/<namespace>/sa/<service account>`.
 *
 * Principals built from a ServiceAccount without an explicit trust domain take the trust domain of the policy that
 * uses them (`AuthorizationPolicyProps.trustDomain`, `cluster.local` unless set).
 *
 * @example
 * Principal.fromServiceAccount(reviewsSa)                 // cluster.local/ns/bookinfo/sa/bookinfo-reviews
 * Principal.serviceAccount('shop', 'checkout', 'prod.example.com')
 * Principal.allInNamespace('monitoring')                  // cluster.local/ns/monitoring/sa/*
 */
export class Principal {
  /**
   * The identity of a cdk8s-plus ServiceAccount. Its namespace is the ServiceAccount's `metadata.namespace`, else its
   * chart's namespace (for `ServiceAccount.fromServiceAccountName()`, the `namespaceName` option, `default` unless
   * given).
   * @param serviceAccount the ServiceAccount
   * @param trustDomain the trust domain
   * @default trustDomain - the policy's trust domain
   */
  public static fromServiceAccount(serviceAccount: kplus.IServiceAccount, trustDomain?: string): Principal {
    return new Principal(() => {
      const namespace = serviceAccountNamespace(serviceAccount);
      if (namespace === undefined) {
        return {
          problem: `ServiceAccount ${serviceAccount.node.path} has no namespace, got metadata.namespace undefined and no chart namespace; ` +
          'set metadata.namespace on the ServiceAccount (or a namespace on its chart), or use Principal.serviceAccount(namespace, name)',
        };
      }
      return { namespace, name: serviceAccount.name };
    }, trustDomain);
  }

  /**
   * The identity of a ServiceAccount given by namespace and name.
   * @param namespace the ServiceAccount's namespace
   * @param name the ServiceAccount's name
   * @param trustDomain the trust domain
   * @default trustDomain - the policy's trust domain
   */
  public static serviceAccount(namespace: string, name: string, trustDomain?: string): Principal {
    return new Principal(() => ({ namespace, name }), trustDomain);
  }

  /**
   * Every ServiceAccount of a namespace (`<trust domain>/ns/<namespace>/sa/*`). To admit a namespace, prefer
   * `Source.namespaces`, which does not depend on the trust domain.
   * @param namespace the namespace
   * @param trustDomain the trust domain
   * @default trustDomain - the policy's trust domain
   */
  public static allInNamespace(namespace: string, trustDomain?: string): Principal {
    return new Principal(() => ({ namespace, name: '*' }), trustDomain);
  }

  /**
   * The identity of a mesh gateway construct (`IngressGateway` / `EgressGateway`): its ServiceAccount
   * `<name>-service-account` in its namespace.
   * @param gateway the gateway
   * @param trustDomain the trust domain
   * @default trustDomain - the policy's trust domain
   */
  public static fromGateway(gateway: IstioGateway, trustDomain?: string): Principal {
    return new Principal(() => ({ namespace: gateway.namespace, name: gateway.serviceAccountName }), trustDomain);
  }

  /** Any peer with a verified mesh identity (`*`): every mTLS caller, no plain-text caller. */
  public static anyAuthenticated(): Principal {
    return new Principal(() => ({ raw: '*' }), undefined);
  }

  /**
   * A principal written out: `<trust domain>/ns/<namespace>/sa/<service account>`, optionally with one `*` at the start
   * or end (Istio's prefix/suffix match), or `*`.
   * @param value the principal
   */
  public static of(value: string): Principal {
    return new Principal(() => ({ raw: value }), undefined);
  }

  private constructor(
    private readonly produce: () => { namespace?: string; name?: string; raw?: string; problem?: string },
    private readonly trustDomain: string | undefined,
  ) {}

  /**
   * Checks the principal and renders it with `defaultTrustDomain` when it has none of its own.
   * @internal
   */
  public _resolve(scope: IConstruct, field: string, defaultTrustDomain: string = DEFAULT_TRUST_DOMAIN): string {
    const p = this.produce();
    if (p.problem) throw new ValidationError(scope, field, p.problem);
    if (p.raw !== undefined) return checkRawPrincipal(scope, field, p.raw);
    const td = checkTrustDomain(scope, `${field}.trustDomain`, this.trustDomain ?? defaultTrustDomain);
    if (!isDns1123Label(p.namespace!)) {
      throw new ValidationError(scope, field, `namespace must be a DNS-1123 label, got ${show(p.namespace)}; use the ServiceAccount's namespace`);
    }
    if (p.name !== '*' && !isDns1123Subdomain(p.name!)) {
      throw new ValidationError(scope, field, `service account name must be a DNS-1123 subdomain, got ${show(p.name)}; use the ServiceAccount's metadata.name`);
    }
    return `${td}/ns/${p.namespace}/sa/${p.name}`;
  }
}

/** Throws unless `value` is a well-formed principal (see `Principal.of`). */
function checkRawPrincipal(scope: IConstruct, field: string, value: string): string {
  const hint = "write '<trust domain>/ns/<namespace>/sa/<service account>' (e.g. 'cluster.local/ns/shop/sa/checkout'), " +
    'or use Principal.fromServiceAccount()';
  if (value.startsWith('spiffe://')) {
    throw new ValidationError(scope, field, `must not include the spiffe:// scheme, got ${show(value)}; write '${value.slice('spiffe://'.length)}'`);
  }
  if (!isIstioStringMatch(value)) {
    throw new ValidationError(scope, field, `may contain '*' only once, at the start or the end, got ${show(value)}; ${hint}`);
  }
  if (value.includes('*')) return value;
  const m = SPIFFE_PRINCIPAL.exec(value);
  if (!m || !isDns1123Subdomain(m[1]) || !isDns1123Label(m[2]) || !isDns1123Subdomain(m[3])) {
    throw new ValidationError(scope, field, `must be a SPIFFE identity without scheme, got ${show(value)}; ${hint}`);
  }
  return value;
}

/** The namespace of a ServiceAccount, when it can be known. */
export function serviceAccountNamespace(serviceAccount: kplus.IServiceAccount): string | undefined {
  const configured = serviceAccount.toSubjectConfiguration().namespace;
  if (configured !== undefined) return configured;
  try {
    return Chart.of(serviceAccount).namespace;
  } catch {
    return undefined;
  }
}
