import { ApiObject, Chart, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct, IConstruct } from 'constructs';
import { AllowFromOptions, AuthorizationPolicy } from './authorization-policy';
import { Peer } from './peer';
import { MtlsMode, PeerAuthentication } from './peer-authentication';
import { checkNamespaceName, checkTrustDomain, DEFAULT_TRUST_DOMAIN, ownerPath, show } from './private/checks';
import { ValidationError } from '../core/errors';
import { isDns1123Subdomain } from '../core/names';
import { WorkloadSelector } from '../core/workload-selector';
import { InjectionTarget, SidecarInjection } from '../mesh/sidecar-injection';

/** A workload port whose mutual TLS mode differs from the namespace's (e.g. a metrics port scraped without mTLS). */
export interface MtlsPortException {
  /** The workloads that own the port (Istio allows port-level modes only on policies with a selector). */
  readonly selector: WorkloadSelector;
  /** The workload (container) port, 1–65535. */
  readonly port: number;
  /**
   * The mode on that port.
   * @default MtlsMode.PERMISSIVE
   */
  readonly mode?: MtlsMode;
}

/** Options of `StrictMtlsNamespace.allowFrom()`. */
export interface NamespaceAllowFromOptions extends AllowFromOptions {
  /**
   * The workloads of the namespace the callers may reach.
   * @default - every workload of the namespace
   */
  readonly selector?: WorkloadSelector;
}

/** Props of a `StrictMtlsNamespace`. */
export interface StrictMtlsNamespaceProps {
  /**
   * A cdk8s-plus Namespace of the app to secure (sidecar injection is enabled on it). Not with `namespaceName`.
   * @default - the namespace named `namespaceName`
   */
  readonly namespace?: kplus.Namespace;
  /**
   * Name of the namespace, created by this construct unless `createNamespace` is false. Not with `namespace`.
   * @default - the chart's namespace (when neither is given)
   */
  readonly namespaceName?: string;
  /**
   * Render the Namespace (with the injection label) for `namespaceName`. When false, the namespace is managed
   * elsewhere and must enable sidecar injection itself.
   * @default true
   */
  readonly createNamespace?: boolean;
  /**
   * The control plane that injects the sidecars.
   * @default InjectionTarget.legacy() (`istio-injection=enabled`)
   */
  readonly injection?: InjectionTarget;
  /**
   * The namespace-wide mode. Start with PERMISSIVE to migrate workloads whose callers are not in the mesh yet, then
   * switch to STRICT (see the README's mTLS migration recipe).
   * @default MtlsMode.STRICT
   */
  readonly mode?: MtlsMode;
  /**
   * Ports with their own mode (more with `addPortException()`).
   * @default - none
   */
  readonly portExceptions?: MtlsPortException[];
  /**
   * Deny every request that no `allowFrom()` policy admits (an `allow-nothing` AuthorizationPolicy).
   * @default false
   */
  readonly defaultDeny?: boolean;
  /**
   * Trust domain of the principals `allowFrom()` renders.
   * @default 'cluster.local'
   */
  readonly trustDomain?: string;
}

/**
 * A namespace whose workloads accept only mutual TLS: the namespace (created, or a cdk8s-plus Namespace taken over)
 * with sidecar injection enabled through `SidecarInjection`, a namespace-wide PeerAuthentication `default` in STRICT
 * mode (or PERMISSIVE while migrating), workload PeerAuthentications for port exceptions, an optional default-deny
 * (`allow-nothing`) AuthorizationPolicy, and `allowFrom()` for the callers each workload admits.
 *
 * At synthesis, in STRICT mode, a DestinationRule anywhere in the app with TLS mode DISABLE (top-level, per port or
 * per subset) for a host of this namespace is an error: its clients would send plain text that the workloads reject.
 *
 * Emits: `Namespace` (when created), `PeerAuthentication` `default`, `PeerAuthentication` `<port-exceptions>-<n>` per
 * exception selector, `AuthorizationPolicy` `allow-nothing` (with `defaultDeny`) and one ALLOW AuthorizationPolicy per
 * `allowFrom()`.
 */
export class StrictMtlsNamespace extends Construct {
  /** The namespace name. */
  public readonly namespaceName: string;
  /** The Namespace, when rendered by this app (created or taken). */
  public readonly namespace?: kplus.Namespace;
  /** The namespace-wide mode. */
  public readonly mode: MtlsMode;
  /** The namespace-wide PeerAuthentication. */
  public readonly peerAuthentication: PeerAuthentication;
  /** The allow-nothing policy, with `defaultDeny`. */
  public readonly defaultDenyPolicy?: AuthorizationPolicy;
  /** Trust domain of the principals `allowFrom()` renders. */
  public readonly trustDomain: string;

