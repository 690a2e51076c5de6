// Mirrors istio/istio pkg/config/analysis/analyzers/virtualservice: gateways.go (GatewayAnalyzer: IST0101, IST0132),
// destinationhosts.go (DestinationHostAnalyzer: IST0101, IST0112, IST0140), destinationrules.go
// (DestinationRuleAnalyzer: IST0101), conflictingmeshgatewayhosts.go (ConflictingMeshGatewayHostsAnalyzer:
// IST0109), jwtclaimroute.go (JWTClaimRouteAnalyzer: IST0149); and the unreachable-rule analysis of
// pkg/config/validation (analyzeUnreachableHTTPRules/TCPRules/TLSRules), which istioctl reports from schema
// validation as IST0130 and IST0131.
import { Analyzer } from '../analyzer';
import { MSG } from '../catalogue';
import { AnalysisContext, stringList, stringRecord } from '../context';
import { EXPORT_TO_ALL, EXPORT_TO_LOCAL, hostMatches, namesForNamespace, resourceNameFromHost, toFqdn } from '../hosts';
import { matchesSet } from '../labels';
import { GROUP, Resource, fullName } from '../resource';

const MESH_GATEWAY = 'mesh';

function virtualServices(ctx: AnalysisContext): ReadonlyArray<Resource> {
  return ctx.ofKind(GROUP.NETWORKING, 'VirtualService');
}

function list(value: unknown): any[] {
  return Array.isArray(value) ? value : [];
}

/** resource.NewShortOrFullName: `ns/name`, or a name in the default namespace. */
function shortOrFullName(defaultNamespace: string, name: string): { namespace: string; name: string } {
  if (name.includes('/')) {
    const [ns, n] = name.split('/', 2);
    return { namespace: ns, name: n };
  }
  return { namespace: defaultNamespace, name };
}

/** A destination of a VirtualService route (virtualservice.AnnotatedDestination) and where it is. */
interface AnnotatedDestination {
  readonly rule: 'tcp' | 'tls' | 'http' | 'http.mirror' | 'http.mirrors';
  readonly destination: any;
  readonly pointer: string;
}

function routeDestinations(vs: Resource): AnnotatedDestination[] {
  const out: AnnotatedDestination[] = [];
  for (const rule of ['tcp', 'tls', 'http'] as const) {
    list(vs.spec[rule]).forEach((r: any, i: number) => list(r?.route).forEach((rd: any, j: number) => {
      out.push({ rule, destination: rd?.destination ?? {}, pointer: `/spec/${rule}/${i}/route/${j}/destination/host` });
    }));
  }
  return out;
}

function mirrorDestinations(vs: Resource): AnnotatedDestination[] {
  const out: AnnotatedDestination[] = [];
  list(vs.spec.http).forEach((r: any, i: number) => {
    if (r?.mirror) out.push({ rule: 'http.mirror', destination: r.mirror, pointer: `/spec/http/${i}/mirror/host` });
    list(r?.mirrors).forEach((m: any, j: number) => out.push({ rule: 'http.mirrors', destination: m?.destination ?? {}, pointer: `/spec/http/${i}/mirrors/${j}/destination/host` }));
  });
  return out;
}

function host(d: AnnotatedDestination): string {
  return typeof d.destination.host === 'string' ? d.destination.host : '';
}

/** virtualservice.GatewayAnalyzer */
export const vsGatewayAnalyzer: Analyzer = {
  name: 'virtualservice.GatewayAnalyzer',
  description: 'Checks the gateways associated with each virtual service',
  upstream: 'pkg/config/analysis/analyzers/virtualservice/gateways.go',
  analyze(ctx) {
    for (const vs of virtualServices(ctx)) {
      const hosts = stringList(vs.spec.hosts);
      stringList(vs.spec.gateways).forEach((gwName, i) => {
        if (gwName === MESH_GATEWAY) return;
        const ref = shortOrFullName(vs.namespace, gwName);
        const gw = ctx.find(GROUP.NETWORKING, 'Gateway', ref.namespace, ref.name);
        const pointer = `/spec/gateways/${i}`;
        if (!gw) ctx.report(vs, MSG.ReferencedResourceNotFound, ['gateway', gwName], pointer);
        if (!hostInGateway(gw, hosts, vs.namespace)) {
          ctx.report(vs, MSG.VirtualServiceHostNotFoundInGateway, [hosts, fullName(vs), `${ref.namespace}/${ref.name}`], pointer);
        }
      });
    }
  },
};

