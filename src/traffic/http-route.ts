import { Duration } from 'cdk8s';
import { HttpFault } from './fault';
import { HttpMatch } from './http-match';
import { HttpRetryPolicy } from './retry';
import { RouteDestination } from './route-destination';
import { HttpMethod, StringMatch } from './string-match';
import { Host } from '../core/host';
import { Percent } from '../core/percent';

/** Header changes (Istio `Headers.HeaderOperations`). */
export interface HeaderOperation {
  /**
   * Headers to overwrite.
   * @default - none
   */
  readonly set?: { [name: string]: string };
  /**
   * Headers to append to.
   * @default - none
   */
  readonly add?: { [name: string]: string };
  /**
   * Headers to remove.
   * @default - none
   */
  readonly remove?: string[];
}

/** Request and response header manipulation (Istio `Headers`). */
export interface HeaderOperations {
  /**
   * Changes to the request before forwarding it.
   * @default - none
   */
  readonly request?: HeaderOperation;
  /**
   * Changes to the response before returning it.
   * @default - none
   */
  readonly response?: HeaderOperation;
}

/** Where an HTTP route forwards requests, with per-destination header changes. */
export interface HttpRouteDestination extends RouteDestination {
  /**
   * Header changes applied when this destination is chosen.
   * @default - none
   */
  readonly headers?: HeaderOperations;
}

/** How a redirect sets the port. */
export enum RedirectPortDerivation {
  /** 80 for HTTP and 443 for HTTPS. */
  FROM_PROTOCOL_DEFAULT = 'FROM_PROTOCOL_DEFAULT',
  /** The port of the request. */
  FROM_REQUEST_PORT = 'FROM_REQUEST_PORT',
}

/** An HTTP redirect response (Istio `HTTPRedirect`). At least one of uri, authority, port, derivePort or scheme. */
export interface HttpRedirect {
  /**
   * Replaces the path.
   * @default - unchanged
   */
  readonly uri?: string;
  /**
   * Replaces the authority (host).
   * @default - unchanged
   */
  readonly authority?: string;
  /**
   * Replaces the port (not with `derivePort`).
   * @default - unchanged
   */
  readonly port?: number;
  /**
   * Derives the port (not with `port`).
   * @default - unchanged
   */
  readonly derivePort?: RedirectPortDerivation;
  /**
   * Replaces the scheme (`https`).
   * @default - unchanged
   */
  readonly scheme?: string;
  /**
   * Status code of the redirect, 300–399.
   * @default 301
   */
  readonly redirectCode?: number;
}

/** A regex rewrite of the path. */
export interface RegexRewrite {
  /** RE2 regex matched against the path. */
  readonly match: string;
  /** Replacement; `\1` etc. refer to capture groups. */
  readonly rewrite: string;
}

/** Rewrites before forwarding (Istio `HTTPRewrite`). At least one field. */
export interface HttpRewrite {
  /**
   * Replaces the matched prefix (or the whole path for exact/regex matches).
   * @default - unchanged
   */
  readonly uri?: string;
  /**
   * Rewrites the path with a regex (not with `uri`).
   * @default - unchanged
   */
  readonly uriRegexRewrite?: RegexRewrite;
  /**
   * Replaces the authority (Host header).
   * @default - unchanged
   */
  readonly authority?: string;
}

/** The body of a direct response. */
export class DirectResponseBody {
  /**
   * A text body.
   * @param text the body
   */
  public static fromString(text: string): DirectResponseBody {
    return new DirectResponseBody(text, undefined);
  }

  /**
   * A binary body, base64-encoded.
   * @param base64 the body in base64
   */
  public static fromBase64(base64: string): DirectResponseBody {
    return new DirectResponseBody(undefined, base64);
  }

  /** The text body. */
  public readonly text?: string;
  /** The base64 body. */
  public readonly base64?: string;

  private constructor(text: string | undefined, base64: string | undefined) {
    this.text = text;
    this.base64 = base64;
  }
}

/** A fixed response returned without forwarding (Istio `HTTPDirectResponse`). */
export interface DirectResponse {
  /** HTTP status, 200–599. */
  readonly status: number;
  /**
   * The body.
   * @default - empty
   */
  readonly body?: DirectResponseBody;
}

/** Hands the route over to another VirtualService (Istio `Delegate`). */
export interface Delegate {
  /** Name of the delegate VirtualService (which must have no hosts). */
  readonly name: string;
  /**
   * Its namespace.
   * @default - the namespace of this VirtualService
   */
  readonly namespace?: string;
}

