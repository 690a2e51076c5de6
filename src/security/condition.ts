import { IConstruct } from 'constructs';
import { ValidationError } from '../core/errors';
import { checkIpBlocks, show } from './private/checks';

/** How the values of a condition key are checked. */
enum ValueKind {
  ANY = 'any',
  IP = 'ip',
  PORT = 'port',
  SERVICE_ACCOUNT = 'serviceAccount',
}

/** Keys of the form `name[inner]` (headers, claims, experimental filters). */
const MAP_KEY = /^(request\.headers|request\.experimental\.inline\.headers|request\.auth\.claims|experimental\.envoy\.filters\.[^[\]]+)((\[[^[\]]+\])+)$/;

/** Plain keys Istio's AuthorizationPolicy understands, with the kind of their values. */
const PLAIN_KEYS: Record<string, ValueKind> = {
  'source.ip': ValueKind.IP,
  'remote.ip': ValueKind.IP,
  'source.namespace': ValueKind.ANY,
  'source.serviceAccount': ValueKind.SERVICE_ACCOUNT,
  'source.principal': ValueKind.ANY,
  'request.auth.principal': ValueKind.ANY,
  'request.auth.audiences': ValueKind.ANY,
  'request.auth.presenter': ValueKind.ANY,
  'destination.ip': ValueKind.IP,
  'destination.port': ValueKind.PORT,
  'connection.sni': ValueKind.ANY,
};

/**
 * An attribute an AuthorizationPolicy condition (`when`) tests. The well-known keys have factories; `of()` takes any
 * key Istio supports and rejects the rest (including the removed `destination.labels`, `destination.namespace`, ...).
 *
 * @example
 * ConditionKey.requestClaim('groups')               // request.auth.claims[groups]
 * ConditionKey.requestClaim('realm_access', 'roles') // request.auth.claims[realm_access][roles]
 * ConditionKey.requestHeader('x-tenant')            // request.headers[x-tenant]
 */
export class ConditionKey {
  /** The IP of the direct peer (`source.ip`); values are IPs or CIDR blocks. */
  public static sourceIp(): ConditionKey {
    return new ConditionKey('source.ip', ValueKind.IP);
  }

  /** The original client IP from `X-Forwarded-For` or the PROXY protocol (`remote.ip`); values are IPs or CIDR blocks. */
  public static remoteIp(): ConditionKey {
    return new ConditionKey('remote.ip', ValueKind.IP);
  }

  /** The namespace of the peer's mTLS identity (`source.namespace`). */
  public static sourceNamespace(): ConditionKey {
    return new ConditionKey('source.namespace', ValueKind.ANY);
  }

  /** The peer's ServiceAccount (`source.serviceAccount`); values are `<namespace>/<name>` or `<name>`. */
  public static sourceServiceAccount(): ConditionKey {
    return new ConditionKey('source.serviceAccount', ValueKind.SERVICE_ACCOUNT);
  }

  /** The peer's mTLS identity (`source.principal`), `<trust domain>/ns/<namespace>/sa/<name>`. */
  public static sourcePrincipal(): ConditionKey {
    return new ConditionKey('source.principal', ValueKind.ANY);
  }

  /** The validated JWT's `<iss>/<sub>` (`request.auth.principal`). */
  public static requestPrincipal(): ConditionKey {
    return new ConditionKey('request.auth.principal', ValueKind.ANY);
  }

  /** The validated JWT's audiences (`request.auth.audiences`). */
  public static requestAudiences(): ConditionKey {
    return new ConditionKey('request.auth.audiences', ValueKind.ANY);
  }

  /** The validated JWT's authorized presenter, `azp` (`request.auth.presenter`). */
  public static requestPresenter(): ConditionKey {
    return new ConditionKey('request.auth.presenter', ValueKind.ANY);
  }

  /**
   * A claim of the validated JWT (`request.auth.claims[<name>]`); several names address a nested claim
   * (`request.auth.claims[a][b]`). String and string-list claims are matched.
   * @param name the claim name
   * @param nested names of nested claims, outermost first
   */
  public static requestClaim(name: string, ...nested: string[]): ConditionKey {
    const path = [name, ...nested];
    const bad = path.find((p) => p.length === 0 || /[[\]]/.test(p));
    return new ConditionKey(`request.auth.claims${path.map((p) => `[${p}]`).join('')}`, ValueKind.ANY,
      bad === undefined ? undefined : `claim names must be non-empty and contain no '[' or ']', got ${show(bad)}; pass each level of a nested claim separately`);
  }

