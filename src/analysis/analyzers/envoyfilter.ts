// Mirrors istio/istio pkg/config/analysis/analyzers/envoyfilter/envoyfilter.go (EnvoyPatchAnalyzer: IST0151-IST0155)
// and the deprecated-filter-name warnings of pkg/config/validation/envoyfilter (validateListenerMatchName, with
// pilot/pkg/xds DeprecatedFilterNames), which istioctl reports as IST0133 SchemaWarning.
import { Analyzer } from '../analyzer';
import { MSG } from '../catalogue';
import { AnalysisContext } from '../context';
import { GROUP, Resource } from '../resource';

/**
 * Relative patch operations: their effect depends on what other EnvoyFilters did before. (Upstream no longer
 * counts MERGE, although the IST0155 text still names it.)
 */
const RELATIVE = new Set(['INSERT_BEFORE', 'INSERT_AFTER', 'REPLACE', 'REMOVE']);
const ROUTE_LEVEL = new Set(['ROUTE_CONFIGURATION', 'HTTP_ROUTE']);
/** What REPLACE applies to. */
const REPLACEABLE = new Set(['NETWORK_FILTER', 'HTTP_FILTER', 'VIRTUAL_HOST']);

/**
 * The name a patch works on (the patch value's `name`, else the listener filter it matches), used to tell whether
 * another EnvoyFilter with a proxyVersion match patches the same filter. The Go code takes the protobuf Value's
 * String() of `name`; names are compared between patches only, so the plain string serves the same purpose.
 */
function instanceName(patch: any): string {
  const value = patch?.patch?.value;
  if (value && typeof value === 'object') {
    if (value.name !== undefined) return JSON.stringify(value.name);
    return String(patch?.match?.listener?.filterChain?.filter?.name ?? '');
  }
  return '';
}

/** envoyfilter.EnvoyPatchAnalyzer */
export const envoyPatchAnalyzer: Analyzer = {
  name: 'envoyfilter.EnvoyPatchAnalyzer',
  description: 'Checks an envoyFilters ',
  upstream: 'pkg/config/analysis/analyzers/envoyfilter/envoyfilter.go',
  analyze(ctx) {
    // Names of filters patched by an earlier EnvoyFilter (in input order) whose match sets a proxyVersion.
    const withProxyVersion = new Set<string>();
    for (const r of ctx.ofKind(GROUP.NETWORKING, 'EnvoyFilter')) {
      const patches = Array.isArray(r.spec.configPatches) ? r.spec.configPatches : [];
      const priority = typeof r.spec.priority === 'number' ? r.spec.priority : 0;
      for (let index = 0; index < patches.length; index++) {
        const patch = patches[index];
        if (!patch?.patch) break;
        const name = instanceName(patch);
        const op = patch.patch.operation;
        const applyTo = patch.applyTo;
        // Upstream points at the patch value (util.EnvoyFilterConfigPath); without one, at the resource, so that the
        // same message for two value-less patches is one message.
        const pointer = patch.patch.value !== undefined ? `/spec/configPatches/${index}/patch/value` : undefined;
        if (op === 'ADD') {
          if (ROUTE_LEVEL.has(applyTo)) ctx.report(r, MSG.EnvoyFilterUsesAddOperationIncorrectly, [], pointer);
        } else if (op === 'REMOVE' && ROUTE_LEVEL.has(applyTo)) {
          ctx.report(r, MSG.EnvoyFilterUsesRemoveOperationIncorrectly, [], pointer);
        } else if (op === 'REPLACE' && !REPLACEABLE.has(applyTo)) {
          ctx.report(r, MSG.EnvoyFilterUsesReplaceOperationIncorrectly, [], pointer);
        } else if (RELATIVE.has(op) && priority === 0) {
          reportRelative(ctx, r, pointer, withProxyVersion.has(name));
        }
        const proxyVersion = patch.match?.proxy?.proxyVersion;
        if (typeof proxyVersion === 'string' && proxyVersion !== '') withProxyVersion.add(name);
      }
    }
  },
};

