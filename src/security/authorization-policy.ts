import { ApiObjectMetadata, Lazy } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { Condition } from './condition';
import { Peer } from './peer';
import { PolicyTargetRef } from './policy-target';
import { Principal } from './principal';
import { checkPortNumber, checkTrustDomain, DEFAULT_TRUST_DOMAIN, isIpOrCidr, isIstioStringMatch, namespaceOf, nonEmpty, show } from './private/checks';
import { resolveAttachment } from './private/policy-attachment';
import { ValidationError } from '../core/errors';
import { Host } from '../core/host';
import { isDns1123Label } from '../core/names';
import { WorkloadSelector } from '../core/workload-selector';
import * as security from '../imports/security';

/** What an AuthorizationPolicy does with the requests its rules match. */
export enum AuthorizationAction {
  /** Admit matching requests; once any ALLOW policy selects a workload, requests no ALLOW policy matches are denied. */
  ALLOW = 'ALLOW',
  /** Reject matching requests; evaluated before ALLOW policies. */
  DENY = 'DENY',
  /** Log matching requests (needs an audit-capable telemetry provider); does not change the decision. */
  AUDIT = 'AUDIT',
  /** Delegate matching requests to an external authorizer (a mesh `extensionProviders` entry, see `provider`). */
  CUSTOM = 'CUSTOM',
}

/**
 * Who sends the request (Istio `Source`). All fields set must match; a list matches when any entry does. Values
 * match exactly, by prefix (`abc*`), suffix (`*abc`) or presence (`*`).
 */
export interface Source {
  /**
   * Peer identities (from mutual TLS).
   * @default - any
   */
  readonly principals?: Principal[];
  /**
   * Peer identities that must not match.
   * @default - none excluded
   */
  readonly notPrincipals?: Principal[];
  /**
   * Request identities from a validated JWT, `<iss>/<sub>` (`*` for any valid token).
   * @default - any
   */
  readonly requestPrincipals?: string[];
  /**
   * Request identities that must not match (`notRequestPrincipals: ['*']` matches requests without a valid token).
   * @default - none excluded
   */
  readonly notRequestPrincipals?: string[];
  /**
   * Namespaces of the peer identity.
   * @default - any
   */
  readonly namespaces?: string[];
  /**
   * Namespaces that must not match.
   * @default - none excluded
   */
  readonly notNamespaces?: string[];
  /**
   * Peer ServiceAccounts, `<namespace>/<name>` or `<name>` (in the policy's namespace); at most 16; not with
   * principals or namespaces.
   * @default - any
   */
  readonly serviceAccounts?: string[];
  /**
   * Peer ServiceAccounts that must not match.
   * @default - none excluded
   */
  readonly notServiceAccounts?: string[];
  /**
   * Peer IPs or CIDR blocks (the direct connection's source).
   * @default - any
   */
  readonly ipBlocks?: string[];
  /**
   * Peer IPs or CIDR blocks that must not match.
   * @default - none excluded
   */
  readonly notIpBlocks?: string[];
  /**
   * Original client IPs or CIDR blocks (from `X-Forwarded-For` or the PROXY protocol).
   * @default - any
   */
  readonly remoteIpBlocks?: string[];
  /**
   * Original client IPs or CIDR blocks that must not match.
   * @default - none excluded
   */
  readonly notRemoteIpBlocks?: string[];
}

/** What the request does (Istio `Operation`). All fields set must match; a list matches when any entry does. */
export interface Operation {
  /**
   * Request hosts (`Host` / `:authority`); HTTP only.
   * @default - any
   */
  readonly hosts?: Host[];
  /**
   * Request hosts that must not match.
   * @default - none excluded
   */
  readonly notHosts?: Host[];
  /**
   * Workload ports (container ports, not Service ports).
   * @default - any
   */
  readonly ports?: number[];
  /**
   * Workload ports that must not match.
   * @default - none excluded
   */
  readonly notPorts?: number[];
  /**
   * HTTP methods, uppercase (`GET`, `POST`); gRPC requests are always `POST`.
   * @default - any
   */
  readonly methods?: string[];
  /**
   * HTTP methods that must not match.
   * @default - none excluded
   */
  readonly notMethods?: string[];
  /**
   * Request paths: exact, `/prefix/*`, `*suffix`, `*`, or templates with `{*}` (one segment) and a final `{**}`.
   * @default - any
   */
  readonly paths?: string[];
  /**
   * Request paths that must not match.
   * @default - none excluded
   */
  readonly notPaths?: string[];
}

