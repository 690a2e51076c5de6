import { Duration } from 'cdk8s';
import { IConstruct } from 'constructs';
import { checkIstioDuration } from '../../core/duration';
import { ValidationError } from '../../core/errors';
import { isDns1123Label, isDns1123Subdomain } from '../../core/names';
import { checkPort } from '../../core/port';
import { checkRe2 } from '../../core/re2';
import * as networking from '../../imports/networking';
import { FaultAbortType, FaultDelayType, HttpFault } from '../fault';
import {
  CorsPolicy, Delegate, DirectResponse, HeaderOperation, HeaderOperations, HttpRedirect, HttpRewrite, HttpRouteDestination,
  HttpRouteOptions, Mirror,
} from '../http-route';
import { TcpMatch, TcpRouteOptions, TlsMatch, TlsRouteOptions } from '../l4-route';
import { HttpRetryPolicy } from '../retry';
import { RouteDestination } from '../route-destination';
import { checkCidr, checkDnsLabel, checkInt, checkLabels, compact, INT32_MAX, l1, nonEmpty, nonEmptyMap } from './common';

/** A route's reference to a subset, checked against the app's DestinationRules at synthesis. */
export interface SubsetReference {
  readonly host: string;
  readonly subset: string;
  readonly field: string;
}

/** Collects what a rendered route refers to. */
export class RouteContext {
  public readonly subsetReferences: SubsetReference[] = [];
}

function checkSubsetName(scope: IConstruct, field: string, subset: string): string {
  return checkDnsLabel(scope, field, subset, 'use the name of a subset of the host\'s DestinationRule');
}

interface DestinationJson {
  readonly host: string;
  readonly subset?: string;
  readonly port?: { number: number };
}

function renderDestinationTarget(scope: IConstruct, field: string, d: RouteDestination | Mirror, ctx: RouteContext): DestinationJson {
  const host = d.host._resolve(scope, `${field}.host`);
  if (d.host.isWildcard) {
    throw new ValidationError(scope, `${field}.host`, `must be an exact host, got '${host}'; a route forwards to one service — use Host.fromService() or Host.fromName()`);
  }
  const subset = d.subset === undefined ? undefined : checkSubsetName(scope, `${field}.subset`, d.subset);
  if (subset !== undefined && !d.subsetDefinedExternally) ctx.subsetReferences.push({ host, subset, field: `${field}.subset` });
  return {
    host,
    subset,
    port: d.port === undefined ? undefined : { number: checkPort(scope, `${field}.port`, d.port) },
  };
}

/** Checks the weights of a route's destinations: integers 0–100, all set when several, not all 0. */
function checkWeights(scope: IConstruct, field: string, destinations: RouteDestination[]): void {
  destinations.forEach((d, i) => {
    checkInt(scope, `${field}[${i}].weight`, d.weight, 0, 100, 'weights are percentages of the route\'s traffic');
    if (destinations.length > 1 && d.weight === undefined) {
      throw new ValidationError(scope, `${field}[${i}].weight`, 'is required when a route has several destinations, got undefined; give every destination a weight from 0 to 100');
    }
  });
  const weights = destinations.map((d) => d.weight);
  if (weights.length > 0 && weights.every((w) => w === 0)) {
    throw new ValidationError(scope, field, `weights must not all be 0, got [${weights.join(', ')}]; give at least one destination a weight above 0`);
  }
}

interface HeaderOperationJson {
  readonly set?: Record<string, string>;
  readonly add?: Record<string, string>;
  readonly remove?: string[];
}

function renderHeaderOperation(scope: IConstruct, field: string, op: HeaderOperation | undefined): HeaderOperationJson | undefined {
  if (op === undefined) return undefined;
  const checkName = (f: string, name: string) => {
    if (!/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(name) || name.toLowerCase() === 'host') {
      throw new ValidationError(scope, f, `must be an HTTP header name Istio may change (a token, not 'host' or a ':' pseudo-header), got '${name}'; ` +
        'use rewrite.authority to change the host');
    }
  };
  for (const name of Object.keys(op.set ?? {})) checkName(`${field}.set.${name}`, name);
  for (const name of Object.keys(op.add ?? {})) checkName(`${field}.add.${name}`, name);
  (op.remove ?? []).forEach((name, i) => checkName(`${field}.remove[${i}]`, name));
  return compact({ set: nonEmptyMap(op.set), add: nonEmptyMap(op.add), remove: nonEmpty(op.remove) });
}

