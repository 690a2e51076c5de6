import { App, Chart } from 'cdk8s';
import { list, stringList } from './context';
import { DEFAULT_CLUSTER_DOMAIN, resourceNameFromHost, toFqdn } from './hosts';
import { GROUP, Resource, toResources } from './resource';
import { chartObjects, fromJson } from './synth-objects';
import { readYamlStream, ReadResult } from '../validation/yaml-reader';

/** How to render a `MeshGraph`. */
export enum GraphFormat {
  /** A Mermaid flowchart (GitHub renders ```mermaid blocks in Markdown). */
  MERMAID = 'mermaid',
  /** Graphviz DOT. */
  DOT = 'dot',
}

type NodeKind = 'gateway' | 'mesh' | 'route' | 'service';

interface GraphNode {
  readonly id: string;
  readonly kind: NodeKind;
  /** Namespace the node is drawn in; undefined for the mesh node, '' for hosts outside the cluster. */
  readonly group?: string;
  readonly lines: string[];
}

interface GraphEdge {
  readonly from: string;
  readonly to: string;
  readonly label: string;
  readonly dashed: boolean;
}

interface NamespaceInfo {
  readonly mtls: string;
  readonly authz: string;
}

const MESH_ID = 'mesh';


function percent(value: unknown): string {
  const n = typeof value === 'number' ? value : typeof (value as any)?.value === 'number' ? (value as any).value : 100;
  return `${n}%`;
}

function matchSummary(match: any): string {
  const parts: string[] = [];
  for (const field of ['uri', 'method', 'authority', 'scheme']) {
    const sm = match?.[field];
    if (!sm) continue;
    const [type, value] = Object.entries(sm)[0] ?? [];
    if (type) parts.push(`${field} ${type} ${String(value)}`);
  }
  for (const [name, sm] of Object.entries<any>(match?.headers ?? {})) {
    const [type, value] = Object.entries(sm ?? {})[0] ?? [];
    parts.push(type ? `header ${name} ${type} ${String(value)}` : `header ${name}`);
  }
  if (typeof match?.port === 'number') parts.push(`port ${match.port}`);
  if (Array.isArray(match?.sniHosts)) parts.push(`sni ${match.sniHosts.join(',')}`);
  return parts.join(' & ');
}

function routeMarkers(route: any): string[] {
  const markers: string[] = [];
  const delay = route?.fault?.delay;
  if (delay) markers.push(`fault delay ${delay.fixedDelay ?? delay.exponentialDelay ?? ''} ${percent(delay.percentage ?? delay.percent)}`.replace(/ {2}/, ' '));
  const abort = route?.fault?.abort;
  if (abort) markers.push(`fault abort ${abort.httpStatus ?? abort.grpcStatus ?? abort.http2Error ?? ''} ${percent(abort.percentage)}`.replace(/ {2}/, ' '));
  if (route?.retries?.attempts !== undefined) markers.push(`retries ${route.retries.attempts}`);
  if (route?.timeout !== undefined) markers.push(`timeout ${route.timeout}`);
  return markers;
}

/**
 * The routing topology of a mesh, for review: ingress gateways and the mesh (sidecars) → VirtualServices and
 * Gateway API HTTPRoutes → services and subsets, with weights, matches and fault, retry and timeout markers; nodes
 * grouped by namespace, each labelled with its mTLS mode (PeerAuthentication) and its authorization policies.
 */
export class MeshGraph {
  /**
   * The graph of a multi-document YAML (or JSON) stream.
   * @param text the YAML text
   * @param defaultNamespace namespace of namespaced objects that have none
   */
  public static fromYaml(text: string, defaultNamespace: string = 'default'): MeshGraph {
    return MeshGraph._fromSources([readYamlStream(text)], defaultNamespace);
  }

  /**
   * The graph of what a chart synthesizes.
   * @param chart the chart
   */
  public static fromChart(chart: Chart): MeshGraph {
    return MeshGraph._fromSources([fromJson(chartObjects(chart))]);
  }

  /**
   * The graph of every chart of an app.
   * @param app the app
   */
  public static fromApp(app: App): MeshGraph {
    return MeshGraph._fromSources([fromJson(app.charts.flatMap(chartObjects))]);
  }

  /** @internal */
  public static _fromSources(sources: ReadonlyArray<ReadResult>, defaultNamespace: string = 'default'): MeshGraph {
    return new MeshGraph(toResources(sources.flatMap((s) => s.objects), defaultNamespace));
  }

  private readonly nodes = new Map<string, GraphNode>();
  private readonly edges: GraphEdge[] = [];
  private readonly namespaceInfo = new Map<string, NamespaceInfo>();