  private readonly exceptions: PeerAuthentication[] = [];
  private readonly allowPolicies = new Map<string, AuthorizationPolicy>();
  private exceptionCount = 0;

  constructor(scope: Construct, id: string, props: StrictMtlsNamespaceProps = {}) {
    super(scope, id);
    if (props.namespace !== undefined && props.namespaceName !== undefined) {
      throw new ValidationError(this, 'namespaceName', `cannot be combined with namespace, got both (${show(props.namespaceName)}); ` +
        'pass the Namespace to take it over, or a name to create it');
    }
    if (props.namespace !== undefined && props.createNamespace !== undefined) {
      throw new ValidationError(this, 'createNamespace', 'applies only to namespaceName, got it with a Namespace; remove createNamespace');
    }
    const mode = props.mode ?? MtlsMode.STRICT;
    if (mode !== MtlsMode.STRICT && mode !== MtlsMode.PERMISSIVE) {
      throw new ValidationError(this, 'mode', `must be STRICT or PERMISSIVE, got ${mode}; a namespace without mutual TLS is not what this ` +
        'construct is for — use a PeerAuthentication directly');
    }
    this.mode = mode;
    this.trustDomain = checkTrustDomain(this, 'trustDomain', props.trustDomain ?? DEFAULT_TRUST_DOMAIN);

    const target = props.injection ?? InjectionTarget.legacy();
    if (props.namespace !== undefined) {
      this.namespace = props.namespace;
      this.namespaceName = checkNamespaceName(this, 'namespace', props.namespace.name, 'give the Namespace a DNS-1123 name');
      SidecarInjection.enableNamespace(props.namespace, target);
    } else {
      const name = props.namespaceName ?? chartNamespace(this);
      if (name === undefined) {
        throw new ValidationError(this, 'namespaceName', 'is required outside a chart with a namespace, got none; give namespaceName or a Namespace');
      }
      this.namespaceName = checkNamespaceName(this, 'namespaceName', name, 'use a namespace name such as shop');
      if (props.createNamespace ?? true) {
        this.namespace = SidecarInjection.namespace(this, 'Namespace', name, target);
        // A Namespace is cluster-scoped: drop the namespace cdk8s stamps on every object of a chart with a namespace.
        if (chartNamespace(this) !== undefined) ApiObject.of(this.namespace).addJsonPatch(JsonPatch.remove('/metadata/namespace'));
      }
    }

    this.peerAuthentication = new PeerAuthentication(this, 'PeerAuthentication', {
      metadata: { name: 'default', namespace: this.namespaceName },
      mode,
    });
    for (const e of props.portExceptions ?? []) this.addPortException(e);
    if (props.defaultDeny) {
      this.defaultDenyPolicy = AuthorizationPolicy.allowNothing(this, 'DefaultDeny', {
        metadata: { name: 'allow-nothing', namespace: this.namespaceName },
      });
    }
    this.node.addValidation({ validate: () => this.validatePlainTextClients() });
  }

  /**
   * Gives a workload port its own mode, through a workload PeerAuthentication for the exception's selector (one per
   * selector; exceptions with the same selector share it).
   * @param exception the workloads, port and mode
   * @returns the PeerAuthentication that carries the exception
   */
  public addPortException(exception: MtlsPortException): PeerAuthentication {
    const field = `portExceptions[${this.exceptionCount}]`;
    const mode = exception.mode ?? MtlsMode.PERMISSIVE;
    if (mode === MtlsMode.UNSET || mode === this.mode) {
      throw new ValidationError(this, `${field}.mode`, `must differ from the namespace mode ${this.mode}, got ${mode} for port ${exception.port}; ` +
        'an exception that changes nothing is probably a mistake — use PERMISSIVE or DISABLE');
    }
    const labels = exception.selector._resolve(this, `${field}.selector`);
    const key = selectorKey(labels);
    let pa = this.exceptions.find((e) => selectorKey(e.selectorLabels!) === key);
    if (pa === undefined) {
      pa = new PeerAuthentication(this, `PortExceptions${this.exceptions.length}`, {
        metadata: { name: `port-exceptions-${this.exceptions.length}`, namespace: this.namespaceName },
        selector: exception.selector,
        // The workload's other ports inherit the namespace mode, also after a PERMISSIVE → STRICT switch.
        mode: MtlsMode.UNSET,
      });
      this.exceptions.push(pa);
    }
    pa.addPortMtls(exception.port, mode);
    this.exceptionCount++;
    return pa;
  }

