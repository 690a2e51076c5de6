// Host names as Istio compares them (istio/istio pkg/config/host and
// pkg/config/analysis/analyzers/util/{hosts,service_lookup}.go).

/** The Kubernetes cluster domain the analyzers assume (util.DefaultKubernetesDomain). @internal */
export const DEFAULT_CLUSTER_DOMAIN = 'svc.cluster.local';

/** @internal */
export const EXPORT_TO_ALL = '*';
/** @internal */
export const EXPORT_TO_LOCAL = '.';

/**
 * host.Name.Matches: true when the two (possibly wildcarded) hosts have an overlap.
 * @internal
 */
export function hostMatches(n: string, o: string): boolean {
  const nWild = n.startsWith('*');
  const oWild = o.startsWith('*');
  if (nWild) {
    if (oWild) return n.length < o.length ? o.slice(1).endsWith(n.slice(1)) : n.slice(1).endsWith(o.slice(1));
    return o.endsWith(n.slice(1));
  }
  if (oWild) return n.endsWith(o.slice(1));
  return n === o;
}

/**
 * host.Name.SubsetOf: true when every host matched by `n` is matched by `o`.
 * @internal
 */
export function hostSubsetOf(n: string, o: string): boolean {
  if (o.startsWith('*')) {
    if (n.startsWith('*')) return n.slice(1).endsWith(o.slice(1));
    return n.endsWith(o.slice(1));
  }
  if (n.startsWith('*')) return false;
  return n === o;
}

/**
 * host.NamesForNamespace: the hosts (`host`, `ns/host`, `* /host`) that apply to a namespace, without the prefix.
 * @internal
 */
export function namesForNamespace(hosts: ReadonlyArray<string>, namespace: string): string[] {
  const out: string[] = [];
  for (const h of hosts) {
    if (h.includes('/')) {
      const [ns, name] = h.split('/');
      if (ns !== namespace && ns !== '*') continue;
      out.push(name);
    } else {
      out.push(h);
    }
  }
  return out;
}

/**
 * util.ConvertHostToFQDN: a short name (no dot, not a wildcard) becomes `name.namespace.svc.cluster.local`.
 * @internal
 */
export function toFqdn(namespace: string, host: string): string {
  return !host.startsWith('*') && !host.includes('.') ? `${host}.${namespace}.${DEFAULT_CLUSTER_DOMAIN}` : host;
}

const FQDN = /^(.+)\.(.+)\.svc\.cluster\.local$/;

/**
 * util.GetResourceNameFromHost: the namespace and name a host refers to (an FQDN of the cluster domain names its
 * namespace; anything else is taken as a name in the default namespace).
 * @internal
 */
export function resourceNameFromHost(defaultNamespace: string, host: string): { namespace: string; name: string } {
  const m = FQDN.exec(host);
  if (m) return { namespace: m[2], name: m[1] };
  return { namespace: defaultNamespace, name: host };
}

/** A port of a ServiceEntry, or of a Service converted to one. @internal */
export interface HostPort {
  readonly number: number;
  readonly name: string;
  readonly protocol: string;
}

/** What a host resolves to: a ServiceEntry, or a Kubernetes Service seen as one (util.InitServiceEntryHostMap). @internal */
export interface ServiceHost {
  readonly ports: ReadonlyArray<HostPort>;
  /** `workloadSelector.labels` of a ServiceEntry (undefined for Services, as upstream). */
  readonly workloadSelector?: Readonly<Record<string, string>>;
  /** The ServiceEntry or Service. */
  readonly source: { kind: string; namespace: string; name: string };
}

/**
 * The ServiceEntry host map (util.InitServiceEntryHostMap): keyed by `scope/fqdn` where the scope is the namespace
 * the host is visible in, or `*`. Wildcard hosts are kept in a list as well, so that a lookup does not scan the map.
 * @internal
 */
export class ServiceHostMap {
  private readonly byScopedFqdn = new Map<string, ServiceHost>();
  private readonly wildcards = new Map<string, { scope: string; host: string; entry: ServiceHost }>();

  public set(scope: string, namespace: string, host: string, entry: ServiceHost): void {
    const fqdn = toFqdn(namespace, host);
    const key = `${scope}/${fqdn}`;
    if (fqdn.startsWith('*')) this.wildcards.set(key, { scope, host: fqdn, entry });
    this.byScopedFqdn.set(key, entry);
  }

  /**
   * util.GetDestinationHost: what `host`, referenced from `sourceNamespace` by an object exported to `exportTo`,
   * resolves to; undefined when nothing in the mesh serves it.
   */
  public lookup(sourceNamespace: string, exportTo: ReadonlyArray<string>, host: string): ServiceHost | undefined {
    const fqdn = toFqdn(sourceNamespace, host);
    const all = this.byScopedFqdn.get(`${EXPORT_TO_ALL}/${fqdn}`);
    if (all) return all;
    if (exportTo.length === 0) {
      const local = this.byScopedFqdn.get(`${sourceNamespace}/${fqdn}`);
      if (local) return local;
    } else {
      for (const e of exportTo) {
        const scoped = this.byScopedFqdn.get(`${e === EXPORT_TO_LOCAL ? sourceNamespace : e}/${fqdn}`);
        if (scoped) return scoped;
      }
    }
    const hostWithoutWildcard = host.startsWith('*') ? host.slice(1) : host;
    for (const w of this.wildcards.values()) {
      if (w.scope !== EXPORT_TO_ALL && w.scope !== sourceNamespace) continue;
      if (hostWithoutWildcard.endsWith(w.host.slice(1))) return w.entry;
    }
    return undefined;
  }
}