/**
 * A rule of an AuthorizationPolicy: it matches a request when any `from` matches, any `to` matches and every `when`
 * holds. Omitted parts match everything; a rule with no parts at all matches every request (only through
 * `AuthorizationPolicy.denyAll()`).
 */
export interface AuthorizationRule {
  /**
   * Sources; any must match.
   * @default - every source
   */
  readonly from?: Source[];
  /**
   * Operations; any must match.
   * @default - every operation
   */
  readonly to?: Operation[];
  /**
   * Conditions; all must hold.
   * @default - no condition
   */
  readonly when?: Condition[];
}

/** Options shared by every AuthorizationPolicy, also for `allowNothing()` and `denyAll()`. */
export interface AuthorizationPolicyOptions {
  /**
   * Metadata (name, namespace, labels, annotations). A policy in the root namespace (`istio-system` by default)
   * without selector applies to the whole mesh.
   * @default - a name generated by cdk8s; the chart's namespace
   */
  readonly metadata?: ApiObjectMetadata;
  /**
   * Workloads the policy applies to (not with `targetRefs`).
   * @default - every workload of the namespace
   */
  readonly selector?: WorkloadSelector;
  /**
   * Gateways, Services or ServiceEntries the policy attaches to (not with `selector`).
   * @default - none (the selector applies)
   */
  readonly targetRefs?: PolicyTargetRef[];
  /**
   * Trust domain of the principals built from ServiceAccounts and gateways (`Peer`, `Principal.fromServiceAccount`).
   * @default 'cluster.local'
   */
  readonly trustDomain?: string;
}

/** Props of an `AuthorizationPolicy`. */
export interface AuthorizationPolicyProps extends AuthorizationPolicyOptions {
  /**
   * What to do with matching requests.
   * @default AuthorizationAction.ALLOW
   */
  readonly action?: AuthorizationAction;
  /**
   * Name of the mesh extension provider (`meshConfig.extensionProviders`) that decides; CUSTOM only, and required
   * there.
   * @default - none
   */
  readonly provider?: string;
  /**
   * Rules (more with `addRule()` and `allowFrom()`).
   * @default - none
   */
  readonly rules?: AuthorizationRule[];
}

/** Options of `allowFrom()`. */
export interface AllowFromOptions {
  /**
   * Only these operations (e.g. methods, paths or ports).
   * @default - every operation
   */
  readonly to?: Operation[];
  /**
   * Only when these conditions hold.
   * @default - no condition
   */
  readonly when?: Condition[];
}

/** Kinds of policies with a fixed meaning. */
enum Preset {
  NONE,
  ALLOW_NOTHING,
  DENY_ALL,
}

/** The preset of the policy being constructed by `allowNothing()` / `denyAll()` (read once by the constructor). */
let nextPreset = Preset.NONE;

/**
 * An Istio AuthorizationPolicy (`security.istio.io/v1`): access control for the selected workloads (or the targeted
 * gateways and services) by source identity, operation and conditions.
 *
 * Eager checks: principals (`<trust domain>/ns/<ns>/sa/<sa>`, wildcards only at the start or end), namespaces,
 * IP blocks, request principals, ports, methods, paths (incl. `{*}`/`{**}` templates), condition keys and their values,
 * empty sources/operations, selector vs targetRefs, a provider exactly for CUSTOM and the fields CUSTOM does not
 * support, and an empty rule (which matches every request) except through `denyAll()`. At synthesis: a policy without
 * rules — an ALLOW policy without rules denies everything and a DENY policy without rules does nothing, so both are
 * errors unless made explicit with `allowNothing()` / `denyAll()`.
 */
export class AuthorizationPolicy extends Construct {
  /**
   * A policy that admits nothing (`spec: {}`): every request to the selected workloads is denied unless another ALLOW
   * policy matches it. The usual default-deny of a namespace; open it up with further policies (`allowFrom()`).
   * @param scope construct scope
   * @param id construct id
   * @param options metadata, selector or targetRefs
   */
  public static allowNothing(scope: Construct, id: string, options: AuthorizationPolicyOptions = {}): AuthorizationPolicy {
    nextPreset = Preset.ALLOW_NOTHING;
    return new AuthorizationPolicy(scope, id, { ...options, action: AuthorizationAction.ALLOW });
  }