function renderHeaders(scope: IConstruct, field: string, h: HeaderOperations | undefined) {
  if (h === undefined) return undefined;
  return compact({
    request: renderHeaderOperation(scope, `${field}.request`, h.request),
    response: renderHeaderOperation(scope, `${field}.response`, h.response),
  });
}

function renderHttpDestinations(
  scope: IConstruct, field: string, destinations: HttpRouteDestination[], ctx: RouteContext,
): networking.VirtualServiceSpecHttpRoute[] {
  checkWeights(scope, field, destinations);
  return destinations.map((d, i) => ({
    destination: renderDestinationTarget(scope, `${field}[${i}]`, d, ctx),
    weight: d.weight,
    headers: renderHeaders(scope, `${field}[${i}].headers`, d.headers),
  }));
}

function renderL4Destinations(scope: IConstruct, field: string, destinations: RouteDestination[], ctx: RouteContext) {
  if (destinations.length === 0) {
    throw new ValidationError(scope, field, 'must have at least one destination, got none; add the host to forward connections to');
  }
  checkWeights(scope, field, destinations);
  return destinations.map((d, i) => ({ destination: renderDestinationTarget(scope, `${field}[${i}]`, d, ctx), weight: d.weight }));
}

/** Renders a retry policy; `timeout` is the route timeout it must fit in. */
export function renderRetries(
  scope: IConstruct, field: string, r: HttpRetryPolicy, timeout: Duration | undefined,
): networking.VirtualServiceSpecHttpRetries {
  checkInt(scope, `${field}.attempts`, r.attempts, 0, INT32_MAX, 'use 0 to disable retries');
  if (r.attempts === 0 && (r.perTryTimeout !== undefined || (r.retryOn ?? []).length > 0 || r.backoff !== undefined)) {
    throw new ValidationError(scope, field, 'retry settings have no effect when attempts is 0, got perTryTimeout/retryOn/backoff; set attempts above 0 or remove them');
  }
  const perTryTimeout = r.perTryTimeout === undefined ? undefined : checkIstioDuration(scope, `${field}.perTryTimeout`, r.perTryTimeout);
  if (r.perTryTimeout !== undefined && timeout !== undefined
    && r.perTryTimeout.toMilliseconds({ integral: false }) > timeout.toMilliseconds({ integral: false })) {
    throw new ValidationError(scope, `${field}.perTryTimeout`, `must not exceed the route timeout (${timeout.toHumanString()}), got ${r.perTryTimeout.toHumanString()}; ` +
      'the route timeout would end the first attempt before its per-try timeout, so no retry could happen — lower perTryTimeout or raise timeout');
  }
  const retryOn = (r.retryOn ?? []).map((c, i) => {
    const v = c.value;
    const isCode = /^\d+$/.test(v);
    if ((isCode && (Number(v) < 100 || Number(v) > 599)) || (!isCode && !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(v))) {
      throw new ValidationError(scope, `${field}.retryOn[${i}]`, `must be an Envoy retry condition or an HTTP status 100–599, got '${v}'; use the RetryOn constants or RetryOn.statusCode()`);
    }
    return v;
  });
  return {
    attempts: r.attempts,
    perTryTimeout,
    retryOn: retryOn.length > 0 ? retryOn.join(',') : undefined,
    retryRemoteLocalities: r.retryRemoteLocalities,
    retryIgnorePreviousHosts: r.retryIgnorePreviousHosts,
    backoff: r.backoff === undefined ? undefined : checkIstioDuration(scope, `${field}.backoff`, r.backoff),
  };
}