/** vsHostInGateway, with sanitizeServerHostNamespace (`./h` → `gwns/h`, `* /h` → `h`, `* /*` → `*`). */
function hostInGateway(gw: Resource | undefined, vsHosts: ReadonlyArray<string>, vsNamespace: string): boolean {
  if (!gw) return false;
  const gatewayHosts: string[] = [];
  for (const server of list(gw.spec.servers)) {
    const hosts = stringList(server?.hosts);
    const sanitized: string[] = [];
    for (const h of hosts) {
      if (!h.includes('/')) {
        sanitized.push(h);
        continue;
      }
      const [ns, name] = h.split('/');
      if (ns === '.') {sanitized.push(`${gw.namespace}/${name}`);} else if (ns === '*') {
        if (name === '*') {
          sanitized.length = 0;
          sanitized.push('*');
          break;
        }
        sanitized.push(name);
      } else {sanitized.push(h);}
    }
    gatewayHosts.push(...sanitized);
  }
  for (const gh of namesForNamespace(gatewayHosts, vsNamespace)) {
    for (const vh of vsHosts) if (hostMatches(gh, vh)) return true;
  }
  return false;
}

/** virtualservice.DestinationHostAnalyzer */
export const vsDestinationHostAnalyzer: Analyzer = {
  name: 'virtualservice.DestinationHostAnalyzer',
  description: 'Checks the destination hosts associated with each virtual service',
  upstream: 'pkg/config/analysis/analyzers/virtualservice/destinationhosts.go',
  analyze(ctx) {
    // initVirtualServiceDestinations: hosts that VirtualServices route to by subset, where the host is one of
    // their own hosts (one entry per such destination).
    const subsetRoutes = new Map<string, string[]>();
    for (const vs of virtualServices(ctx)) {
      const hosts = stringList(vs.spec.hosts);
      for (const route of list(vs.spec.http)) {
        for (const rd of list(route?.route)) {
          const d = rd?.destination ?? {};
          if (!d.subset || typeof d.host !== 'string') continue;
          for (const h of hosts) {
            if (h !== d.host) continue;
            if (!subsetRoutes.has(d.host)) subsetRoutes.set(d.host, []);
            subsetRoutes.get(d.host)!.push(fullName(vs));
          }
        }
      }
    }
    for (const vs of virtualServices(ctx)) {
      const exportTo = stringList(vs.spec.exportTo);
      for (const [d, refType] of [...routeDestinations(vs).map((x) => [x, 'host'] as const), ...mirrorDestinations(vs).map((x) => [x, 'mirror host'] as const)]) {
        const se = ctx.serviceHosts.lookup(vs.namespace, exportTo, host(d));
        if (!se) {
          ctx.report(vs, MSG.ReferencedResourceNotFound, [refType, host(d)], d.pointer);
          continue;
        }
        const port = d.destination.port?.number;
        if (port === undefined || port === null) {
          const ports = se.ports.map((p) => p.number);
          if (ports.length > 1) ctx.report(vs, MSG.VirtualServiceDestinationPortSelectorRequired, [host(d), ports], d.pointer);
        } else if (!se.ports.some((p) => p.number === port)) {
          ctx.report(vs, MSG.ReferencedResourceNotFound, ['host:port', `${host(d)}:${port}`], d.pointer);
        }
      }
      // analyzeSubset: on a VirtualService bound to gateways, a route without a subset to a host that another
      // VirtualService splits by subset is not affected by that split.
      if (stringList(vs.spec.gateways).length === 0) continue;
      list(vs.spec.http).forEach((route: any, i: number) => list(route?.route).forEach((rd: any, j: number) => {
        const d = rd?.destination ?? {};
        if (d.subset) return;
        for (const other of subsetRoutes.get(d.host) ?? []) {
          ctx.report(vs, MSG.IngressRouteRulesNotAffected, [other, fullName(vs)], `/spec/http/${i}/route/${j}/destination/host`);
        }
      }));
    }
  },
};