/** Traffic copied to another destination (responses are discarded). */
export interface Mirror {
  /** The host receiving the copies. */
  readonly host: Host;
  /**
   * A subset of that host.
   * @default - every endpoint
   */
  readonly subset?: string;
  /**
   * Port on that host.
   * @default - its only port
   */
  readonly port?: number;
  /**
   * Share of requests copied.
   * @default - every request
   */
  readonly percentage?: Percent;
  /**
   * The subset is defined by a DestinationRule outside this app (see `RouteDestination.subsetDefinedExternally`).
   * @default false
   */
  readonly subsetDefinedExternally?: boolean;
}

/** What the proxy does with CORS preflight requests whose origin is not allowed. */
export enum CorsUnmatchedPreflights {
  /** Forward them to the upstream. */
  FORWARD = 'FORWARD',
  /** Answer them without CORS headers, do not forward. */
  IGNORE = 'IGNORE',
}

/** Cross-origin resource sharing (Istio `CorsPolicy`). */
export interface CorsPolicy {
  /**
   * Origins allowed.
   * @default - none
   */
  readonly allowOrigins?: StringMatch[];
  /**
   * Methods allowed.
   * @default - none
   */
  readonly allowMethods?: HttpMethod[];
  /**
   * Request headers allowed.
   * @default - none
   */
  readonly allowHeaders?: string[];
  /**
   * Response headers the browser may read.
   * @default - none
   */
  readonly exposeHeaders?: string[];
  /**
   * How long preflight results may be cached, at least 1ms.
   * @default - not set
   */
  readonly maxAge?: Duration;
  /**
   * Whether credentials are allowed.
   * @default - not set
   */
  readonly allowCredentials?: boolean;
  /**
   * What to do with preflights whose origin does not match.
   * @default - Istio default (FORWARD)
   */
  readonly unmatchedPreflights?: CorsUnmatchedPreflights;
}

/**
 * The resilience settings of an HTTP route: timeout, retries, fault injection and mirroring. Shared by
 * `HttpRouteOptions` and the intent constructs (`RoutePolicy`, `CanaryRoute`, `AbTest`, `IngressRoute`).
 */
export interface HttpRoutePolicy {
  /**
   * Overall timeout of a request including retries, at least 1ms.
   * @default - no timeout (Istio default)
   */
  readonly timeout?: Duration;
  /**
   * Retries.
   * @default - Istio default (2 attempts on connect failures and refused streams)
   */
  readonly retries?: HttpRetryPolicy;
  /**
   * Fault injection (delays and aborts).
   * @default - none
   */
  readonly fault?: HttpFault;
  /**
   * Copy requests to another destination (`mirror` + `mirrorPercentage`).
   * @default - none
   */
  readonly mirror?: Mirror;
}

/**
 * An HTTP route of a VirtualService (Istio `HTTPRoute`). Exactly one of `destinations`, `redirect`,
 * `directResponse` or `delegate`.
 */
export interface HttpRouteOptions extends HttpRoutePolicy {
  /**
   * Route name (access logs, stats, and what Argo Rollouts / Flagger refer to). Unique in a VirtualService.
   * @default - unnamed
   */
  readonly name?: string;
  /**
   * Conditions; the route applies when any of them matches.
   * @default - every request
   */
  readonly matches?: HttpMatch[];
  /**
   * Forward to these destinations (weighted).
   * @default - none
   */
  readonly destinations?: HttpRouteDestination[];
  /**
   * Answer with a redirect.
   * @default - none
   */
  readonly redirect?: HttpRedirect;
  /**
   * Answer with a fixed response.
   * @default - none
   */
  readonly directResponse?: DirectResponse;
  /**
   * Delegate to another VirtualService.
   * @default - none
   */
  readonly delegate?: Delegate;
  /**
   * Rewrite the path and authority before forwarding.
   * @default - none
   */
  readonly rewrite?: HttpRewrite;
  /**
   * Copy requests to several destinations (`mirrors`; not with `mirror`).
   * @default - none
   */
  readonly mirrors?: Mirror[];
  /**
   * Header manipulation for every destination.
   * @default - none
   */
  readonly headers?: HeaderOperations;
  /**
   * CORS.
   * @default - none
   */
  readonly corsPolicy?: CorsPolicy;
}

/** A route added to a VirtualService. */
export interface HttpRoute {
  /**
   * The route name.
   * @default - unnamed
   */
  readonly name?: string;
  /** Position in the VirtualService's `http` list (routes are evaluated in order; the first match wins). */
  readonly index: number;
}