  /**
   * An HTTP request header (`request.headers[<name>]`).
   * @param name the header name
   */
  public static requestHeader(name: string): ConditionKey {
    const ok = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(name);
    return new ConditionKey(`request.headers[${name}]`, ValueKind.ANY,
      ok ? undefined : `header name must be an HTTP token, got ${show(name)}; e.g. 'x-tenant'`);
  }

  /** The destination workload IP (`destination.ip`); values are IPs or CIDR blocks. */
  public static destinationIp(): ConditionKey {
    return new ConditionKey('destination.ip', ValueKind.IP);
  }

  /** The destination port of the workload (`destination.port`); values are port numbers. */
  public static destinationPort(): ConditionKey {
    return new ConditionKey('destination.port', ValueKind.PORT);
  }

  /** The TLS server name of the connection (`connection.sni`), e.g. the external host at an egress gateway. */
  public static connectionSni(): ConditionKey {
    return new ConditionKey('connection.sni', ValueKind.ANY);
  }

  /**
   * Any key Istio supports, written out (e.g. `experimental.envoy.filters.network.mysql_proxy[db.table]`).
   * @param key the attribute key
   */
  public static of(key: string): ConditionKey {
    const plain = PLAIN_KEYS[key];
    if (plain !== undefined) return new ConditionKey(key, plain);
    if (MAP_KEY.test(key)) return new ConditionKey(key, ValueKind.ANY);
    const removed = key === 'destination.namespace' ? 'use the policy\'s namespace (metadata.namespace)'
      : key.startsWith('destination.labels') ? 'use the policy\'s selector'
        : key === 'destination.name' || key === 'destination.user' ? 'these v1alpha1 attributes are gone; use the selector'
          : 'use a ConditionKey factory (sourceIp(), requestClaim(), requestHeader(), ...)';
    return new ConditionKey(key, ValueKind.ANY, `is not an attribute Istio's AuthorizationPolicy supports, got ${show(key)}; ${removed}`);
  }

  /** The rendered key. */
  public readonly key: string;

  private constructor(key: string, private readonly kind: ValueKind, private readonly problem?: string) {
    this.key = key;
  }

  /**
   * Checks the key and its values; returns the rendered key.
   * @internal
   */
  public _resolve(scope: IConstruct, field: string, values: string[], valuesField: string): string {
    if (this.problem !== undefined) throw new ValidationError(scope, `${field}.key`, this.problem);
    values.forEach((v, i) => {
      if (v === '') {
        throw new ValidationError(scope, `${valuesField}[${i}]`, `must not be empty, got ''; give a value for ${this.key}`);
      }
    });
    if (this.kind === ValueKind.IP) checkIpBlocks(scope, valuesField, values);
    if (this.kind === ValueKind.PORT) {
      values.forEach((v, i) => {
        if (!/^\d{1,5}$/.test(v) || Number(v) > 65535) {
          throw new ValidationError(scope, `${valuesField}[${i}]`, `must be a port number from 0 to 65535, got ${show(v)}; write the port as a decimal string`);
        }
      });
    }
    if (this.kind === ValueKind.SERVICE_ACCOUNT) {
      values.forEach((v, i) => {
        if (v.includes('*') || !/^([^/]+\/)?[^/]+$/.test(v)) {
          throw new ValidationError(scope, `${valuesField}[${i}]`, `must be '<namespace>/<service account>' or '<service account>' without wildcards, got ${show(v)}; e.g. 'shop/checkout'`);
        }
      });
    }
    return this.key;
  }
}

/** A condition of an authorization rule (Istio `Condition`): the key's value must (not) be one of the values. */
export interface Condition {
  /** The attribute tested. */
  readonly key: ConditionKey;
  /**
   * The rule applies when the attribute equals one of these (exact, `prefix*`, `*suffix` or `*`).
   * @default - not tested (give values or notValues)
   */
  readonly values?: string[];
  /**
   * The rule applies when the attribute equals none of these.
   * @default - not tested (give values or notValues)
   */
  readonly notValues?: string[];
}