/** virtualservice.DestinationRuleAnalyzer */
export const vsDestinationRuleAnalyzer: Analyzer = {
  name: 'virtualservice.DestinationRuleAnalyzer',
  description: 'Checks the destination rules associated with each virtual service',
  upstream: 'pkg/config/analysis/analyzers/virtualservice/destinationrules.go',
  analyze(ctx) {
    const subsets = new Set<string>();
    for (const dr of ctx.ofKind(GROUP.NETWORKING, 'DestinationRule')) {
      const ref = resourceNameFromHost(dr.namespace, typeof dr.spec.host === 'string' ? dr.spec.host : '');
      for (const s of list(dr.spec.subsets)) subsets.add(`${ref.namespace}/${ref.name}\u0000${s?.name ?? ''}`);
    }
    for (const vs of virtualServices(ctx)) {
      for (const [d, refType] of [...routeDestinations(vs).map((x) => [x, 'host+subset in destinationrule'] as const), ...mirrorDestinations(vs).map((x) => [x, 'mirror+subset in destinationrule'] as const)]) {
        const subset = d.destination.subset;
        if (typeof subset !== 'string' || subset === '') continue;
        const ref = resourceNameFromHost(vs.namespace, host(d));
        if (!subsets.has(`${ref.namespace}/${ref.name}\u0000${subset}`)) {
          ctx.report(vs, MSG.ReferencedResourceNotFound, [refType, `${host(d)}+${subset}`], d.pointer);
        }
      }
    }
  },
};

/** virtualservice.ConflictingMeshGatewayHostsAnalyzer */
export const conflictingMeshGatewayHostsAnalyzer: Analyzer = {
  name: 'virtualservice.ConflictingMeshGatewayHostsAnalyzer',
  description: 'Checks if multiple virtual services associated with the mesh gateway have conflicting hosts',
  upstream: 'pkg/config/analysis/analyzers/virtualservice/conflictingmeshgatewayhosts.go',
  analyze(ctx) {
    // initMeshGatewayHosts: `scope/fqdn` -> VirtualServices bound to the mesh gateway.
    const byScopedHost = new Map<string, Resource[]>();
    for (const vs of virtualServices(ctx)) {
      const gateways = stringList(vs.spec.gateways);
      if (gateways.length > 0 && !gateways.includes(MESH_GATEWAY)) continue;
      const exportTo = stringList(vs.spec.exportTo);
      const scopes = exportTo.length === 0 || exportTo.includes(EXPORT_TO_ALL)
        ? [EXPORT_TO_ALL]
        : [...new Set(exportTo.map((e) => (e === EXPORT_TO_LOCAL ? vs.namespace : e)))];
      for (const scope of scopes) {
        for (const h of stringList(vs.spec.hosts)) {
          const key = `${scope}/${toFqdn(vs.namespace, h)}`;
          if (!byScopedHost.has(key)) byScopedHost.set(key, []);
          byScopedHost.get(key)!.push(vs);
        }
      }
    }
    const exportedToAll = [...byScopedHost].filter(([key]) => key.startsWith(`${EXPORT_TO_ALL}/`));
    const reported = new Set<Resource>();
    for (const [key, vsList] of byScopedHost) {
      const slash = key.indexOf('/');
      const scope = key.slice(0, slash);
      let all = vsList;
      if (scope !== EXPORT_TO_ALL) {
        // getExportToAllNamespacesVSListForScopedHost: VirtualServices exported to all namespaces with a matching host.
        const h = key.slice(slash + 1);
        all = [...vsList, ...exportedToAll.filter(([k]) => hostMatches(h, k.slice(2))).flatMap(([, v]) => v)];
      }
      if (all.length < 2) continue;
      const names = all.map((r) => fullName(r)).join(',');
      for (const vs of all) {
        if (reported.has(vs)) continue;
        reported.add(vs);
        ctx.report(vs, MSG.ConflictingMeshGatewayVirtualServiceHosts, [names, key], '/metadata/name');
      }
    }
  },
};

const JWT_CLAIM_HEADER = '@request.auth.claims';