  /**
   * A policy that denies every request to the selected workloads (DENY with one empty rule). DENY wins over every
   * ALLOW policy, so nothing can open it up again; prefer `allowNothing()` for a default-deny.
   * @param scope construct scope
   * @param id construct id
   * @param options metadata, selector or targetRefs
   */
  public static denyAll(scope: Construct, id: string, options: AuthorizationPolicyOptions = {}): AuthorizationPolicy {
    nextPreset = Preset.DENY_ALL;
    return new AuthorizationPolicy(scope, id, { ...options, action: AuthorizationAction.DENY });
  }

  /** The L1 object (escape hatch). */
  public readonly apiObject: security.AuthorizationPolicy;
  /** The action. */
  public readonly action: AuthorizationAction;
  /** The namespace the policy is synthesized into, when known. */
  public readonly namespace?: string;
  /** Trust domain of principals built from ServiceAccounts. */
  public readonly trustDomain: string;

  private readonly rules: security.AuthorizationPolicySpecRules[] = [];
  private readonly preset: Preset;

  constructor(scope: Construct, id: string, props: AuthorizationPolicyProps = {}) {
    const preset = nextPreset;
    nextPreset = Preset.NONE;
    super(scope, id);
    this.preset = preset;
    this.namespace = namespaceOf(this, props.metadata);
    this.action = props.action ?? AuthorizationAction.ALLOW;
    this.trustDomain = checkTrustDomain(this, 'trustDomain', props.trustDomain ?? DEFAULT_TRUST_DOMAIN);
    const { selector, targetRefs } = resolveAttachment(this, this.namespace, props.selector, props.targetRefs);
    if (this.action === AuthorizationAction.CUSTOM && (props.provider === undefined || props.provider === '')) {
      throw new ValidationError(this, 'provider', `is required with action CUSTOM, got ${show(props.provider)}; ` +
        'name the extension provider (meshConfig.extensionProviders, e.g. ExtensionProvider.extAuthzHttp()) that decides');
    }
    if (this.action !== AuthorizationAction.CUSTOM && props.provider !== undefined) {
      throw new ValidationError(this, 'provider', `applies only to action CUSTOM, got provider ${show(props.provider)} with ${this.action}; ` +
        'remove provider or use AuthorizationAction.CUSTOM');
    }
    if (props.provider !== undefined && !/^[a-zA-Z0-9]([-a-zA-Z0-9_.]*[a-zA-Z0-9])?$/.test(props.provider)) {
      throw new ValidationError(this, 'provider', `must be an extension provider name (letters, digits, '-', '_' or '.'), got ${show(props.provider)}; ` +
        'use the name given in meshConfig.extensionProviders');
    }
    if (this.preset === Preset.DENY_ALL) this.rules.push({});
    for (const rule of props.rules ?? []) this.addRule(rule);

    this.apiObject = new security.AuthorizationPolicy(this, 'Resource', {
      metadata: props.metadata,
      spec: Lazy.any({
        produce: (): security.AuthorizationPolicySpec => ({
          // allow-nothing is `spec: {}`; ALLOW is Istio's default action.
          action: this.preset === Preset.ALLOW_NOTHING ? undefined : this.action as unknown as security.AuthorizationPolicySpecAction,
          provider: props.provider === undefined ? undefined : { name: props.provider },
          selector,
          targetRefs,
          rules: nonEmpty(this.rules.map((r) => ({ ...r }))),
        }),
      }),
    });
    this.node.addValidation({ validate: () => this.validateRules() });
  }

  /** The policy's `metadata.name`. */
  public get name(): string {
    return this.apiObject.name;
  }

  /** Number of rules so far. */
  public get ruleCount(): number {
    return this.rules.length;
  }

  /**
   * Adds a rule; rejects an empty rule (it would match every request) and a repeated one.
   * @param rule the rule
   * @returns its position
   */
  public addRule(rule: AuthorizationRule): number {
    const index = this.rules.length;
    const field = `rules[${index}]`;
    this.checkPreset(field);
    if (this.rules.length >= 512) {
      throw new ValidationError(this, field, 'exceeds the 512 rules a policy may have, got one more; split the policy');
    }
    const rendered = this.renderRule(field, rule);
    if (rendered.from === undefined && rendered.to === undefined && rendered.when === undefined) {
      const hint = this.action === AuthorizationAction.DENY
        ? 'use AuthorizationPolicy.denyAll() if every request should be denied'
        : 'give from, to or when; to admit everything, do not create an ALLOW policy for these workloads';
      throw new ValidationError(this, field, `is empty and would match every request, got {}; ${hint}`);
    }
    const json = JSON.stringify(rendered);
    const same = this.rules.findIndex((r) => JSON.stringify(r) === json);
    if (same >= 0) {
      throw new ValidationError(this, field, `repeats rules[${same}], got the same rule twice; add each rule once`);
    }
    this.rules.push(rendered);
    return index;
  }