/** Renders fault injection. */
export function renderFault(scope: IConstruct, field: string, f: HttpFault): networking.VirtualServiceSpecHttpFault {
  if (f.delay === undefined && f.abort === undefined) {
    throw new ValidationError(scope, field, 'must inject a delay or an abort, got neither; set delay (FaultDelay.fixed()) or abort (FaultAbort.httpStatus())');
  }
  let delay: networking.VirtualServiceSpecHttpFaultDelay | undefined;
  if (f.delay) {
    const d = checkIstioDuration(scope, `${field}.delay.${f.delay.type === FaultDelayType.FIXED ? 'fixedDelay' : 'exponentialDelay'}`, f.delay.delay);
    delay = {
      fixedDelay: f.delay.type === FaultDelayType.FIXED ? d : undefined,
      exponentialDelay: f.delay.type === FaultDelayType.EXPONENTIAL ? d : undefined,
      percentage: f.delay.percentage === undefined ? undefined : { value: f.delay.percentage._resolve(scope, `${field}.delay.percentage`) },
    };
  }
  let abort: networking.VirtualServiceSpecHttpFaultAbort | undefined;
  if (f.abort) {
    const a = f.abort;
    if (a.type === FaultAbortType.HTTP_STATUS) checkInt(scope, `${field}.abort.httpStatus`, a.httpStatusCode, 200, 599, 'use an HTTP error status such as 503');
    if (a.type === FaultAbortType.HTTP2_ERROR && !a.errorName) {
      throw new ValidationError(scope, `${field}.abort.http2Error`, "must not be empty, got ''; give an HTTP/2 error name such as REFUSED_STREAM");
    }
    abort = {
      httpStatus: a.type === FaultAbortType.HTTP_STATUS ? a.httpStatusCode : undefined,
      grpcStatus: a.type === FaultAbortType.GRPC_STATUS ? a.errorName : undefined,
      http2Error: a.type === FaultAbortType.HTTP2_ERROR ? a.errorName : undefined,
      percentage: a.percentage === undefined ? undefined : { value: a.percentage._resolve(scope, `${field}.abort.percentage`) },
    };
  }
  return { delay, abort };
}

function renderRedirect(scope: IConstruct, field: string, r: HttpRedirect): networking.VirtualServiceSpecHttpRedirect {
  if (r.uri === undefined && r.authority === undefined && r.port === undefined && r.derivePort === undefined && r.scheme === undefined) {
    throw new ValidationError(scope, field, 'must change something, got no uri, authority, port, derivePort or scheme; set at least one of them');
  }
  if (r.port !== undefined && r.derivePort !== undefined) {
    throw new ValidationError(scope, field, `sets both port and derivePort, got ${r.port} and ${r.derivePort}; keep one of them`);
  }
  checkInt(scope, `${field}.redirectCode`, r.redirectCode, 300, 399, 'use a redirect status such as 301, 302, 307 or 308');
  return {
    uri: r.uri,
    authority: r.authority,
    port: r.port === undefined ? undefined : checkPort(scope, `${field}.port`, r.port),
    derivePort: l1(r.derivePort),
    scheme: r.scheme,
    redirectCode: r.redirectCode,
  };
}

function renderRewrite(scope: IConstruct, field: string, r: HttpRewrite): networking.VirtualServiceSpecHttpRewrite {
  if (r.uri === undefined && r.uriRegexRewrite === undefined && r.authority === undefined) {
    throw new ValidationError(scope, field, 'must change something, got no uri, uriRegexRewrite or authority; set at least one of them');
  }
  if (r.uri !== undefined && r.uriRegexRewrite !== undefined) {
    throw new ValidationError(scope, field, `sets both uri and uriRegexRewrite, got '${r.uri}' and '${r.uriRegexRewrite.match}'; keep one of them`);
  }
  return {
    uri: r.uri,
    authority: r.authority,
    uriRegexRewrite: r.uriRegexRewrite === undefined ? undefined : {
      match: checkRe2(scope, `${field}.uriRegexRewrite.match`, r.uriRegexRewrite.match),
      rewrite: r.uriRegexRewrite.rewrite,
    },
  };
}

