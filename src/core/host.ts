import { Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import { ValidationError } from './errors';
import { isDns1035Label, isDns1123Label, isDns1123Subdomain } from './names';

/** The default Kubernetes cluster DNS domain. */
const DEFAULT_CLUSTER_DOMAIN = 'cluster.local';

/** Options for hosts built from Kubernetes Services. */
export interface ServiceHostOptions {
  /**
   * The cluster DNS domain used to build the fully qualified name `<name>.<namespace>.svc.<clusterDomain>`.
   * @default 'cluster.local'
   */
  readonly clusterDomain?: string;
}

/**
 * A host name as Istio resources use it (`hosts`, `host`, `sniHosts`): a Kubernetes Service rendered as its fully
 * qualified name, an exact DNS name, or — only when asked for explicitly — a wildcard.
 *
 * Values are checked when a construct uses them, so that an error names the construct and the field:
 * a host must be a lowercase DNS-1123 subdomain (at most 253 characters); wildcards only come from
 * `Host.wildcard()` and `Host.any()`.
 *
 * @example
 * Host.fromService(reviewsService)              // reviews.bookinfo.svc.cluster.local
 * Host.fromServiceName('reviews', 'bookinfo')   // the same, for a Service the app does not own
 * Host.fromName('api.example.com')              // an exact external name
 * Host.wildcard('example.com')                  // *.example.com
 */
export class Host {
  /**
   * The fully qualified name of a cdk8s-plus Service: `<name>.<namespace>.svc.<clusterDomain>`.
   *
   * The namespace is the Service's `metadata.namespace`, or else its chart's namespace; a Service with neither is an
   * error (its name would depend on the namespace kubectl applies it to).
   * @param service the Service
   * @param options cluster domain
   */
  public static fromService(service: kplus.Service, options: ServiceHostOptions = {}): Host {
    const namespace = service.metadata.namespace ?? Chart.of(service).namespace;
    const domain = options.clusterDomain ?? DEFAULT_CLUSTER_DOMAIN;
    if (namespace === undefined) {
      return new Host(`${service.name}.<no-namespace>.svc.${domain}`, false, {
        detail: `Service ${service.node.path} has no namespace, got metadata.namespace undefined and no chart namespace; ` +
          'set metadata.namespace on the Service (or a namespace on its chart), or use Host.fromServiceName()',
      });
    }
    return Host.fromServiceName(service.name, namespace, options);
  }

  /**
   * The fully qualified name of a Service given by name: `<name>.<namespace>.svc.<clusterDomain>`.
   * @param name the Service name (a DNS-1035 label)
   * @param namespace the Service namespace (a DNS-1123 label)
   * @param options cluster domain
   */
  public static fromServiceName(name: string, namespace: string, options: ServiceHostOptions = {}): Host {
    const domain = options.clusterDomain ?? DEFAULT_CLUSTER_DOMAIN;
    const value = `${name}.${namespace}.svc.${domain}`;
    if (!isDns1035Label(name)) {
      return new Host(value, false, {
        detail: `Service name must be a DNS-1035 label (lowercase letters, digits and '-', starting with a letter, at most 63), got '${name}'; use the Service's metadata.name`,
      });
    }
    if (!isDns1123Label(namespace)) {
      return new Host(value, false, {
        detail: `namespace must be a DNS-1123 label (lowercase letters, digits and '-', at most 63), got '${namespace}'; use the Service's namespace`,
      });
    }
    if (!isDns1123Subdomain(domain)) {
      return new Host(value, false, {
        detail: `cluster domain must be a DNS-1123 subdomain, got '${domain}'; use the cluster's DNS domain, e.g. 'cluster.local'`,
      });
    }
    return new Host(value, false);
  }

  /**
   * An exact host name: a fully qualified DNS name (`api.example.com`, `reviews.bookinfo.svc.cluster.local`) or a
   * short name that Istio completes with the namespace of the resource that uses it (`reviews`).
   * Wildcards are rejected here; use `Host.wildcard()` or `Host.any()`.
   * @param name the host name
   */
  public static fromName(name: string): Host {
    if (name.includes('*')) {
      return new Host(name, true, {
        detail: `must not contain a wildcard, got '${name}'; use Host.wildcard('${name.replace(/^\*\.?/, '')}') or Host.any() to ask for one explicitly`,
      });
    }
    return new Host(name, false, checkDnsName(name));
  }

  /**
   * Every subdomain of a domain: `*.<domainSuffix>`.
   * @param domainSuffix the domain (a DNS-1123 subdomain without wildcard, e.g. `example.com`)
   */
  public static wildcard(domainSuffix: string): Host {
    const value = `*.${domainSuffix}`;
    if (domainSuffix.includes('*')) {
      return new Host(value, true, {
        detail: `wildcard suffix must not contain '*', got '${domainSuffix}'; pass the domain only, e.g. Host.wildcard('example.com') for *.example.com`,
      });
    }
    const problem = checkDnsName(domainSuffix);
    return new Host(value, true, problem ? { detail: `wildcard suffix ${problem.detail}` } : undefined);
  }

  /** Every host (`*`). Only where Istio accepts it (e.g. Gateway servers); never the default. */
  public static any(): Host {
    return new Host('*', true);
  }

  /** The rendered host name. */
  public readonly value: string;

  /** Whether the host contains a wildcard. */
  public readonly isWildcard: boolean;

  private readonly problem?: { readonly detail: string };

  private constructor(value: string, isWildcard: boolean, problem?: { readonly detail: string }) {
    this.value = value;
    this.isWildcard = isWildcard;
    this.problem = problem;
  }

  /**
   * Checks the host and returns its rendered value; throws a `ValidationError` naming the construct and field.
   * @internal
   */
  public _resolve(scope: IConstruct, field: string): string {
    if (this.problem) throw new ValidationError(scope, field, this.problem.detail);
    return this.value;
  }

  /** The rendered host name. */
  public toString(): string {
    return this.value;
  }
}

function checkDnsName(name: string): { readonly detail: string } | undefined {
  if (name !== name.toLowerCase()) {
    return { detail: `must be lowercase (a DNS-1123 subdomain), got '${name}'; write it as '${name.toLowerCase()}'` };
  }
  if (!isDns1123Subdomain(name)) {
    return {
      detail: `must be a DNS-1123 subdomain (dot-separated labels of lowercase letters, digits and '-', at most 253 characters), got '${name}'; ` +
        'remove the scheme, port, path or invalid characters',
    };
  }
  return undefined;
}

/**
 * Normalizes a host for comparison: a short name (no dot) becomes `<name>.<namespace>.svc.cluster.local` when the
 * namespace is known, as Istio completes it.
 * @internal
 * @jsii ignore
 */
export function normalizeHost(host: string, namespace: string | undefined): string {
  if (!host.includes('.') && host !== '*' && namespace) return `${host}.${namespace}.svc.${DEFAULT_CLUSTER_DOMAIN}`;
  return host;
}