function jwtClaimKey(vs: Resource): string | undefined {
  for (const route of list(vs.spec.http)) {
    for (const match of list(route?.match)) {
      for (const field of ['headers', 'withoutHeaders']) {
        const key = Object.keys(match?.[field] ?? {}).find((k) => k.startsWith(JWT_CLAIM_HEADER));
        if (key !== undefined) return key;
      }
    }
  }
  return undefined;
}

/** virtualservice.JWTClaimRouteAnalyzer */
export const jwtClaimRouteAnalyzer: Analyzer = {
  name: 'virtualservice.JWTClaimRouteAnalyzer',
  description: 'Checks the VirtualService using JWT claim based routing has corresponding RequestAuthentication',
  upstream: 'pkg/config/analysis/analyzers/virtualservice/jwtclaimroute.go',
  analyze(ctx) {
    const raSelectors = new Map<string, Array<Record<string, string>>>();
    for (const ra of ctx.ofKind(GROUP.SECURITY, 'RequestAuthentication')) {
      if (!raSelectors.has(ra.namespace)) raSelectors.set(ra.namespace, []);
      raSelectors.get(ra.namespace)!.push(stringRecord(ra.spec.selector?.matchLabels) ?? {});
    }
    for (const vs of virtualServices(ctx)) {
      const key = jwtClaimKey(vs);
      if (key === undefined) continue;
      for (const gwName of stringList(vs.spec.gateways)) {
        if (gwName === MESH_GATEWAY) continue;
        const ref = shortOrFullName(vs.namespace, gwName);
        const gw = ctx.find(GROUP.NETWORKING, 'Gateway', ref.namespace, ref.name);
        if (!gw) continue; // reported by the gateway analyzer
        for (const pod of ctx.workloads.select(stringRecord(gw.spec.selector) ?? {})) {
          const selectors = [...(raSelectors.get('istio-system') ?? []), ...(raSelectors.get(pod.namespace) ?? [])];
          if (selectors.some((s) => matchesSet(s, pod.labels))) continue;
          ctx.report(vs, MSG.JwtClaimBasedRoutingWithoutRequestAuthN, [key, `${ref.namespace}/${ref.name}`, pod.name], '/spec/gateways');
        }
      }
    }
  },
};

// ---- pkg/config/validation: analyzeUnreachableHTTPRules / TCPRules / TLSRules ----

/** asJSON: a canonical serialization of a match without its name, for equality. */
function asJSON(match: any, dropName: boolean): string {
  const canonical = (v: any): any => {
    if (Array.isArray(v)) return v.map(canonical);
    if (v && typeof v === 'object') {
      const out: Record<string, any> = {};
      for (const k of Object.keys(v).sort()) if (v[k] !== undefined && v[k] !== null) out[k] = canonical(v[k]);
      return out;
    }
    return v;
  };
  const copy = match && typeof match === 'object' && dropName ? { ...match, name: undefined } : match;
  return JSON.stringify(canonical(copy ?? null));
}

function routeName(route: any, i: number, http: boolean): string {
  return http && typeof route?.name === 'string' && route.name !== '' ? JSON.stringify(route.name) : `#${i}`;
}

function requestName(match: any, j: number, http: boolean): string {
  return http && typeof match?.name === 'string' && match.name !== '' ? JSON.stringify(match.name) : `#${j}`;
}

const EXACT = 'exact:';
const PREFIX = 'prefix:';

function exactOrPrefix(sm: any): string {
  if (typeof sm?.exact === 'string' && sm.exact !== '') return EXACT + sm.exact;
  if (typeof sm?.prefix === 'string' && sm.prefix !== '') return PREFIX + sm.prefix;
  return '';
}

interface PrefixMatch {
  readonly route: string;
  readonly match: string;
  readonly prefix: string;
  readonly port: number;
  readonly method: string;
  readonly authority: string;
  readonly headers: Record<string, string>;
  readonly queryParams: Record<string, string>;
  readonly withoutHeaders: Record<string, string>;
}