  private constructor(resources: ReadonlyArray<Resource>) {
    const ofKind = (group: string, kind: string) => resources.filter((r) => r.group === group && r.kind === kind);
    const tlsModes = new Map<string, string>();
    for (const dr of ofKind(GROUP.NETWORKING, 'DestinationRule')) {
      const mode = dr.spec.trafficPolicy?.tls?.mode;
      if (typeof mode === 'string' && typeof dr.spec.host === 'string') tlsModes.set(toFqdn(dr.namespace, dr.spec.host), mode);
    }
    const service = (fqdn: string, subset: string | undefined, port: number | undefined): string => {
      const id = `svc:${fqdn}${port !== undefined ? `:${port}` : ''}${subset ? `#${subset}` : ''}`;
      if (!this.nodes.has(id)) {
        const inCluster = fqdn.endsWith(`.${DEFAULT_CLUSTER_DOMAIN}`);
        const ref = resourceNameFromHost('', fqdn);
        const lines = [`${inCluster ? ref.name : fqdn}${port !== undefined ? `:${port}` : ''}${subset ? ` · subset ${subset}` : ''}`];
        if (tlsModes.has(fqdn)) lines.push(`tls ${tlsModes.get(fqdn)}`);
        this.nodes.set(id, { id, kind: 'service', group: inCluster ? ref.namespace : '', lines });
      }
      return id;
    };

    for (const gw of ofKind(GROUP.NETWORKING, 'Gateway')) {
      const servers = list(gw.spec.servers).map((s: any) => `${s?.port?.protocol ?? ''} ${s?.port?.number ?? ''}: ${stringList(s?.hosts).join(', ')}`.trim());
      this.nodes.set(`gw:${gw.namespace}/${gw.name}`, { id: `gw:${gw.namespace}/${gw.name}`, kind: 'gateway', group: gw.namespace, lines: [`Gateway ${gw.name}`, ...servers] });
    }
    for (const gw of ofKind(GROUP.GATEWAY_API, 'Gateway')) {
      const listeners = list(gw.spec.listeners).map((l: any) => `${l?.protocol ?? ''} ${l?.port ?? ''}${l?.hostname ? `: ${l.hostname}` : ''}`.trim());
      this.nodes.set(`kgw:${gw.namespace}/${gw.name}`, {
        id: `kgw:${gw.namespace}/${gw.name}`, kind: 'gateway', group: gw.namespace, lines: [`Gateway ${gw.name} (${gw.spec.gatewayClassName ?? 'Gateway API'})`, ...listeners],
      });
    }

    for (const vs of ofKind(GROUP.NETWORKING, 'VirtualService')) {
      const id = `vs:${vs.namespace}/${vs.name}`;
      this.nodes.set(id, { id, kind: 'route', group: vs.namespace, lines: [`VirtualService ${vs.name}`, `hosts: ${stringList(vs.spec.hosts).join(', ')}`] });
      const gateways = stringList(vs.spec.gateways);
      for (const g of gateways.length === 0 ? ['mesh'] : gateways) {
        if (g === 'mesh') {
          if (!this.nodes.has(MESH_ID)) this.nodes.set(MESH_ID, { id: MESH_ID, kind: 'mesh', lines: ['mesh (sidecars)'] });
          this.edges.push({ from: MESH_ID, to: id, label: '', dashed: false });
          continue;
        }
        const [ns, name] = g.includes('/') ? g.split('/', 2) : [vs.namespace, g];
        const gwId = `gw:${ns}/${name}`;
        if (!this.nodes.has(gwId)) this.nodes.set(gwId, { id: gwId, kind: 'gateway', group: ns, lines: [`Gateway ${name}`, '(not in the input)'] });
        this.edges.push({ from: gwId, to: id, label: '', dashed: false });
      }
      for (const protocol of ['http', 'tls', 'tcp'] as const) {
        list(vs.spec[protocol]).forEach((route: any, i: number) => {
          const head = [
            ...(protocol !== 'http' ? [protocol] : []),
            ...(route?.name ? [String(route.name)] : []),
            ...list(route?.match).map(matchSummary).filter((s) => s !== '').slice(0, 1),
          ];
          const destinations = list(route?.route);
          const markers = protocol === 'http' ? routeMarkers(route) : [];
          destinations.forEach((rd: any) => {
            const d = rd?.destination ?? {};
            if (typeof d.host !== 'string') return;
            const weight = destinations.length > 1 || rd.weight !== undefined ? [`${rd.weight ?? 0}%`] : [];
            this.edges.push({ from: id, to: service(toFqdn(vs.namespace, d.host), d.subset, d.port?.number), label: [...head, ...weight, ...markers].join(' · '), dashed: false });
          });
          if (protocol === 'http') {
            const mirrors = [...(route?.mirror ? [{ destination: route.mirror, percentage: route.mirrorPercentage }] : []), ...list(route?.mirrors)];
            for (const m of mirrors) {
              const d = m?.destination ?? {};
              if (typeof d.host !== 'string') continue;
              this.edges.push({ from: id, to: service(toFqdn(vs.namespace, d.host), d.subset, d.port?.number), label: `mirror ${percent(m.percentage)}`, dashed: true });
            }
          }
          if (destinations.length === 0 && route?.redirect) this.edges.push({ from: id, to: id, label: `#${i} redirect`, dashed: true });
        });
      }
    }

    for (const hr of [...ofKind(GROUP.GATEWAY_API, 'HTTPRoute'), ...ofKind(GROUP.GATEWAY_API, 'GRPCRoute')]) {
      const id = `hr:${hr.kind}:${hr.namespace}/${hr.name}`;
      this.nodes.set(id, { id, kind: 'route', group: hr.namespace, lines: [`${hr.kind} ${hr.name}`, ...(stringList(hr.spec.hostnames).length ? [`hosts: ${stringList(hr.spec.hostnames).join(', ')}`] : [])] });
      for (const parent of list(hr.spec.parentRefs)) {
        const ns = parent?.namespace ?? hr.namespace;
        if ((parent?.kind ?? 'Gateway') === 'Service') {
          if (!this.nodes.has(MESH_ID)) this.nodes.set(MESH_ID, { id: MESH_ID, kind: 'mesh', lines: ['mesh (sidecars)'] });
          this.edges.push({ from: MESH_ID, to: id, label: `${parent.name}`, dashed: false });
          continue;
        }
        const gwId = `kgw:${ns}/${parent?.name}`;
        if (!this.nodes.has(gwId)) this.nodes.set(gwId, { id: gwId, kind: 'gateway', group: ns, lines: [`Gateway ${parent?.name}`, '(not in the input)'] });
        this.edges.push({ from: gwId, to: id, label: parent?.sectionName ? String(parent.sectionName) : '', dashed: false });
      }
      list(hr.spec.rules).forEach((rule: any) => {
        const backends = list(rule?.backendRefs);
        const head = [...(rule?.name ? [String(rule.name)] : []), ...list(rule?.matches).map((m: any) => (m?.path ? `path ${m.path.type ?? 'PathPrefix'} ${m.path.value ?? '/'}` : '')).filter((s) => s).slice(0, 1)];
        const markers = [...(rule?.timeouts?.request ? [`timeout ${rule.timeouts.request}`] : []), ...(rule?.retry?.attempts !== undefined ? [`retries ${rule.retry.attempts}`] : [])];
        for (const b of backends) {
          if ((b?.kind ?? 'Service') !== 'Service' || typeof b?.name !== 'string') continue;
          const weight = backends.length > 1 || b.weight !== undefined ? [`weight ${b.weight ?? 1}`] : [];
          this.edges.push({ from: id, to: service(`${b.name}.${b.namespace ?? hr.namespace}.${DEFAULT_CLUSTER_DOMAIN}`, undefined, b.port), label: [...head, ...weight, ...markers].join(' · '), dashed: false });
        }
      });
    }

    // mTLS mode and authorization per namespace drawn.
    const root = 'istio-system';
    const peerMode = (ns: string) => ofKind(GROUP.SECURITY, 'PeerAuthentication').find((p) => p.namespace === ns && !p.spec.selector)?.spec.mtls?.mode as string | undefined;
    const meshMode = peerMode(root);
    const policies = ofKind(GROUP.SECURITY, 'AuthorizationPolicy');
    for (const ns of new Set([...this.nodes.values()].map((n) => n.group).filter((g): g is string => g !== undefined && g !== ''))) {
      const own = peerMode(ns);
      const mtls = own !== undefined ? own : meshMode !== undefined ? `${meshMode} (mesh-wide)` : 'PERMISSIVE (default)';
      const counts = new Map<string, number>();
      for (const p of policies.filter((x) => x.namespace === ns)) counts.set(p.spec.action ?? 'ALLOW', (counts.get(p.spec.action ?? 'ALLOW') ?? 0) + 1);
      const authz = counts.size === 0 ? 'none' : [...counts].sort().map(([a, n]) => `${a}×${n}`).join(' ');
      this.namespaceInfo.set(ns, { mtls, authz });
    }
  }

