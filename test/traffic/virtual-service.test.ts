import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { describe, expect, it } from 'vitest';
import { constructErrors, newChart, one, synth } from './util';
import {
  CorsUnmatchedPreflights, DestinationRule, DirectResponseBody, ExportTo, FaultAbort, FaultDelay, GatewayReference, GrpcStatus, Host,
  HttpMatch, HttpMethod, HttpRouteOptions, Percent, RedirectPortDerivation, RetryOn, StringMatch, VirtualService,
} from '../../src';

const reviews = Host.fromServiceName('reviews', 'shop');
const ratings = Host.fromServiceName('ratings', 'shop');

function withRule(chart = newChart()) {
  new DestinationRule(chart, 'Rule', { host: reviews, subsets: [{ name: 'v1', labels: { version: 'v1' } }, { name: 'v2', labels: { version: 'v2' } }] });
  return chart;
}

describe('VirtualService', () => {
  it('renders an HTTP route with every field', () => {
    const chart = withRule();
    const vs = new VirtualService(chart, 'Reviews', {
      metadata: { name: 'reviews' },
      hosts: [reviews],
      gateways: [GatewayReference.mesh(), GatewayReference.fromName('public', 'istio-system')],
      exportTo: [ExportTo.sameNamespace(), ExportTo.namespace('frontend')],
    });
    const route = vs.addHttpRoute({
      name: 'api',
      matches: [
        HttpMatch.prefix('/api/').withConditions(HttpMatch.method(HttpMethod.POST)).withConditions(HttpMatch.header('x-tenant', StringMatch.regex('^t-[0-9]+$'))),
        HttpMatch.of({
          name: 'internal',
          uri: StringMatch.exact('/internal'),
          scheme: StringMatch.exact('https'),
          authority: StringMatch.prefix('reviews'),
          queryParams: { debug: StringMatch.exact('1') },
          withoutHeaders: { 'x-skip': StringMatch.exact('true') },
          port: 9080,
          sourceLabels: { app: 'productpage' },
          sourceNamespace: 'shop',
          gateways: [GatewayReference.mesh()],
          ignoreUriCase: true,
          statPrefix: 'internal',
        }),
      ],
      destinations: [
        { host: reviews, subset: 'v1', port: 9080, weight: 90, headers: { request: { set: { 'x-version': 'v1' } } } },
        { host: reviews, subset: 'v2', port: 9080, weight: 10 },
      ],
      rewrite: { uri: '/v1/api/', authority: 'reviews.internal' },
      timeout: Duration.seconds(10),
      retries: {
        attempts: 3,
        perTryTimeout: Duration.seconds(2),
        retryOn: [RetryOn.FIVE_XX, RetryOn.CONNECT_FAILURE, RetryOn.statusCode(409)],
        retryRemoteLocalities: true,
        retryIgnorePreviousHosts: true,
        backoff: Duration.millis(50),
      },
      fault: { delay: FaultDelay.fixed(Duration.millis(1500), Percent.of(5)), abort: FaultAbort.httpStatus(503, Percent.of(0.5)) },
      mirror: { host: ratings, port: 9080, percentage: Percent.of(20) },
      headers: { request: { add: { 'x-trace': '1' }, remove: ['x-debug'] }, response: { set: { 'cache-control': 'no-store' } } },
      corsPolicy: {
        allowOrigins: [StringMatch.exact('https://shop.example.com'), StringMatch.regex('^https://.*\\.example\\.com$')],
        allowMethods: [HttpMethod.GET, HttpMethod.POST],
        allowHeaders: ['content-type'],
        exposeHeaders: ['x-request-id'],
        maxAge: Duration.hours(1),
        allowCredentials: true,
        unmatchedPreflights: CorsUnmatchedPreflights.IGNORE,
      },
    });
    expect(route).toEqual({ name: 'api', index: 0 });
    const spec = one(synth(chart), 'VirtualService').spec;
    expect(spec.hosts).toEqual(['reviews.shop.svc.cluster.local']);
    expect(spec.gateways).toEqual(['mesh', 'istio-system/public']);
    expect(spec.exportTo).toEqual(['.', 'frontend']);
    expect(spec.http).toEqual([{
      name: 'api',
      match: [
        { uri: { prefix: '/api/' }, method: { exact: 'POST' }, headers: { 'x-tenant': { regex: '^t-[0-9]+$' } } },
        {
          name: 'internal',
          uri: { exact: '/internal' },
          scheme: { exact: 'https' },
          authority: { prefix: 'reviews' },
          queryParams: { debug: { exact: '1' } },
          withoutHeaders: { 'x-skip': { exact: 'true' } },
          port: 9080,
          sourceLabels: { app: 'productpage' },
          sourceNamespace: 'shop',
          gateways: ['mesh'],
          ignoreUriCase: true,
          statPrefix: 'internal',
        },
      ],
      route: [
        { destination: { host: 'reviews.shop.svc.cluster.local', subset: 'v1', port: { number: 9080 } }, weight: 90, headers: { request: { set: { 'x-version': 'v1' } } } },
        { destination: { host: 'reviews.shop.svc.cluster.local', subset: 'v2', port: { number: 9080 } }, weight: 10 },
      ],
      rewrite: { uri: '/v1/api/', authority: 'reviews.internal' },
      timeout: '10s',
      retries: {
        attempts: 3, perTryTimeout: '2s', retryOn: '5xx,connect-failure,409', retryRemoteLocalities: true, retryIgnorePreviousHosts: true, backoff: '0.05s',
      },
      fault: { delay: { fixedDelay: '1.5s', percentage: { value: 5 } }, abort: { httpStatus: 503, percentage: { value: 0.5 } } },
      mirror: { host: 'ratings.shop.svc.cluster.local', port: { number: 9080 } },
      mirrorPercentage: { value: 20 },
      headers: { request: { add: { 'x-trace': '1' }, remove: ['x-debug'] }, response: { set: { 'cache-control': 'no-store' } } },
      corsPolicy: {
        allowOrigins: [{ exact: 'https://shop.example.com' }, { regex: '^https://.*\\.example\\.com$' }],
        allowMethods: ['GET', 'POST'],
        allowHeaders: ['content-type'],
        exposeHeaders: ['x-request-id'],
        maxAge: '3600s',
        allowCredentials: true,
        unmatchedPreflights: 'IGNORE',
      },
    }]);
    expect(constructErrors(chart)).toEqual([]);
  });

  it('renders redirect, direct response, delegate and mirrors routes, in the order added', () => {
    const chart = newChart();
    const vs = new VirtualService(chart, 'Edge', {
      hosts: [Host.fromName('shop.example.com')],
      httpRoutes: [{ name: 'old', matches: [HttpMatch.prefix('/old/')], redirect: { uri: '/new/', redirectCode: 308, derivePort: RedirectPortDerivation.FROM_REQUEST_PORT } }],
    });
    vs.addHttpRoute({ name: 'health', matches: [HttpMatch.exact('/healthz')], directResponse: { status: 200, body: DirectResponseBody.fromString('ok') } });
    vs.addHttpRoute({ name: 'blob', matches: [HttpMatch.exact('/blob')], directResponse: { status: 200, body: DirectResponseBody.fromBase64('aGk=') } });
    vs.addHttpRoute({ name: 'team', matches: [HttpMatch.prefix('/team/')], delegate: { name: 'team-routes', namespace: 'team' } });
    vs.addHttpRoute({
      name: 'rest',
      destinations: [{ host: ratings }],
      mirrors: [{ host: reviews, percentage: Percent.of(10) }, { host: Host.fromName('shadow.example.com') }],
      fault: { delay: FaultDelay.exponential(Duration.millis(100)), abort: FaultAbort.grpcStatus(GrpcStatus.UNAVAILABLE) },
      rewrite: { uriRegexRewrite: { match: '^/rest/(.*)$', rewrite: '/\\1' } },
    });
    const http = one(synth(chart), 'VirtualService').spec.http;
    expect(http.map((r: any) => r.name)).toEqual(['old', 'health', 'blob', 'team', 'rest']);
    expect(http[0].redirect).toEqual({ uri: '/new/', redirectCode: 308, derivePort: 'FROM_REQUEST_PORT' });
    expect(http[1].directResponse).toEqual({ status: 200, body: { string: 'ok' } });
    expect(http[2].directResponse).toEqual({ status: 200, body: { bytes: 'aGk=' } });
    expect(http[3].delegate).toEqual({ name: 'team-routes', namespace: 'team' });
    expect(http[4]).toEqual({
      name: 'rest',
      route: [{ destination: { host: 'ratings.shop.svc.cluster.local' } }],
      mirrors: [
        { destination: { host: 'reviews.shop.svc.cluster.local' }, percentage: { value: 10 } },
        { destination: { host: 'shadow.example.com' } },
      ],
      fault: { delay: { exponentialDelay: '0.1s' }, abort: { grpcStatus: 'UNAVAILABLE' } },
      rewrite: { uriRegexRewrite: { match: '^/rest/(.*)$', rewrite: '/\\1' } },
    });
  });

  it('renders TCP and TLS routes', () => {
    const chart = newChart();
    const vs = new VirtualService(chart, 'Db', { hosts: [Host.fromName('db.example.com')] });
    expect(vs.addTcpRoute({
      matches: [{ port: 5432, destinationSubnets: ['10.0.0.0/16'], sourceLabels: { app: 'api' }, sourceNamespace: 'shop', sourceSubnet: '10.1.0.0/24' }],
      destinations: [{ host: Host.fromName('db-primary.example.com'), port: 5432, weight: 80 }, { host: Host.fromName('db-replica.example.com'), port: 5432, weight: 20 }],
    })).toEqual(0);
    expect(vs.addTlsRoute({
      matches: [{ sniHosts: [Host.fromName('db.example.com')], port: 443, gateways: [GatewayReference.mesh()] }],
      destinations: [{ host: Host.fromName('db-primary.example.com'), port: 443 }],
    })).toEqual(0);
    const spec = one(synth(chart), 'VirtualService').spec;
    expect(spec.tcp).toEqual([{
      match: [{ port: 5432, destinationSubnets: ['10.0.0.0/16'], sourceLabels: { app: 'api' }, sourceNamespace: 'shop', sourceSubnet: '10.1.0.0/24' }],
      route: [
        { destination: { host: 'db-primary.example.com', port: { number: 5432 } }, weight: 80 },
        { destination: { host: 'db-replica.example.com', port: { number: 5432 } }, weight: 20 },
      ],
    }]);
    expect(spec.tls).toEqual([{
      match: [{ sniHosts: ['db.example.com'], port: 443, gateways: ['mesh'] }],
      route: [{ destination: { host: 'db-primary.example.com', port: { number: 443 } } }],
    }]);
  });

  it('routes to cdk8s-plus Services and cookies, and renders the whole manifest', () => {
    const chart = withRule();
    const svc = new kplus.Service(chart, 'Svc', { metadata: { name: 'reviews' }, ports: [{ port: 9080 }] });
    const vs = new VirtualService(chart, 'Reviews', { metadata: { name: 'reviews' }, hosts: [Host.fromService(svc)] });
    vs.addHttpRoute({ name: 'beta', matches: [HttpMatch.cookie('beta', 'on')], destinations: [{ host: Host.fromService(svc), subset: 'v2' }] });
    vs.addHttpRoute({ name: 'default', destinations: [{ host: Host.fromService(svc), subset: 'v1' }] });
    const objects = synth(chart);
    expect(one(objects, 'VirtualService').spec.http[0].match).toEqual([{ headers: { cookie: { regex: '^(.*?;)?(beta=on)(;.*)?$' } } }]);
    expect(vs.hosts).toEqual(['reviews.shop.svc.cluster.local']);
    expect(objects).toMatchSnapshot();
  });

  it('accepts a subset defined elsewhere when told so', () => {
    const chart = newChart();
    new VirtualService(chart, 'Vs', { hosts: [reviews], httpRoutes: [{ destinations: [{ host: reviews, subset: 'v9', subsetDefinedExternally: true }] }] });
    expect(constructErrors(chart)).toEqual([]);
  });
});