  /**
   * Admits requests from these peers (ServiceAccounts, gateways, principals, namespaces), optionally only for some
   * operations or under conditions. Identities become `source.principals` in this policy's trust domain, namespaces
   * `source.namespaces`; either matching admits the request. ALLOW policies only.
   * @param peers the callers
   * @param options operations and conditions
   * @returns the position of the added rule
   */
  public allowFrom(peers: Peer[], options: AllowFromOptions = {}): number {
    const field = `rules[${this.rules.length}]`;
    if (this.action !== AuthorizationAction.ALLOW) {
      throw new ValidationError(this, 'allowFrom', `adds ALLOW rules, got a ${this.action} policy; use addRule() for ${this.action} rules`);
    }
    this.checkPreset(field);
    if (peers.length === 0) {
      throw new ValidationError(this, `${field}.from`, 'must name at least one peer, got none; e.g. Peer.serviceAccount(sa) or Peer.namespace(ns)');
    }
    const principals: string[] = [];
    const namespaces: string[] = [];
    peers.forEach((p, i) => {
      const r = p._resolve(this, `${field}.from[${i}]`, this.trustDomain);
      if (r.principal !== undefined && !principals.includes(r.principal)) principals.push(r.principal);
      if (r.namespace !== undefined && !namespaces.includes(r.namespace)) namespaces.push(r.namespace);
    });
    const from: Source[] = [];
    if (principals.length) from.push({ principals: principals.map((p) => Principal.of(p)) });
    if (namespaces.length) from.push({ namespaces });
    return this.addRule({ from, to: options.to, when: options.when });
  }

  private checkPreset(field: string): void {
    if (this.preset === Preset.ALLOW_NOTHING) {
      throw new ValidationError(this, field, 'cannot be added to an allow-nothing policy, got a rule; ' +
        'create a separate ALLOW policy (or use allowFrom() on StrictMtlsNamespace) next to it');
    }
    if (this.preset === Preset.DENY_ALL) {
      throw new ValidationError(this, field, 'cannot be added to a deny-all policy, got a rule; it already denies every request — ' +
        'create a separate policy');
    }
  }

  private renderRule(field: string, rule: AuthorizationRule): security.AuthorizationPolicySpecRules {
    for (const part of ['from', 'to', 'when'] as const) {
      if (rule[part] !== undefined && rule[part]!.length === 0) {
        throw new ValidationError(this, `${field}.${part}`, `must not be an empty list, got []; leave ${part} out to match everything`);
      }
    }
    return {
      from: rule.from?.map((s, i) => ({ source: this.renderSource(`${field}.from[${i}]`, s) })),
      to: rule.to?.map((o, i) => ({ operation: this.renderOperation(`${field}.to[${i}]`, o) })),
      when: rule.when?.map((c, i) => this.renderCondition(`${field}.when[${i}]`, c)),
    };
  }

