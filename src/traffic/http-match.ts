import * as kplus from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import { GatewayReference } from './gateway-reference';
import { ValidationError } from '../core/errors';
import { checkPort } from '../core/port';
import * as networking from '../imports/networking';
import { checkDnsLabel, checkHeaderName, checkLabels, mapValues, nonEmpty, nonEmptyMap } from './private/common';
import { HttpMethod, StringMatch } from './string-match';

/**
 * The conditions of one HTTP match (Istio `HTTPMatchRequest`); all conditions must hold.
 */
export interface HttpMatchOptions {
  /**
   * Name of the match, appended to the route name in access logs and stats.
   * @default - none
   */
  readonly name?: string;
  /**
   * URI path.
   * @default - any URI
   */
  readonly uri?: StringMatch;
  /**
   * URI scheme (`http`, `https`).
   * @default - any scheme
   */
  readonly scheme?: StringMatch;
  /**
   * HTTP method.
   * @default - any method
   */
  readonly method?: StringMatch;
  /**
   * HTTP authority (Host header).
   * @default - any authority
   */
  readonly authority?: StringMatch;
  /**
   * Request headers that must match (lowercase names). A name `@request.auth.claims.<claim>` matches a validated JWT
   * claim (on gateways, with RequestAuthentication).
   * @default - no header condition
   */
  readonly headers?: { [name: string]: StringMatch };
  /**
   * Request headers that must not match (lowercase names).
   * @default - no condition
   */
  readonly withoutHeaders?: { [name: string]: StringMatch };
  /**
   * Query parameters that must match.
   * @default - no query parameter condition
   */
  readonly queryParams?: { [name: string]: StringMatch };
  /**
   * Port the request was addressed to (for hosts with several ports).
   * @default - any port
   */
  readonly port?: number;
  /**
   * Labels of the calling workload (sidecar traffic only).
   * @default - any caller
   */
  readonly sourceLabels?: { [key: string]: string };
  /**
   * Namespace of the calling workload (sidecar traffic only).
   * @default - any namespace
   */
  readonly sourceNamespace?: string;
  /**
   * Gateways this match applies to, overriding the VirtualService's gateways.
   * @default - the VirtualService's gateways
   */
  readonly gateways?: GatewayReference[];
  /**
   * Match the URI case-insensitively (exact and prefix matches).
   * @default false
   */
  readonly ignoreUriCase?: boolean;
  /**
   * Prefix for the stats Envoy emits for this route.
   * @default - none
   */
  readonly statPrefix?: string;
}

const SINGLE_FIELDS = ['name', 'uri', 'scheme', 'method', 'authority', 'port', 'sourceNamespace', 'ignoreUriCase', 'statPrefix'] as const;
const MAP_FIELDS = ['headers', 'withoutHeaders', 'queryParams', 'sourceLabels'] as const;

/**
 * One HTTP match condition set (Istio `HTTPMatchRequest`). A route with several `HttpMatch`es applies when any of
 * them matches; within one `HttpMatch` every condition must hold. Combine conditions with `withConditions()`.
 *
 * @example
 * HttpMatch.prefix('/api/')
 * HttpMatch.header('end-user', StringMatch.exact('jason'))
 * HttpMatch.prefix('/api/').withConditions(HttpMatch.method(HttpMethod.POST))
 */
export class HttpMatch {
  /**
   * A match with any combination of conditions.
   * @param options the conditions
   */
  public static of(options: HttpMatchOptions): HttpMatch {
    return new HttpMatch({ ...options });
  }

  /**
   * The URI path equals `path`.
   * @param path the path
   */
  public static exact(path: string): HttpMatch {
    return new HttpMatch({ uri: StringMatch.exact(path) });
  }

  /**
   * The URI path starts with `path`.
   * @param path the prefix
   */
  public static prefix(path: string): HttpMatch {
    return new HttpMatch({ uri: StringMatch.prefix(path) });
  }

  /**
   * The URI path matches an RE2 regex.
   * @param pattern the regex
   */
  public static regex(pattern: string): HttpMatch {
    return new HttpMatch({ uri: StringMatch.regex(pattern) });
  }

  /**
   * A request header matches.
   * @param name lowercase header name
   * @param match how its value must match
   */
  public static header(name: string, match: StringMatch): HttpMatch {
    return new HttpMatch({ headers: { [name]: match } });
  }

  /**
   * A request header does not match.
   * @param name lowercase header name
   * @param match the value that must not match
   */
  public static withoutHeader(name: string, match: StringMatch): HttpMatch {
    return new HttpMatch({ withoutHeaders: { [name]: match } });
  }

  /**
   * A cookie has a value: a regex on the `cookie` header, `^(.*?;)?(<name>=<value>)(;.*)?$` (the pattern Istio's
   * documentation uses).
   * @param name the cookie name
   * @param value the cookie value
   */
  public static cookie(name: string, value: string): HttpMatch {
    return new HttpMatch({ headers: { cookie: StringMatch.regex(`^(.*?;)?(${escapeRegex(name)}=${escapeRegex(value)})(;.*)?$`) } });
  }