  /**
   * Admits these callers to the namespace's workloads (or to the selected ones): an ALLOW AuthorizationPolicy named
   * `name`. With `defaultDeny`, requests no such policy admits are denied.
   * @param name the policy name (unique in the namespace)
   * @param peers the callers (ServiceAccounts, gateways, principals, namespaces)
   * @param options the workloads reached, operations and conditions
   * @returns the policy
   */
  public allowFrom(name: string, peers: Peer[], options: NamespaceAllowFromOptions = {}): AuthorizationPolicy {
    if (!isDns1123Subdomain(name)) {
      throw new ValidationError(this, 'allowFrom', `name must be a DNS-1123 subdomain, got ${show(name)}; e.g. 'reviews-from-productpage'`);
    }
    if (this.allowPolicies.has(name) || name === 'allow-nothing') {
      throw new ValidationError(this, 'allowFrom', `name is already used in namespace ${this.namespaceName}, got ${show(name)} twice; give each policy its own name`);
    }
    const policy = new AuthorizationPolicy(this, `Allow-${name}`, {
      metadata: { name, namespace: this.namespaceName },
      selector: options.selector,
      trustDomain: this.trustDomain,
    });
    policy.allowFrom(peers, { to: options.to, when: options.when });
    this.allowPolicies.set(name, policy);
    return policy;
  }

  /** The `allowFrom()` policies, in the order they were added. */
  public get allowPolicyNames(): string[] {
    return [...this.allowPolicies.keys()];
  }

  private validatePlainTextClients(): string[] {
    if (this.mode !== MtlsMode.STRICT) return [];
    const errors: string[] = [];
    for (const obj of this.node.root.node.findAll().filter((c): c is ApiObject => ApiObject.isApiObject(c) && c.kind === 'DestinationRule')) {
      const json = obj.toJson();
      const host: unknown = json.spec?.host;
      if (typeof host !== 'string' || !hostInNamespace(host, json.metadata?.namespace, this.namespaceName)) continue;
      const where = disabledTls(json.spec);
      if (where.length === 0) continue;
      errors.push(`${this.node.path}: mode: STRICT rejects plain text, got DestinationRule ${ownerPath(obj)} (host ${host}) with TLS mode DISABLE ` +
        `at ${where.join(', ')}; remove the DISABLE setting (auto mTLS picks ISTIO_MUTUAL), or keep the namespace PERMISSIVE until its clients use mTLS`);
    }
    return errors;
  }
}

function selectorKey(labels: Record<string, string>): string {
  return JSON.stringify(Object.keys(labels).sort().map((k) => [k, labels[k]]));
}

function chartNamespace(scope: IConstruct): string | undefined {
  try {
    return Chart.of(scope).namespace;
  } catch {
    return undefined;
  }
}

/**
 * Whether a DestinationRule host (of a rule in `ruleNamespace`) addresses services of `namespace`, as Istio resolves
 * it: a short name (no dot) in that namespace, `<svc>.<namespace>.svc.<domain>`, or a wildcard covering such names
 * (`*.<namespace>.svc.cluster.local`, `*.svc.cluster.local`, `*.cluster.local`, `*`). Other dotted names (e.g.
 * `reviews.shop`) are not completed by Istio and address no Service.
 */
function hostInNamespace(host: string, ruleNamespace: string | undefined, namespace: string): boolean {
  if (host === '*') return true;
  if (host.startsWith('*.')) {
    const suffix = host.slice(1);
    const domain = /\.svc\.(.+)$/.exec(host)?.[1] ?? 'cluster.local';
    return `.x.${namespace}.svc.${domain}`.endsWith(suffix);
  }
  const parts = host.split('.');
  if (parts.length === 1) return ruleNamespace === namespace;
  return parts.length >= 4 && parts[1] === namespace && parts[2] === 'svc';
}

/** Where a DestinationRule spec sets TLS mode DISABLE: `trafficPolicy`, its ports, and its subsets. */
function disabledTls(spec: any): string[] {
  const out: string[] = [];
  const policy = (p: any, at: string) => {
    if (p?.tls?.mode === 'DISABLE') out.push(`${at}.tls`);
    (p?.portLevelSettings ?? []).forEach((s: any, i: number) => {
      if (s?.tls?.mode === 'DISABLE') out.push(`${at}.portLevelSettings[${i}].tls (port ${s.port?.number})`);
    });
  };
  policy(spec?.trafficPolicy, 'trafficPolicy');
  (spec?.subsets ?? []).forEach((s: any, i: number) => policy(s?.trafficPolicy, `subsets[${i}].trafficPolicy`));
  return out;
}