  private renderSource(field: string, s: Source): security.AuthorizationPolicySpecRulesFromSource {
    const principals = (name: 'principals' | 'notPrincipals') => list(this, `${field}.${name}`, s[name])?.map((p, i) => p._resolve(this, `${field}.${name}[${i}]`, this.trustDomain));
    const strings = (name: keyof Source, check: (f: string, v: string) => void) => {
      const values = list(this, `${field}.${name}`, s[name] as string[] | undefined);
      values?.forEach((v, i) => check(`${field}.${name}[${i}]`, v));
      return values === undefined ? undefined : [...values];
    };
    const ns = (f: string, v: string) => checkNamespacePattern(this, f, v);
    const rp = (f: string, v: string) => checkRequestPrincipal(this, f, v);
    const sa = (f: string, v: string) => checkServiceAccountValue(this, f, v);
    const ip = (f: string, v: string) => {
      if (!isIpOrCidr(v)) throw new ValidationError(this, f, `must be an IPv4 or IPv6 address or CIDR block, got ${show(v)}; e.g. '10.0.0.0/16' or '192.0.2.7'`);
    };
    const out: security.AuthorizationPolicySpecRulesFromSource = {
      principals: principals('principals'),
      notPrincipals: principals('notPrincipals'),
      requestPrincipals: strings('requestPrincipals', rp),
      notRequestPrincipals: strings('notRequestPrincipals', rp),
      namespaces: strings('namespaces', ns),
      notNamespaces: strings('notNamespaces', ns),
      serviceAccounts: strings('serviceAccounts', sa),
      notServiceAccounts: strings('notServiceAccounts', sa),
      ipBlocks: strings('ipBlocks', ip),
      notIpBlocks: strings('notIpBlocks', ip),
      remoteIpBlocks: strings('remoteIpBlocks', ip),
      notRemoteIpBlocks: strings('notRemoteIpBlocks', ip),
    };
    if (Object.values(out).every((v) => v === undefined)) {
      throw new ValidationError(this, field, 'must set at least one field, got an empty source; leave the source out to match every caller');
    }
    for (const accounts of ['serviceAccounts', 'notServiceAccounts'] as const) {
      if (out[accounts] === undefined) continue;
      if (out.principals || out.notPrincipals || out.namespaces || out.notNamespaces) {
        throw new ValidationError(this, `${field}.${accounts}`, 'cannot be combined with principals or namespaces in one source, got both; ' +
          'put them in separate sources (any source may match)');
      }
      if (out[accounts]!.length > 16) {
        throw new ValidationError(this, `${field}.${accounts}`, `may list at most 16 ServiceAccounts, got ${out[accounts]!.length}; split them over several sources`);
      }
    }
    if (this.action === AuthorizationAction.CUSTOM) {
      for (const name of ['principals', 'notPrincipals', 'requestPrincipals', 'notRequestPrincipals', 'namespaces', 'notNamespaces',
        'serviceAccounts', 'notServiceAccounts'] as const) {
        if (out[name] !== undefined) {
          throw new ValidationError(this, `${field}.${name}`, 'is not supported with action CUSTOM, got a value; ' +
            'match on ipBlocks, operations or request headers, and let the external authorizer check identities');
        }
      }
    }
    return out;
  }

  private renderOperation(field: string, o: Operation): security.AuthorizationPolicySpecRulesToOperation {
    const hosts = (name: 'hosts' | 'notHosts') => list(this, `${field}.${name}`, o[name])?.map((h, i) => h._resolve(this, `${field}.${name}[${i}]`));
    const ports = (name: 'ports' | 'notPorts') => list(this, `${field}.${name}`, o[name])
      ?.map((p, i) => String(checkPortNumber(this, `${field}.${name}[${i}]`, p, "use the workload's container port")));
    const methods = (name: 'methods' | 'notMethods') => list(this, `${field}.${name}`, o[name])?.map((m, i) => {
      if (!/^[A-Z][A-Z0-9_-]*$/.test(m) && m !== '*') {
        throw new ValidationError(this, `${field}.${name}[${i}]`, `must be an uppercase HTTP method, got ${show(m)}; e.g. 'GET' or 'POST'`);
      }
      return m;
    });
    const paths = (name: 'paths' | 'notPaths') => list(this, `${field}.${name}`, o[name])?.map((p, i) => checkPath(this, `${field}.${name}[${i}]`, p));
    const out: security.AuthorizationPolicySpecRulesToOperation = {
      hosts: hosts('hosts'),
      notHosts: hosts('notHosts'),
      ports: ports('ports'),
      notPorts: ports('notPorts'),
      methods: methods('methods'),
      notMethods: methods('notMethods'),
      paths: paths('paths'),
      notPaths: paths('notPaths'),
    };
    if (Object.values(out).every((v) => v === undefined)) {
      throw new ValidationError(this, field, 'must set at least one field, got an empty operation; leave the operation out to match every request');
    }
    return out;
  }

  private renderCondition(field: string, c: Condition): security.AuthorizationPolicySpecRulesWhen {
    if ((c.values ?? []).length === 0 && (c.notValues ?? []).length === 0) {
      throw new ValidationError(this, field, `must give values or notValues, got neither for ${c.key.key}; list the values the attribute must (not) have`);
    }
    const key = c.key._resolve(this, field, c.values ?? [], `${field}.values`);
    c.key._resolve(this, field, c.notValues ?? [], `${field}.notValues`);
    if (this.action === AuthorizationAction.CUSTOM && (/^source\.(namespace|serviceAccount|principal)$/.test(key) || key.startsWith('request.auth.'))) {
      throw new ValidationError(this, `${field}.key`, `is not supported with action CUSTOM, got ${show(key)}; let the external authorizer check identities`);
    }
    return { key, values: nonEmpty(c.values && [...c.values]), notValues: nonEmpty(c.notValues && [...c.notValues]) };
  }