function reportRelative(ctx: AnalysisContext, r: Resource, pointer: string | undefined, proxyVersion: boolean): void {
  ctx.report(r, proxyVersion ? MSG.EnvoyFilterUsesRelativeOperationWithProxyVersion : MSG.EnvoyFilterUsesRelativeOperation, [], pointer);
}

/** pilot/pkg/xds DeprecatedFilterNames, reversed: deprecated name → canonical name. */
const CANONICAL_NAMES: Readonly<Record<string, string>> = {
  'envoy.buffer': 'envoy.filters.http.buffer',
  'envoy.cors': 'envoy.filters.http.cors',
  'envoy.csrf': 'envoy.filters.http.csrf',
  'envoy.http_dynamo_filter': 'envoy.filters.http.dynamo',
  'envoy.fault': 'envoy.filters.http.fault',
  'envoy.grpc_http1_bridge': 'envoy.filters.http.grpc_http1_bridge',
  'envoy.grpc_json_transcoder': 'envoy.filters.http.grpc_json_transcoder',
  'envoy.grpc_web': 'envoy.filters.http.grpc_web',
  'envoy.gzip': 'envoy.filters.http.gzip',
  'envoy.health_check': 'envoy.filters.http.health_check',
  'envoy.ip_tagging': 'envoy.filters.http.ip_tagging',
  'envoy.lua': 'envoy.filters.http.lua',
  'envoy.rate_limit': 'envoy.filters.http.ratelimit',
  'envoy.router': 'envoy.filters.http.router',
  'envoy.squash': 'envoy.filters.http.squash',
  'envoy.listener.http_inspector': 'envoy.filters.listener.http_inspector',
  'envoy.listener.original_dst': 'envoy.filters.listener.original_dst',
  'envoy.listener.original_src': 'envoy.filters.listener.original_src',
  'envoy.listener.proxy_protocol': 'envoy.filters.listener.proxy_protocol',
  'envoy.listener.tls_inspector': 'envoy.filters.listener.tls_inspector',
  'envoy.client_ssl_auth': 'envoy.filters.network.client_ssl_auth',
  'envoy.http_connection_manager': 'envoy.filters.network.http_connection_manager',
  'envoy.mongo_proxy': 'envoy.filters.network.mongo_proxy',
  'envoy.ratelimit': 'envoy.filters.network.ratelimit',
  'envoy.redis_proxy': 'envoy.filters.network.redis_proxy',
  'envoy.tcp_proxy': 'envoy.filters.network.tcp_proxy',
};

/** `envoy.ext_authz` was both the HTTP and the network filter's name. */
function canonicalName(name: string, http: boolean): string | undefined {
  if (name === 'envoy.ext_authz') return http ? 'envoy.filters.http.ext_authz' : 'envoy.filters.network.ext_authz';
  return CANONICAL_NAMES[name];
}

/** schema.ValidationAnalyzer.EnvoyFilter (the warnings of validateEnvoyFilter that analysis can reproduce offline) */
export const envoyFilterValidationAnalyzer: Analyzer = {
  name: 'schema.ValidationAnalyzer.EnvoyFilter',
  description: "Runs schema validation as an analyzer on 'EnvoyFilter' resources",
  upstream: 'pkg/config/validation/envoyfilter/envoyfilter.go',
  analyze(ctx) {
    for (const r of ctx.ofKind(GROUP.NETWORKING, 'EnvoyFilter')) {
      const patches = Array.isArray(r.spec.configPatches) ? r.spec.configPatches : [];
      patches.forEach((patch: any) => {
        const filter = patch?.match?.listener?.filterChain?.filter;
        // Schema validation warnings have no line in istioctl: they are placed at the resource.
        for (const [name, http] of [[filter?.name, false], [filter?.subFilter?.name, true]] as const) {
          if (typeof name !== 'string') continue;
          const canonical = canonicalName(name, http);
          if (canonical) ctx.report(r, MSG.SchemaWarning, [`using deprecated filter name ${JSON.stringify(name)}; use ${JSON.stringify(canonical)} instead`]);
        }
      });
    }
  },
};