/** genMatchHTTPRoutes: the comparable parts of a match on a URI prefix. */
function prefixMatch(route: string, matchName: string, match: any): PrefixMatch | undefined {
  const prefix = match?.uri?.prefix;
  if (typeof prefix !== 'string' || prefix === '') return undefined;
  const map = (m: any) => Object.fromEntries(Object.entries(m ?? {}).map(([k, v]) => [k, exactOrPrefix(v)]));
  return {
    route,
    match: matchName,
    prefix,
    port: typeof match.port === 'number' ? match.port : 0,
    method: exactOrPrefix(match.method) || `${EXACT}GET`,
    authority: exactOrPrefix(match.authority),
    headers: map(match.headers),
    queryParams: map(match.queryParams),
    withoutHeaders: map(match.withoutHeaders),
  };
}

function sameOrPrefixed(a: string, b: string): boolean {
  return a === b || a.startsWith(b);
}

function mapCovered(a: Record<string, string>, b: Record<string, string>): boolean {
  if (Object.keys(a).length !== Object.keys(b).length) return false;
  return Object.entries(a).every(([k, v]) => k in b && sameOrPrefixed(v, b[k]));
}

/** coveredValidation: the earlier prefix match `a` catches every request the later `b` would. */
function covered(a: PrefixMatch, b: PrefixMatch): boolean {
  return b.prefix.startsWith(a.prefix) && a.port === b.port && sameOrPrefixed(a.method, b.method) && sameOrPrefixed(a.authority, b.authority)
    && mapCovered(a.headers, b.headers) && mapCovered(a.queryParams, b.queryParams) && mapCovered(a.withoutHeaders, b.withoutHeaders);
}

function analyzeUnreachable(ctx: AnalysisContext, vs: Resource, rule: 'http' | 'tcp' | 'tls'): void {
  const routes = list(vs.spec[rule]);
  const http = rule === 'http';
  const encountered = new Map<string, number>();
  let emptyMatch = -1;
  const prefixMatches: PrefixMatch[] = [];
  const unreachable = (i: number, reason: string) => ctx.report(vs, MSG.VirtualServiceUnreachableRule, [routeName(routes[i], i, http), reason], `/spec/${rule}/${i}`);
  routes.forEach((route: any, i: number) => {
    if (route === null || route === undefined) return;
    const matches = list(route.match);
    if (matches.length === 0) {
      if (emptyMatch >= 0) unreachable(i, 'only the last rule can have no matches');
      emptyMatch = i;
      return;
    }
    let duplicates = 0;
    matches.forEach((match: any, j: number) => {
      if (emptyMatch >= 0) {
        unreachable(i, 'route without matches defined before');
        return;
      }
      const key = asJSON(match, http);
      const dup = encountered.get(key);
      if (dup !== undefined) {
        ctx.report(vs, MSG.VirtualServiceIneffectiveMatch, [routeName(route, i, http), requestName(match, j, http), routeName(routes[dup], dup, http)], `/spec/${rule}/${i}/match/${j}`);
        duplicates++;
        return;
      }
      encountered.set(key, i);
      if (http) {
        const pm = prefixMatch(routeName(route, i, true), requestName(match, j, true), match);
        if (pm) prefixMatches.push(pm);
      }
    });
    if (duplicates === matches.length) unreachable(i, 'all matches used by prior rules');
  });
  for (let a = 0; a < prefixMatches.length; a++) {
    for (let b = a + 1; b < prefixMatches.length; b++) {
      const earlier = prefixMatches[a];
      const later = prefixMatches[b];
      if (later.prefix === earlier.prefix || !covered(earlier, later)) continue;
      ctx.report(vs, MSG.VirtualServiceIneffectiveMatch, [
        later.route, `${later.match} of prefix ${later.prefix}`, `${earlier.match} of prefix ${earlier.prefix} on ${earlier.route}`,
      ], '/spec/http');
    }
  }
}

/** schema.ValidationAnalyzer.VirtualService (the rule-reachability warnings of validateVirtualService) */
export const vsValidationAnalyzer: Analyzer = {
  name: 'schema.ValidationAnalyzer.VirtualService',
  description: "Runs schema validation as an analyzer on 'VirtualService' resources",
  upstream: 'pkg/config/validation/validation.go',
  analyze(ctx) {
    for (const vs of virtualServices(ctx)) {
      analyzeUnreachable(ctx, vs, 'http');
      analyzeUnreachable(ctx, vs, 'tcp');
      analyzeUnreachable(ctx, vs, 'tls');
    }
  },
};