function renderDirectResponse(scope: IConstruct, field: string, d: DirectResponse): networking.VirtualServiceSpecHttpDirectResponse {
  checkInt(scope, `${field}.status`, d.status, 200, 599, 'use an HTTP status such as 200, 404 or 503');
  return { status: d.status, body: d.body === undefined ? undefined : { string: d.body.text, bytes: d.body.base64 } };
}

function renderDelegate(scope: IConstruct, field: string, d: Delegate): networking.VirtualServiceSpecHttpDelegate {
  if (!isDns1123Subdomain(d.name)) {
    throw new ValidationError(scope, `${field}.name`, `must be a VirtualService name (DNS-1123 subdomain), got '${d.name}'; use the delegate VirtualService's metadata.name`);
  }
  if (d.namespace !== undefined && !isDns1123Label(d.namespace)) {
    throw new ValidationError(scope, `${field}.namespace`, `must be a namespace name (DNS-1123 label), got '${d.namespace}'; use the delegate's namespace`);
  }
  return { name: d.name, namespace: d.namespace };
}

function renderCors(scope: IConstruct, field: string, c: CorsPolicy): networking.VirtualServiceSpecHttpCorsPolicy {
  return {
    allowOrigins: nonEmpty(c.allowOrigins?.map((o, i) => o._render(scope, `${field}.allowOrigins[${i}]`))),
    allowMethods: nonEmpty(c.allowMethods?.map((m) => m as string)),
    allowHeaders: nonEmpty(c.allowHeaders),
    exposeHeaders: nonEmpty(c.exposeHeaders),
    maxAge: c.maxAge === undefined ? undefined : checkIstioDuration(scope, `${field}.maxAge`, c.maxAge),
    allowCredentials: c.allowCredentials,
    unmatchedPreflights: l1(c.unmatchedPreflights),
  };
}

/** Renders a mirror target (for `mirror`, or a `mirrors` entry). */
function renderMirrorTarget(scope: IConstruct, field: string, m: Mirror, ctx: RouteContext) {
  return renderDestinationTarget(scope, field, m, ctx);
}

/** Renders an HTTP route and records its subset references in `ctx`. */
export function renderHttpRoute(scope: IConstruct, field: string, o: HttpRouteOptions, ctx: RouteContext): networking.VirtualServiceSpecHttp {
  const actions = [
    o.destinations && o.destinations.length > 0 ? 'destinations' : undefined,
    o.redirect ? 'redirect' : undefined,
    o.directResponse ? 'directResponse' : undefined,
    o.delegate ? 'delegate' : undefined,
  ].filter((a): a is string => a !== undefined);
  if (actions.length !== 1) {
    throw new ValidationError(scope, field, `must do exactly one thing with a request, got ${actions.length === 0 ? 'none' : actions.join(' and ')}; ` +
      'set one of destinations, redirect, directResponse or delegate');
  }
  if (o.rewrite && (o.redirect || o.directResponse)) {
    throw new ValidationError(scope, `${field}.rewrite`, `has no effect with ${o.redirect ? 'redirect' : 'directResponse'}, got a rewrite; remove it or forward to destinations`);
  }
  if (o.fault && (o.redirect || o.directResponse)) {
    throw new ValidationError(scope, `${field}.fault`, `cannot be combined with ${o.redirect ? 'redirect' : 'directResponse'}, got a fault; inject faults on routes that forward to destinations`);
  }
  if (o.mirror && o.mirrors && o.mirrors.length > 0) {
    throw new ValidationError(scope, field, `sets both mirror and mirrors, got 1 and ${o.mirrors.length}; put every mirror in mirrors`);
  }
  const timeout = o.timeout === undefined ? undefined : checkIstioDuration(scope, `${field}.timeout`, o.timeout);
  return {
    name: o.name,
    match: nonEmpty(o.matches?.map((m, i) => m._render(scope, `${field}.matches[${i}]`))),
    route: o.destinations && o.destinations.length > 0 ? renderHttpDestinations(scope, `${field}.destinations`, o.destinations, ctx) : undefined,
    redirect: o.redirect === undefined ? undefined : renderRedirect(scope, `${field}.redirect`, o.redirect),
    directResponse: o.directResponse === undefined ? undefined : renderDirectResponse(scope, `${field}.directResponse`, o.directResponse),
    delegate: o.delegate === undefined ? undefined : renderDelegate(scope, `${field}.delegate`, o.delegate),
    rewrite: o.rewrite === undefined ? undefined : renderRewrite(scope, `${field}.rewrite`, o.rewrite),
    timeout,
    retries: o.retries === undefined ? undefined : renderRetries(scope, `${field}.retries`, o.retries, o.timeout),
    fault: o.fault === undefined ? undefined : renderFault(scope, `${field}.fault`, o.fault),
    mirror: o.mirror === undefined ? undefined : renderMirrorTarget(scope, `${field}.mirror`, o.mirror, ctx),
    mirrorPercentage: o.mirror?.percentage === undefined ? undefined : { value: o.mirror.percentage._resolve(scope, `${field}.mirror.percentage`) },
    mirrors: nonEmpty(o.mirrors?.map((m, i) => ({
      destination: renderMirrorTarget(scope, `${field}.mirrors[${i}]`, m, ctx),
      percentage: m.percentage === undefined ? undefined : { value: m.percentage._resolve(scope, `${field}.mirrors[${i}].percentage`) },
    }))),
    headers: renderHeaders(scope, `${field}.headers`, o.headers),
    corsPolicy: o.corsPolicy === undefined ? undefined : renderCors(scope, `${field}.corsPolicy`, o.corsPolicy),
  };
}