  /** The graph as a Mermaid flowchart (left to right). */
  public toMermaid(): string {
    const ids = this.shortIds();
    const esc = (s: string) => s.replace(/"/g, '#quot;');
    const node = (n: GraphNode) => {
      const text = esc(n.lines.join('<br/>'));
      const id = ids.get(n.id)!;
      switch (n.kind) {
        case 'mesh': return `${id}(("${text}"))`;
        case 'gateway': return `${id}{{"${text}"}}`;
        case 'service': return `${id}(["${text}"])`;
        default: return `${id}["${text}"]`;
      }
    };
    const out = ['flowchart LR'];
    for (const [group, nodes] of this.groups()) {
      if (group === undefined) {
        for (const n of nodes) out.push(`  ${node(n)}`);
        continue;
      }
      out.push(`  subgraph ${this.groupId(group)}["${esc(this.groupTitle(group).join(' · '))}"]`);
      for (const n of nodes) out.push(`    ${node(n)}`);
      out.push('  end');
    }
    for (const e of this.edges) {
      const arrow = e.dashed ? '-.->' : '-->';
      out.push(`  ${ids.get(e.from)} ${arrow}${e.label ? `|"${esc(e.label)}"|` : ''} ${ids.get(e.to)}`);
    }
    return out.join('\n') + '\n';
  }

  /** The graph in Graphviz DOT. */
  public toDot(): string {
    const escape = (s: string) => s.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
    const q = (s: string) => `"${escape(s)}"`;
    const lines = (l: ReadonlyArray<string>) => `"${l.map(escape).join('\\n')}"`;
    const shape: Record<NodeKind, string> = { mesh: 'ellipse', gateway: 'hexagon', route: 'box', service: 'box, style=rounded' };
    const node = (n: GraphNode) => `${q(n.id)} [shape=${shape[n.kind]}, label=${lines(n.lines)}];`;
    const out = ['digraph mesh {', '  rankdir=LR;', '  node [fontname="Helvetica", fontsize=10];', '  edge [fontname="Helvetica", fontsize=9];'];
    for (const [group, nodes] of this.groups()) {
      if (group === undefined) {
        for (const n of nodes) out.push(`  ${node(n)}`);
        continue;
      }
      out.push(`  subgraph ${q(`cluster_${this.groupId(group)}`)} {`);
      out.push(`    label=${lines(this.groupTitle(group))};`);
      for (const n of nodes) out.push(`    ${node(n)}`);
      out.push('  }');
    }
    for (const e of this.edges) {
      const attrs = [...(e.label ? [`label=${q(e.label)}`] : []), ...(e.dashed ? ['style=dashed'] : [])];
      out.push(`  ${q(e.from)} -> ${q(e.to)}${attrs.length ? ` [${attrs.join(', ')}]` : ''};`);
    }
    out.push('}');
    return out.join('\n') + '\n';
  }

  /**
   * Renders the graph.
   * @param format Mermaid or DOT
   */
  public render(format: GraphFormat): string {
    return format === GraphFormat.DOT ? this.toDot() : this.toMermaid();
  }

  /** Nodes by namespace group: the mesh node first (no group), then namespaces sorted, then external hosts (''). */
  private groups(): Array<[string | undefined, GraphNode[]]> {
    const byGroup = new Map<string | undefined, GraphNode[]>();
    for (const n of [...this.nodes.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
      if (!byGroup.has(n.group)) byGroup.set(n.group, []);
      byGroup.get(n.group)!.push(n);
    }
    const order = (g: string | undefined) => (g === undefined ? '0' : g === '' ? '2' : `1${g}`);
    return [...byGroup].sort(([a], [b]) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0));
  }

  private groupTitle(group: string): string[] {
    if (group === '') return ['outside the cluster'];
    const info = this.namespaceInfo.get(group)!;
    return [`namespace ${group}`, `mTLS ${info.mtls}`, `authz ${info.authz}`];
  }

  private groupId(group: string): string {
    return group === '' ? 'external' : `ns_${group.replace(/[^A-Za-z0-9]/g, '_')}`;
  }

  /** Readable, unique Mermaid ids derived from the node ids. */
  private shortIds(): Map<string, string> {
    const ids = new Map<string, string>();
    const used = new Set<string>();
    for (const id of [...this.nodes.keys()].sort()) {
      const base = id.replace(`.${DEFAULT_CLUSTER_DOMAIN}`, '').replace(/[^A-Za-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
      let candidate = base;
      for (let i = 2; used.has(candidate); i++) candidate = `${base}_${i}`;
      used.add(candidate);
      ids.set(id, candidate);
    }
    return ids;
  }
}