describe('VirtualService validation', () => {
  const route = (o: Partial<HttpRouteOptions>): HttpRouteOptions => ({ destinations: [{ host: reviews }], ...o });
  const add = (o: HttpRouteOptions) => () => new VirtualService(newChart(), 'Vs', { hosts: [reviews], httpRoutes: [o] });

  it.each<[string, () => unknown, string]>([
    ['wildcard destination', add({ destinations: [{ host: Host.wildcard('example.com') }] }),
      "test/Vs: http[0].destinations[0].host: must be an exact host, got '*.example.com'; a route forwards to one service — use Host.fromService() or Host.fromName()"],
    ['bad subset name', add({ destinations: [{ host: reviews, subset: 'V1' }] }),
      "test/Vs: http[0].destinations[0].subset: must be a DNS-1123 label (lowercase letters, digits and '-', at most 63 characters), got 'V1'; use the name of a subset of the host's DestinationRule"],
    ['weight above 100', add({ destinations: [{ host: reviews, weight: 120 }, { host: ratings, weight: 0 }] }),
      "test/Vs: http[0].destinations[0].weight: must be an integer from 0 to 100, got 120; weights are percentages of the route's traffic"],
    ['fractional weight', add({ destinations: [{ host: reviews, weight: 50.5 }, { host: ratings, weight: 49.5 }] }),
      "test/Vs: http[0].destinations[0].weight: must be an integer from 0 to 100, got 50.5; weights are percentages of the route's traffic"],
    ['missing weight', add({ destinations: [{ host: reviews, weight: 100 }, { host: ratings }] }),
      'test/Vs: http[0].destinations[1].weight: is required when a route has several destinations, got undefined; give every destination a weight from 0 to 100'],
    ['all weights 0', add({ destinations: [{ host: reviews, weight: 0 }, { host: ratings, weight: 0 }] }),
      'test/Vs: http[0].destinations: weights must not all be 0, got [0, 0]; give at least one destination a weight above 0'],
    ['bad header operation', add(route({ headers: { request: { set: { host: 'x' } } } })),
      "test/Vs: http[0].headers.request.set.host: must be an HTTP header name Istio may change (a token, not 'host' or a ':' pseudo-header), got 'host'; use rewrite.authority to change the host"],
    ['negative attempts', add(route({ retries: { attempts: -1 } })),
      'test/Vs: http[0].retries.attempts: must be an integer from 0 to 2147483647, got -1; use 0 to disable retries'],
    ['retry settings with 0 attempts', add(route({ retries: { attempts: 0, perTryTimeout: Duration.seconds(1) } })),
      'test/Vs: http[0].retries: retry settings have no effect when attempts is 0, got perTryTimeout/retryOn/backoff; set attempts above 0 or remove them'],
    ['perTryTimeout above timeout', add(route({ timeout: Duration.seconds(2), retries: { attempts: 3, perTryTimeout: Duration.seconds(5) } })),
      'test/Vs: http[0].retries.perTryTimeout: must not exceed the route timeout (2 seconds), got 5 seconds; the route timeout would end the first attempt before its per-try timeout, so no retry could happen — lower perTryTimeout or raise timeout'],
    ['bad retryOn', add(route({ retries: { attempts: 2, retryOn: [RetryOn.of('5XX')] } })),
      "test/Vs: http[0].retries.retryOn[0]: must be an Envoy retry condition or an HTTP status 100–599, got '5XX'; use the RetryOn constants or RetryOn.statusCode()"],
    ['duration under 1ms', add(route({ timeout: Duration.millis(0) })),
      'test/Vs: http[0].timeout: must be at least 1ms, got 0ms; use e.g. Duration.millis(100) or Duration.seconds(1)'],
    ['empty fault', add(route({ fault: {} })),
      'test/Vs: http[0].fault: must inject a delay or an abort, got neither; set delay (FaultDelay.fixed()) or abort (FaultAbort.httpStatus())'],
    ['fault percentage above 100', add(route({ fault: { delay: FaultDelay.fixed(Duration.seconds(1), Percent.of(150)) } })),
      'test/Vs: http[0].fault.delay.percentage: must be a percentage from 0 to 100, got 150; use Percent.of(0..100) or Percent.fromRatio(0..1)'],
    ['abort status', add(route({ fault: { abort: FaultAbort.httpStatus(99) } })),
      'test/Vs: http[0].fault.abort.httpStatus: must be an integer from 200 to 599, got 99; use an HTTP error status such as 503'],
    ['empty http2Error', add(route({ fault: { abort: FaultAbort.http2Error('') } })),
      "test/Vs: http[0].fault.abort.http2Error: must not be empty, got ''; give an HTTP/2 error name such as REFUSED_STREAM"],
    ['empty redirect', add({ redirect: {} }),
      'test/Vs: http[0].redirect: must change something, got no uri, authority, port, derivePort or scheme; set at least one of them'],
    ['redirect port and derivePort', add({ redirect: { port: 8443, derivePort: RedirectPortDerivation.FROM_PROTOCOL_DEFAULT } }),
      'test/Vs: http[0].redirect: sets both port and derivePort, got 8443 and FROM_PROTOCOL_DEFAULT; keep one of them'],
    ['redirect code', add({ redirect: { uri: '/x', redirectCode: 200 } }),
      'test/Vs: http[0].redirect.redirectCode: must be an integer from 300 to 399, got 200; use a redirect status such as 301, 302, 307 or 308'],
    ['empty rewrite', add(route({ rewrite: {} })),
      'test/Vs: http[0].rewrite: must change something, got no uri, uriRegexRewrite or authority; set at least one of them'],
    ['rewrite uri and regex', add(route({ rewrite: { uri: '/a', uriRegexRewrite: { match: '^/b', rewrite: '/c' } } })),
      "test/Vs: http[0].rewrite: sets both uri and uriRegexRewrite, got '/a' and '^/b'; keep one of them"],
    ['rewrite regex RE2', add(route({ rewrite: { uriRegexRewrite: { match: '^/(?=b)', rewrite: '/c' } } })),
      "test/Vs: http[0].rewrite.uriRegexRewrite.match: must be an RE2 regular expression (Envoy matches with RE2), got '^/(?=b)' with lookahead '(?=' at offset 2; rewrite it without lookaround, backreferences, possessive quantifiers or atomic groups (https://github.com/google/re2/wiki/Syntax)"],
    ['direct response status', add({ directResponse: { status: 700 } }),
      'test/Vs: http[0].directResponse.status: must be an integer from 200 to 599, got 700; use an HTTP status such as 200, 404 or 503'],
    ['delegate name', add({ delegate: { name: 'Team' } }),
      "test/Vs: http[0].delegate.name: must be a VirtualService name (DNS-1123 subdomain), got 'Team'; use the delegate VirtualService's metadata.name"],
    ['delegate namespace', add({ delegate: { name: 'team', namespace: 'team.ns' } }),
      "test/Vs: http[0].delegate.namespace: must be a namespace name (DNS-1123 label), got 'team.ns'; use the delegate's namespace"],
    ['no action', add({}),
      'test/Vs: http[0]: must do exactly one thing with a request, got none; set one of destinations, redirect, directResponse or delegate'],
    ['two actions', add(route({ directResponse: { status: 404 } })),
      'test/Vs: http[0]: must do exactly one thing with a request, got destinations and directResponse; set one of destinations, redirect, directResponse or delegate'],
    ['rewrite with redirect', add({ redirect: { uri: '/x' }, rewrite: { uri: '/y' } }),
      'test/Vs: http[0].rewrite: has no effect with redirect, got a rewrite; remove it or forward to destinations'],
    ['fault with direct response', add({ directResponse: { status: 404 }, fault: { abort: FaultAbort.httpStatus(500) } }),
      'test/Vs: http[0].fault: cannot be combined with directResponse, got a fault; inject faults on routes that forward to destinations'],
    ['mirror and mirrors', add(route({ mirror: { host: ratings }, mirrors: [{ host: ratings }] })),
      'test/Vs: http[0]: sets both mirror and mirrors, got 1 and 1; put every mirror in mirrors'],
    ['conflicting match conditions', add(route({ matches: [HttpMatch.prefix('/a').withConditions(HttpMatch.exact('/b'))] })),
      "test/Vs: http[0].matches[0]: combines conditions that each set 'uri' twice, got both values; a request has one value per condition — use two HttpMatch entries (any of them matches) instead"],
    ['uppercase header name', add(route({ matches: [HttpMatch.header('X-User', StringMatch.exact('a'))] })),
      "test/Vs: http[0].matches[0].headers.X-User: must be a lowercase HTTP header name, got 'X-User'; write header names in lowercase (e.g. 'x-user')"],
    ['empty query parameter name', add(route({ matches: [HttpMatch.queryParam('', StringMatch.exact('a'))] })),
      "test/Vs: http[0].matches[0].queryParams: parameter name must not be empty, got ''; give the query parameter name"],
    ['empty regex', add(route({ matches: [HttpMatch.regex('')] })),
      "test/Vs: http[0].matches[0].uri: regex must not be empty, got ''; use StringMatch.prefix('') to match anything"],
    ['lookaround regex', add(route({ matches: [HttpMatch.regex('^/(?!admin).*')] })),
      "test/Vs: http[0].matches[0].uri.regex: must be an RE2 regular expression (Envoy matches with RE2), got '^/(?!admin).*' with negative lookahead '(?!' at offset 2; rewrite it without lookaround, backreferences, possessive quantifiers or atomic groups (https://github.com/google/re2/wiki/Syntax)"],
    ['match port', add(route({ matches: [HttpMatch.port(0)] })),
      'test/Vs: http[0].matches[0].port: must be a port number from 1 to 65535, got 0; use the port the service listens on'],
    ['source namespace', add(route({ matches: [HttpMatch.sourceNamespace('Shop')] })),
      "test/Vs: http[0].matches[0].sourceNamespace: must be a DNS-1123 label (lowercase letters, digits and '-', at most 63 characters), got 'Shop'; use the namespace name of the calling workloads"],
    ['source label key', add(route({ matches: [HttpMatch.sourceLabels({ 'a b': 'x' })] })),
      "test/Vs: http[0].matches[0].sourceLabels.a b: must be a label key ([prefix/]name, at most 63 characters in the name), got 'a b'; use a valid label key"],
    ['source label value', add(route({ matches: [HttpMatch.sourceLabels({ app: 'a b' })] })),
      "test/Vs: http[0].matches[0].sourceLabels.app: must be a label value (at most 63 alphanumerics, '-', '_' or '.'), got 'a b'; use a valid label value"],
    ['bad gateway reference', () => new VirtualService(newChart(), 'Vs', { gateways: [GatewayReference.fromName('Public')] }),
      "test/Vs: gateways[0]: must be 'mesh' or '[<namespace>/]<gateway name>' with DNS-1123 names, got 'Public'; use GatewayReference.mesh(), fromGateway() or fromName()"],
    ['bad exportTo', () => new VirtualService(newChart(), 'Vs', { exportTo: [ExportTo.namespace('Front')] }),
      "test/Vs: exportTo[0]: must be '.', '*' or a namespace name (DNS-1123 label), got 'Front'; use ExportTo.sameNamespace(), ExportTo.allNamespaces() or ExportTo.namespace(name)"],
    ['exportTo * with others', () => new VirtualService(newChart(), 'Vs', { exportTo: [ExportTo.allNamespaces(), ExportTo.namespace('a')] }),
      "test/Vs: exportTo: '*' already exports to every namespace and cannot be combined, got [*, a]; use ExportTo.allNamespaces() alone or list namespaces"],
    ['exportTo duplicates', () => new VirtualService(newChart(), 'Vs', { exportTo: [ExportTo.namespace('a'), ExportTo.namespace('a')] }),
      'test/Vs: exportTo: must not repeat a namespace, got [a, a]; list each namespace once'],
    ['duplicate host', () => new VirtualService(newChart(), 'Vs', { hosts: [reviews, reviews] }),
      "test/Vs: hosts[1]: must be unique, got 'reviews.shop.svc.cluster.local' twice; list each host once"],
    ['duplicate gateway', () => new VirtualService(newChart(), 'Vs', { gateways: [GatewayReference.mesh(), GatewayReference.mesh()] }),
      "test/Vs: gateways[1]: must be unique, got 'mesh' twice; list each gateway once"],
    ['empty route name', add(route({ name: '' })),
      "test/Vs: http[0].name: must not be empty, got ''; leave it undefined or give a name"],
    ['duplicate route name', () => new VirtualService(newChart(), 'Vs', { hosts: [reviews], httpRoutes: [route({ name: 'a' }), route({ name: 'a' })] }),
      "test/Vs: http[1].name: must be unique in the VirtualService, got 'a' twice; give each route its own name"],
    ['TCP route without destinations', () => new VirtualService(newChart(), 'Vs', { tcpRoutes: [{ destinations: [] }] }),
      'test/Vs: tcp[0].destinations: must have at least one destination, got none; add the host to forward connections to'],
    ['bad subnet', () => new VirtualService(newChart(), 'Vs', { tcpRoutes: [{ matches: [{ destinationSubnets: ['10.0.0.0/40'] }], destinations: [{ host: reviews }] }] }),
      "test/Vs: tcp[0].matches[0].destinationSubnets[0]: must be an IPv4 or IPv6 address or CIDR block, got '10.0.0.0/40'; e.g. '10.0.0.0/16' or '192.0.2.7'"],
    ['TLS route without matches', () => new VirtualService(newChart(), 'Vs', { tlsRoutes: [{ matches: [], destinations: [{ host: reviews }] }] }),
      'test/Vs: tls[0].matches: must have at least one match, got none; match the SNI names this route is for'],
    ['TLS match without SNI hosts', () => new VirtualService(newChart(), 'Vs', { tlsRoutes: [{ matches: [{ sniHosts: [] }], destinations: [{ host: reviews }] }] }),
      'test/Vs: tls[0].matches[0].sniHosts: must list at least one SNI host, got none; add the TLS server names to route'],
  ])('rejects %s', (_name, build, message) => {
    expect(build).toThrow(message);
    expect(() => build()).toThrow(expect.objectContaining({ name: 'ValidationError' }));
  });

  it('reports a VirtualService without hosts or routes at synthesis', () => {
    const chart = newChart();
    new VirtualService(chart, 'Vs');
    expect(constructErrors(chart)).toEqual([
      'test/Vs: hosts: must have at least one host, got none; pass hosts or call addHost()',
      'test/Vs: http: must have at least one route, got none; call addHttpRoute(), addTcpRoute() or addTlsRoute()',
    ]);
  });

  it('reports a subset whose host has no DestinationRule in the app', () => {
    const chart = newChart();
    new VirtualService(chart, 'Vs', { hosts: [reviews], httpRoutes: [{ destinations: [{ host: reviews, subset: 'v2' }] }] });
    expect(constructErrors(chart)).toEqual([
      "test/Vs: http[0].destinations[0].subset: refers to subset 'v2' of reviews.shop.svc.cluster.local, got no DestinationRule for that host in this app; " +
      'add a DestinationRule defining the subset (or set subsetDefinedExternally when it is defined outside this app)',
    ]);
  });

  it('reports an unknown subset (a short host name matches the FQDN of its namespace)', () => {
    const chart = withRule();
    new VirtualService(chart, 'Vs', {
      hosts: [Host.fromName('reviews')],
      httpRoutes: [{ destinations: [{ host: Host.fromName('reviews'), subset: 'v1', weight: 50 }, { host: Host.fromName('reviews'), subset: 'v3', weight: 50 }] }],
    });
    expect(constructErrors(chart)).toEqual([
      "test/Vs: http[0].destinations[1].subset: refers to unknown subset 'v3' of reviews, got subsets [v1, v2] in test/Rule; add the subset with addSubset() or use one of those",
    ]);
  });

  it('reports two VirtualServices routing the same host for the mesh', () => {
    const chart = newChart();
    new VirtualService(chart, 'A', { hosts: [reviews], httpRoutes: [{ destinations: [{ host: reviews }] }] });
    new VirtualService(chart, 'B', { hosts: [Host.fromName('reviews')], gateways: [GatewayReference.mesh()], httpRoutes: [{ destinations: [{ host: reviews }] }] });
    new VirtualService(chart, 'Edge', {
      hosts: [reviews], gateways: [GatewayReference.fromName('public', 'istio-system')], httpRoutes: [{ destinations: [{ host: reviews }] }],
    });
    expect(constructErrors(chart)).toEqual([
      'test/A: hosts: reviews.shop.svc.cluster.local is also routed for the mesh by test/B, got two VirtualServices; ' +
      'sidecars use only one VirtualService per host — merge the routes into one (e.g. give CanaryRoute the RoutePolicy settings as policy)',
      'test/B: hosts: reviews is also routed for the mesh by test/A, got two VirtualServices; ' +
      'sidecars use only one VirtualService per host — merge the routes into one (e.g. give CanaryRoute the RoutePolicy settings as policy)',
    ]);
  });

  it('sees subsets added after the VirtualService', () => {
    const chart = newChart();
    new VirtualService(chart, 'Vs', { hosts: [reviews], httpRoutes: [{ destinations: [{ host: reviews, subset: 'v2' }] }] });
    const rule = new DestinationRule(chart, 'Rule', { host: reviews });
    rule.addSubset({ name: 'v2', labels: { version: 'v2' } });
    expect(constructErrors(chart)).toEqual([]);
  });
});