function renderL4MatchCommon(scope: IConstruct, field: string, m: TcpMatch | TlsMatch) {
  return {
    destinationSubnets: nonEmpty(m.destinationSubnets?.map((s, i) => checkCidr(scope, `${field}.destinationSubnets[${i}]`, s))),
    port: m.port === undefined ? undefined : checkPort(scope, `${field}.port`, m.port),
    sourceLabels: nonEmptyMap(checkLabels(scope, `${field}.sourceLabels`, m.sourceLabels)),
    sourceNamespace: m.sourceNamespace === undefined ? undefined
      : checkDnsLabel(scope, `${field}.sourceNamespace`, m.sourceNamespace, 'use the namespace name of the calling workloads'),
    gateways: nonEmpty(m.gateways?.map((g, i) => g._resolve(scope, `${field}.gateways[${i}]`))),
  };
}

/** Renders a TCP route. */
export function renderTcpRoute(scope: IConstruct, field: string, o: TcpRouteOptions, ctx: RouteContext): networking.VirtualServiceSpecTcp {
  return {
    match: nonEmpty(o.matches?.map((m, i) => ({
      ...renderL4MatchCommon(scope, `${field}.matches[${i}]`, m),
      sourceSubnet: m.sourceSubnet === undefined ? undefined : checkCidr(scope, `${field}.matches[${i}].sourceSubnet`, m.sourceSubnet),
    }))),
    route: renderL4Destinations(scope, `${field}.destinations`, o.destinations, ctx),
  };
}

/** Renders a TLS route. */
export function renderTlsRoute(scope: IConstruct, field: string, o: TlsRouteOptions, ctx: RouteContext): networking.VirtualServiceSpecTls {
  if (o.matches.length === 0) {
    throw new ValidationError(scope, `${field}.matches`, 'must have at least one match, got none; match the SNI names this route is for');
  }
  return {
    match: o.matches.map((m, i) => {
      if (m.sniHosts.length === 0) {
        throw new ValidationError(scope, `${field}.matches[${i}].sniHosts`, 'must list at least one SNI host, got none; add the TLS server names to route');
      }
      return {
        ...renderL4MatchCommon(scope, `${field}.matches[${i}]`, m),
        sniHosts: m.sniHosts.map((h, j) => h._resolve(scope, `${field}.matches[${i}].sniHosts[${j}]`)),
      };
    }),
    route: renderL4Destinations(scope, `${field}.destinations`, o.destinations, ctx),
  };
}