  private validateRules(): string[] {
    if (this.rules.length > 0 || this.preset !== Preset.NONE) return [];
    const path = this.node.path;
    switch (this.action) {
      case AuthorizationAction.ALLOW:
        return [`${path}: rules: an ALLOW policy needs rules, got none, which denies every request to the selected workloads; ` +
          'add rules (addRule(), allowFrom()), or use AuthorizationPolicy.allowNothing() if denying everything is the intent'];
      case AuthorizationAction.DENY:
        return [`${path}: rules: a DENY policy needs rules, got none, so it would never deny anything; ` +
          'add rules, or use AuthorizationPolicy.denyAll() to deny every request'];
      default:
        return [`${path}: rules: a ${this.action} policy needs rules, got none, so it would never apply; add rules`];
    }
  }
}

function list<T>(scope: IConstruct, field: string, values: T[] | undefined): T[] | undefined {
  if (values === undefined) return undefined;
  if (values.length === 0) throw new ValidationError(scope, field, 'must not be an empty list, got []; leave it out to match everything');
  return values;
}

function checkNamespacePattern(scope: IConstruct, field: string, value: string): void {
  const literal = value.replace(/^\*/, '').replace(/\*$/, '');
  const ok = value === '*' || (isIstioStringMatch(value) && (value.includes('*') ? /^[a-z0-9-]+$/.test(literal) : isDns1123Label(value)));
  if (!ok) {
    throw new ValidationError(scope, field, `must be a namespace name (DNS-1123 label), optionally with '*' at the start or end, got ${show(value)}; e.g. 'shop' or 'team-*'`);
  }
}

function checkRequestPrincipal(scope: IConstruct, field: string, value: string): void {
  if (!isIstioStringMatch(value) || (!value.includes('*') && !/^[^/\s]+\/[^\s]+$/.test(value))) {
    throw new ValidationError(scope, field, `must be '<issuer>/<subject>' of a validated JWT, optionally with '*' at the start or end, got ${show(value)}; ` +
      "e.g. 'https://accounts.example.com/1234' or '*' for any valid token");
  }
}

function checkServiceAccountValue(scope: IConstruct, field: string, value: string): void {
  const parts = value.split('/');
  const ok = !value.includes('*') && value.length <= 320 && parts.length <= 2 && parts.every((p) => p.length > 0)
    && (parts.length === 1 || isDns1123Label(parts[0]));
  if (!ok) {
    throw new ValidationError(scope, field, `must be '<namespace>/<service account>' or '<service account>' without wildcards, got ${show(value)}; e.g. 'shop/checkout'`);
  }
}

/** Istio's path checks: non-empty, starting with '/' or a '*' match, and `{*}`/`{**}` templates only as whole segments, `{**}` last. */
function checkPath(scope: IConstruct, field: string, value: string): string {
  const hint = "e.g. '/api/v1/products', '/static/*', '*.png' or '/users/{*}/orders'";
  if (value === '' || (!value.startsWith('/') && !value.startsWith('*'))) {
    throw new ValidationError(scope, field, `must start with '/' (or be a '*' match), got ${show(value)}; ${hint}`);
  }
  if (/[{}]/.test(value)) {
    const segments = value.replace(/^\/+|\/+$/g, '').split('/');
    let anySeen = false;
    for (const segment of segments) {
      const template = segment === '{*}' || segment === '{**}';
      if ((template && anySeen) || (!template && /[{}]/.test(segment)) || (!template && !/^[a-zA-Z0-9\-._~%!$&'()+,;:@=]+$/.test(segment))) {
        throw new ValidationError(scope, field, `uses path templates wrongly, got ${show(value)}; '{*}' and '{**}' must be whole segments, '{**}' the last template, ` +
          `and other segments plain characters — ${hint}`);
      }
      if (segment === '{**}') anySeen = true;
    }
  } else if (!isIstioStringMatch(value)) {
    throw new ValidationError(scope, field, `may contain '*' only once, at the start or the end, got ${show(value)}; ${hint}`);
  }
  return value;
}