  /**
   * A query parameter matches.
   * @param name the parameter name
   * @param match how its value must match
   */
  public static queryParam(name: string, match: StringMatch): HttpMatch {
    return new HttpMatch({ queryParams: { [name]: match } });
  }

  /**
   * The request method.
   * @param method the method
   */
  public static method(method: HttpMethod): HttpMatch {
    return new HttpMatch({ method: StringMatch.exact(method) });
  }

  /**
   * The authority (Host header).
   * @param match how it must match
   */
  public static authority(match: StringMatch): HttpMatch {
    return new HttpMatch({ authority: match });
  }

  /**
   * The port the request was sent to.
   * @param port the port, 1–65535
   */
  public static port(port: number): HttpMatch {
    return new HttpMatch({ port });
  }

  /**
   * Requests from workloads with these labels.
   * @param labels the caller's labels
   */
  public static sourceLabels(labels: { [key: string]: string }): HttpMatch {
    return new HttpMatch({ sourceLabels: { ...labels } });
  }

  /**
   * Requests from the pods of a cdk8s-plus workload (by its pod selector labels, as they are when this is called).
   * @param workload the calling workload
   */
  public static sourceWorkload(workload: kplus.Workload): HttpMatch {
    return new HttpMatch({ sourceLabels: workload.matchLabels });
  }

  /**
   * Requests from workloads in a namespace.
   * @param namespace the caller's namespace
   */
  public static sourceNamespace(namespace: string): HttpMatch {
    return new HttpMatch({ sourceNamespace: namespace });
  }

  private readonly options: HttpMatchOptions;
  private readonly conflicts: string[];

  private constructor(options: HttpMatchOptions, conflicts: string[] = []) {
    this.options = options;
    this.conflicts = conflicts;
  }

  /** The conditions of this match. */
  public get conditions(): HttpMatchOptions {
    return { ...this.options };
  }

  /**
   * A match that requires the conditions of this one and of `other` (both must hold). Setting the same single
   * condition (e.g. `uri`) in both, or the same header twice, is reported as an error when the match is used.
   * @param other more conditions
   */
  public withConditions(other: HttpMatch): HttpMatch {
    const merged: Record<string, unknown> = { ...this.options };
    const conflicts = [...this.conflicts, ...other.conflicts];
    const o = other.options as Record<string, unknown>;
    for (const key of SINGLE_FIELDS) {
      if (o[key] === undefined) continue;
      if (merged[key] !== undefined) conflicts.push(key);
      merged[key] = o[key];
    }
    for (const key of MAP_FIELDS) {
      const theirs = o[key] as Record<string, unknown> | undefined;
      if (!theirs) continue;
      const mine = { ...(merged[key] as Record<string, unknown> | undefined) };
      for (const [k, v] of Object.entries(theirs)) {
        if (k in mine) conflicts.push(`${key}.${k}`);
        mine[k] = v;
      }
      merged[key] = mine;
    }
    if (other.options.gateways) merged.gateways = [...(this.options.gateways ?? []), ...other.options.gateways];
    return new HttpMatch(merged as HttpMatchOptions, conflicts);
  }

  /**
   * Checks the conditions and renders the L1 match.
   * @internal
   */
  public _render(scope: IConstruct, field: string): networking.VirtualServiceSpecHttpMatch {
    if (this.conflicts.length > 0) {
      throw new ValidationError(scope, field, `combines conditions that each set ${this.conflicts.map((c) => `'${c}'`).join(', ')} twice, got both values; ` +
        'a request has one value per condition — use two HttpMatch entries (any of them matches) instead');
    }
    const o = this.options;
    const renderMap = (name: string, values: Record<string, StringMatch> | undefined, headerNames: boolean) =>
      nonEmptyMap(mapValues(values, (m, k) => {
        if (headerNames) checkHeaderName(scope, `${field}.${name}.${k}`, k, name === 'headers');
        else if (k === '') throw new ValidationError(scope, `${field}.${name}`, "parameter name must not be empty, got ''; give the query parameter name");
        return m._render(scope, `${field}.${name}.${k}`);
      }));
    return {
      name: o.name,
      uri: o.uri?._render(scope, `${field}.uri`),
      scheme: o.scheme?._render(scope, `${field}.scheme`),
      method: o.method?._render(scope, `${field}.method`),
      authority: o.authority?._render(scope, `${field}.authority`),
      headers: renderMap('headers', o.headers, true),
      withoutHeaders: renderMap('withoutHeaders', o.withoutHeaders, true),
      queryParams: renderMap('queryParams', o.queryParams, false),
      port: o.port === undefined ? undefined : checkPort(scope, `${field}.port`, o.port),
      sourceLabels: nonEmptyMap(checkLabels(scope, `${field}.sourceLabels`, o.sourceLabels)),
      sourceNamespace: o.sourceNamespace === undefined ? undefined
        : checkDnsLabel(scope, `${field}.sourceNamespace`, o.sourceNamespace, 'use the namespace name of the calling workloads'),
      gateways: nonEmpty(o.gateways?.map((g, i) => g._resolve(scope, `${field}.gateways[${i}]`))),
      ignoreUriCase: o.ignoreUriCase,
      statPrefix: o.statPrefix,
    };
  }
}

function escapeRegex(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
