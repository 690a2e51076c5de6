import { ApiObject } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { AuthorizationPolicy } from './authorization-policy';
import { ConditionKey } from './condition';
import { checkIpBlocks, checkNamespaceName, checkPortNumber, hostLabel, show } from './private/checks';
import { ValidationError } from '../core/errors';
import { gatewayTargetPort, IGatewayWorkload } from '../core/gateway-workload';
import { Host } from '../core/host';
import { isDns1123Label } from '../core/names';
import { OutboundTrafficPolicyMode } from '../core/outbound-traffic';
import { PortProtocol } from '../core/port';
import { checkSelectorLabels, WorkloadSelector } from '../core/workload-selector';
import { Istiod } from '../mesh/istiod';
import { DestinationRule, SubsetOptions } from '../traffic/destination-rule';
import { TlsOrigination } from '../traffic/external-service';
import { Gateway } from '../traffic/gateway';
import { GatewayReference } from '../traffic/gateway-reference';
import { HttpMatch } from '../traffic/http-match';
import { ServerTlsMode } from '../traffic/server-tls';
import { ServiceEntry, ServiceEntryLocation, ServiceEntryPort, ServiceEntryResolution } from '../traffic/service-entry';
import { Sidecar } from '../traffic/sidecar';
import { ClientTlsMode, ClientTlsSettings } from '../traffic/traffic-policy';
import { VirtualService } from '../traffic/virtual-service';

/** Where outbound traffic is restricted to the service registry (`outboundTrafficPolicy: REGISTRY_ONLY`). */
export enum EgressLockdownScope {
  /** In the locked-down namespaces only, through a namespace-wide `Sidecar` named `default` in each. */
  NAMESPACE = 'NAMESPACE',
  /** In the whole mesh, through the mesh config of the `istiod` (which must be part of the app). */
  MESH = 'MESH',
}

/** An external destination the locked-down namespaces may reach. */
export interface AllowedExternalHost {
  /**
   * The host: an exact name (`Host.fromName`), or a wildcard (`Host.wildcard`) only when explicitly wanted — wildcard
   * hosts cannot be routed through the egress gateway and are reached directly from the sidecars.
   */
  readonly host: Host;
  /**
   * The external TLS port.
   * @default 443
   */
  readonly port?: number;
  /**
   * Originate TLS in the mesh: the application calls `http://<host>:<httpPort>` and the proxy (the egress gateway
   * when routing through it) opens TLS to the host.
   * @default - the application does TLS itself; the traffic passes through by SNI
   */
  readonly tlsOrigination?: TlsOrigination;
  /**
   * The host is already registered by a ServiceEntry of this app (e.g. an `ExternalService`) with this port: no
   * ServiceEntry is emitted for it (checked at synthesis). TLS passthrough only.
   * @default false
   */
  readonly registered?: boolean;
}

/** The Kubernetes NetworkPolicy backstop of an `EgressLockdown`. */
export interface EgressNetworkPolicyOptions {
  /**
   * Render a NetworkPolicy in every locked-down namespace that allows egress only to DNS, istiod, the egress gateway
   * and the pods of the locked-down (and `allowedNamespaces`) namespaces, so that pods cannot bypass their sidecar.
   * Needs an egress gateway: without one the sidecars reach the allowed hosts directly, which a NetworkPolicy cannot
   * express by name.
   * @default - true when routing through an egress gateway
   */
  readonly enabled?: boolean;
  /**
   * Namespace of the cluster DNS pods.
   * @default 'kube-system'
   */
  readonly dnsNamespace?: string;
  /**
   * Labels of the cluster DNS pods.
   * @default { 'k8s-app': 'kube-dns' }
   */
  readonly dnsPodLabels?: { [key: string]: string };
  /**
   * Further namespaces whose pods the workloads may call (e.g. a shared database namespace).
   * @default - only the locked-down namespaces
   */
  readonly allowedNamespaces?: string[];
  /**
   * IP blocks the workloads may reach directly (e.g. the Kubernetes API server, a node-local DNS cache).
   * @default - none
   */
  readonly allowedCidrs?: string[];
  /**
   * Ports of the egress gateway pods (container ports) the workloads connect to. A NetworkPolicy sees the traffic
   * after the Service has been resolved to a pod, so these are the ports behind the gateway Service's 80 and 443.
   * @default - the container ports behind the egress gateway's Service ports 80 and 443
   * (`GatewayWorkload.targetPortFor()`): [8080, 8443] for the mesh's `EgressGateway` and
   * `GatewayWorkload.defaultEgress()`, [80, 443] for a gateway without `servicePorts`
   */
  readonly egressGatewayPodPorts?: number[];
}

/** Props of an `EgressLockdown`. */
export interface EgressLockdownProps {
  /**
   * The namespaces to lock down (cdk8s-plus Namespaces of the app).
   * @default - none (give namespaces or namespaceNames)
   */
  readonly namespaces?: kplus.Namespace[];
  /**
   * The namespaces to lock down, by name.
   * @default - none (give namespaces or namespaceNames)
   */
  readonly namespaceNames?: string[];
  /**
   * Where outbound traffic is restricted to the registry.
   * @default EgressLockdownScope.NAMESPACE
   */
  readonly scope?: EgressLockdownScope;
  /**
   * The control plane: required for `EgressLockdownScope.MESH`; its namespace is the istiod the NetworkPolicy admits.
   * @default - istiod in istio-system, not part of the app
   */
  readonly istiod?: Istiod;
  /**
   * The external hosts allowed (more with `allowHost()`).
   * @default - none: no external host is reachable
   */
  readonly allow?: AllowedExternalHost[];
  /**
   * Route allowed traffic through this egress gateway (the mesh's `EgressGateway` or `GatewayWorkload.defaultEgress()`):
   * sidecars → egress gateway over Istio mutual TLS → external host, as in Istio's egress gateway task.
   * @default - the sidecars reach the allowed hosts directly
   */
  readonly egressGateway?: IGatewayWorkload;
  /**
   * Render an ALLOW AuthorizationPolicy on the egress gateway that admits only the locked-down namespaces, and only
   * for the allowed hosts (by SNI). Other users of the same egress gateway need their own ALLOW policy.
   * @default - true when routing through an egress gateway
   */
  readonly egressGatewayPolicy?: boolean;
  /**
   * The NetworkPolicy backstop.
   * @default - enabled when routing through an egress gateway, with the defaults of `EgressNetworkPolicyOptions`
   */
  readonly networkPolicy?: EgressNetworkPolicyOptions;
  /**
   * Name of the Gateway, the egress gateway DestinationRule, the AuthorizationPolicy and the NetworkPolicies.
   * @default 'egress-lockdown'
   */
  readonly name?: string;
  /**
   * Namespace of the ServiceEntries, Gateway, VirtualServices and DestinationRules (exported to every namespace, so
   * that the egress gateway sees them).
   * @default - the first locked-down namespace
   */
  readonly configNamespace?: string;
}

interface Entry {
  readonly host: string;
  readonly hostValue: Host;
  readonly label: string;
  readonly port: number;
  readonly origination?: TlsOrigination;
  readonly httpPort?: number;
  readonly registered: boolean;
  readonly wildcard: boolean;
}

/**
 * The egress gateway *Service* ports allowed traffic is sent to: https (TLS passthrough) and http2 (TLS origination).
 * The Gateway servers listen on the container ports behind them (`GatewayWorkload.targetPortFor()`; 8443 and 8080 on
 * Istio's egress gateway, whose proxy runs unprivileged).
 */
const GATEWAY_TLS_SERVICE_PORT = 443;
const GATEWAY_HTTP_SERVICE_PORT = 80;

/**
 * Blocks all egress of some namespaces except an allowlist of external hosts.
 *
 * Emits:
 * - REGISTRY_ONLY: a `Sidecar` `default` with `outboundTrafficPolicy: REGISTRY_ONLY` in each namespace, or (mesh
 *   scope) `meshConfig.outboundTrafficPolicy` of the `istiod`;
 * - per allowed host: a MESH_EXTERNAL `ServiceEntry` (DNS resolution; NONE for wildcards) unless `registered`, and with
 *   `tlsOrigination` a `DestinationRule` originating TLS;
 * - with `egressGateway`: a `Gateway` on it with an ISTIO_MUTUAL server per host, a `DestinationRule` for the gateway
 *   Service with a subset per host (ISTIO_MUTUAL, SNI = host), and per host a `VirtualService` routing sidecars →
 *   egress gateway → host (TLS/TCP routes for passthrough, HTTP routes for origination). The sidecars send to the
 *   gateway Service's 443 (passthrough) or 80 (origination); the servers listen on the container ports behind them
 *   (`GatewayWorkload.targetPortFor()`: 8443 and 8080 on Istio's egress gateway);
 * - with `egressGateway`: an ALLOW `AuthorizationPolicy` on the gateway pods admitting the locked-down namespaces for
 *   the allowed SNI hosts;
 * - with `egressGateway`: a Kubernetes `NetworkPolicy` per namespace allowing egress to DNS, istiod, the egress gateway
 *   and the locked-down namespaces only.
 *
 * Eager checks: namespaces (at least one, DNS-1123, no repeats), hosts (no `*`, wildcards only without egress
 * gateway, no origination for wildcards), ports, no host/port twice, mesh scope needs the istiod, the network policy
 * and the gateway policy need an egress gateway, the egress gateway must not run in a locked-down namespace. At
 * synthesis: a `registered` host has a ServiceEntry with that port in the app.
 */
export class EgressLockdown extends Construct {
  /** The locked-down namespaces. */
  public readonly namespaceNames: string[];
  /** Namespace of the ServiceEntries, Gateway, VirtualServices and DestinationRules. */
  public readonly configNamespace: string;
  /** The scope of REGISTRY_ONLY. */
  public readonly scope: EgressLockdownScope;

  private readonly name: string;
  private readonly gatewayWorkload?: IGatewayWorkload;
  private readonly withGatewayPolicy: boolean;
  private readonly entries: Entry[] = [];
  private gatewayObjects?: { gateway: Gateway; destinationRule: DestinationRule; policy?: AuthorizationPolicy };

  constructor(scope: Construct, id: string, props: EgressLockdownProps) {
    super(scope, id);
    const names = [...(props.namespaces ?? []).map((n) => n.name), ...(props.namespaceNames ?? [])];
    if (names.length === 0) {
      throw new ValidationError(this, 'namespaces', 'must list at least one namespace, got none; give namespaces or namespaceNames');
    }
    names.forEach((n, i) => checkNamespaceName(this, `namespaces[${i}]`, n, 'use the name of the namespace to lock down'));
    const repeated = names.find((n, i) => names.indexOf(n) !== i);
    if (repeated !== undefined) {
      throw new ValidationError(this, 'namespaces', `must not repeat a namespace, got ${show(repeated)} twice; list each namespace once`);
    }
    this.namespaceNames = names;
    this.name = props.name ?? 'egress-lockdown';
    if (!isDns1123Label(this.name)) {
      throw new ValidationError(this, 'name', `must be a DNS-1123 label of at most 63 characters, got ${show(this.name)}; e.g. 'egress-lockdown'`);
    }
    this.configNamespace = checkNamespaceName(this, 'configNamespace', props.configNamespace ?? names[0], 'use the namespace that holds the egress configuration');
    this.scope = props.scope ?? EgressLockdownScope.NAMESPACE;
    const gw = props.egressGateway;
    this.gatewayWorkload = gw;
    if (gw !== undefined) {
      checkNamespaceName(this, 'egressGateway.namespace', gw.namespace, "use the egress gateway's namespace");
      checkSelectorLabels(this, 'egressGateway.selectorLabels', gw.selectorLabels);
    }
    const netpol = props.networkPolicy ?? {};
    const netpolEnabled = netpol.enabled ?? gw !== undefined;
    if (netpolEnabled && gw === undefined) {
      throw new ValidationError(this, 'networkPolicy.enabled', 'needs an egress gateway, got none; without one the sidecars reach the allowed ' +
        'hosts directly and a NetworkPolicy cannot allow them by name — set egressGateway, or disable the network policy');
    }
    const gatewayPolicy = props.egressGatewayPolicy ?? gw !== undefined;
    if (gatewayPolicy && gw === undefined) {
      throw new ValidationError(this, 'egressGatewayPolicy', 'needs an egress gateway, got none; set egressGateway or remove egressGatewayPolicy');
    }
    if (gw !== undefined && netpolEnabled && names.includes(gw.namespace)) {
      throw new ValidationError(this, 'egressGateway.namespace', `must not be a locked-down namespace, got ${show(gw.namespace)}; the NetworkPolicy would ` +
        'block the gateway itself — run the egress gateway in its own namespace (e.g. istio-system or istio-egress)');
    }

    // REGISTRY_ONLY.
    if (this.scope === EgressLockdownScope.MESH) {
      if (props.istiod === undefined) {
        throw new ValidationError(this, 'istiod', 'is required with EgressLockdownScope.MESH, got none; pass the Istiod of the app, ' +
          'or use EgressLockdownScope.NAMESPACE when the mesh is installed elsewhere');
      }
      props.istiod.restrictOutboundTrafficToRegistry();
    } else {
      for (const ns of names) {
        new Sidecar(this, `Sidecar-${ns}`, {
          metadata: { name: 'default', namespace: ns },
          outboundTrafficPolicy: { mode: OutboundTrafficPolicyMode.REGISTRY_ONLY },
        });
      }
    }

    // The egress gateway objects are created with the first host routed through it.
    this.withGatewayPolicy = gatewayPolicy;
    for (const entry of props.allow ?? []) this.allowHost(entry);

    if (netpolEnabled) {
      const dnsNamespace = checkNamespaceName(this, 'networkPolicy.dnsNamespace', netpol.dnsNamespace ?? 'kube-system', 'use the namespace of the cluster DNS pods');
      const dnsLabels = checkSelectorLabels(this, 'networkPolicy.dnsPodLabels', netpol.dnsPodLabels ?? { 'k8s-app': 'kube-dns' });
      const allowedNamespaces = (netpol.allowedNamespaces ?? []).map((n, i) => checkNamespaceName(this, `networkPolicy.allowedNamespaces[${i}]`, n, 'use the namespace of the pods the workloads call'));
      const cidrs = checkIpBlocks(this, 'networkPolicy.allowedCidrs', netpol.allowedCidrs ?? []);
      // A NetworkPolicy matches the pod's port (after kube-proxy has translated the Service port): the listener ports.
      const defaultPodPorts = [...new Set([GATEWAY_HTTP_SERVICE_PORT, GATEWAY_TLS_SERVICE_PORT]
        .map((p) => gatewayTargetPort(this, 'egressGateway', gw!, p)))].sort((a, b) => a - b);
      const podPorts = (netpol.egressGatewayPodPorts ?? defaultPodPorts)
        .map((p, i) => checkPortNumber(this, `networkPolicy.egressGatewayPodPorts[${i}]`, p, "use the egress gateway's container ports"));
      if (podPorts.length === 0) {
        throw new ValidationError(this, 'networkPolicy.egressGatewayPodPorts', 'must not be empty, got []; leave it out for the default ports');
      }
      const istiodNamespace = props.istiod?.namespace ?? 'istio-system';
      for (const ns of names) {
        new k8s.KubeNetworkPolicy(this, `NetworkPolicy-${ns}`, {
          metadata: { name: this.name, namespace: ns },
          spec: {
            podSelector: {},
            policyTypes: ['Egress'],
            egress: networkPolicyRules(gw!, dnsNamespace, dnsLabels, istiodNamespace, [...names, ...allowedNamespaces], cidrs, podPorts),
          },
        });
      }
    }
    this.node.addValidation({ validate: () => this.validateRegistered() });
  }

  /** The Gateway on the egress gateway, once a host is routed through it. */
  public get gateway(): Gateway | undefined {
    return this.gatewayObjects?.gateway;
  }

  /** The DestinationRule for the egress gateway Service (a subset per host), once a host is routed through it. */
  public get egressGatewayDestinationRule(): DestinationRule | undefined {
    return this.gatewayObjects?.destinationRule;
  }

  /** The AuthorizationPolicy on the egress gateway, once a host is routed through it. */
  public get egressGatewayPolicy(): AuthorizationPolicy | undefined {
    return this.gatewayObjects?.policy;
  }

  /** The allowed hosts so far (`<host>:<port>`). */
  public get allowedHosts(): string[] {
    return this.entries.map((e) => `${e.host}:${e.port}`);
  }

  /**
   * Allows an external host (see `AllowedExternalHost`); rejects a host/port allowed twice.
   * @param allowed the host, port and TLS handling
   * @returns `<host>:<port>`
   */
  public allowHost(allowed: AllowedExternalHost): string {
    const field = `allow[${this.entries.length}]`;
    const host = allowed.host._resolve(this, `${field}.host`);
    if (host === '*') {
      throw new ValidationError(this, `${field}.host`, "must not be '*', got '*'; allowing every host is no lockdown — list the hosts (Host.wildcard('example.com') at most)");
    }
    const wildcard = allowed.host.isWildcard;
    const port = checkPortNumber(this, `${field}.port`, allowed.port ?? 443, "use the external service's TLS port");
    const registered = allowed.registered ?? false;
    const origination = allowed.tlsOrigination;
    const gw = this.gatewayWorkload;
    if (wildcard && gw !== undefined) {
      throw new ValidationError(this, `${field}.host`, `cannot be routed through the egress gateway as a wildcard, got ${show(host)}; ` +
        'list the exact hosts, or lock down without an egress gateway for wildcard destinations');
    }
    if (wildcard && origination !== undefined) {
      throw new ValidationError(this, `${field}.tlsOrigination`, `needs an exact host, got ${show(host)}; TLS origination needs the name to verify — list the exact hosts`);
    }
    if (registered && origination !== undefined) {
      throw new ValidationError(this, `${field}.tlsOrigination`, 'cannot be combined with registered, got both; a registered host is routed as TLS passthrough — ' +
        'let this lockdown register it (registered: false) to originate TLS');
    }
    let httpPort: number | undefined;
    if (origination !== undefined) {
      httpPort = checkPortNumber(this, `${field}.tlsOrigination.httpPort`, origination.httpPort ?? 80, 'use the port the application sends plain HTTP to');
      if (httpPort === port) {
        throw new ValidationError(this, `${field}.tlsOrigination.httpPort`, `must differ from the TLS port, got ${httpPort} for both; the application's plain HTTP port is usually 80`);
      }
    }
    const same = this.entries.find((e) => e.host === host && e.port === port);
    if (same !== undefined) {
      throw new ValidationError(this, `${field}.host`, `is already allowed on port ${port}, got ${show(host)} twice; list each host and port once`);
    }
    const label = hostLabel(port === 443 ? host : `${host}-${port}`);
    if (this.entries.some((e) => e.label === label)) {
      throw new ValidationError(this, `${field}.host`, `derives the same object name as another allowed host, got ${show(label)}; shorten or rename one of the hosts`);
    }
    const entry: Entry = { host, hostValue: allowed.host, label, port, origination, httpPort, registered, wildcard };
    this.entries.push(entry);
    this.render(entry);
    return `${host}:${port}`;
  }

  private render(e: Entry): void {
    const ns = this.configNamespace;
    const scope = new Construct(this, `Allow-${e.label}`);
    const gw = this.gatewayWorkload;
    if (!e.registered) {
      const ports: ServiceEntryPort[] = e.httpPort === undefined
        ? [{ number: e.port, protocol: PortProtocol.TLS, name: 'tls' }]
        : [
          // Without an egress gateway the sidecar originates TLS: the HTTP port's traffic goes to the TLS port.
          { number: e.httpPort, protocol: PortProtocol.HTTP, name: 'http', targetPort: gw === undefined ? e.port : undefined },
          { number: e.port, protocol: PortProtocol.HTTPS, name: 'https' },
        ];
      new ServiceEntry(scope, 'ServiceEntry', {
        metadata: { name: e.label, namespace: ns },
        hosts: [e.hostValue],
        location: ServiceEntryLocation.MESH_EXTERNAL,
        resolution: e.wildcard ? ServiceEntryResolution.NONE : ServiceEntryResolution.DNS,
        ports,
      });
    }
    const originationTls = (): ClientTlsSettings => ({
      mode: e.origination?.credentialName ? ClientTlsMode.MUTUAL : ClientTlsMode.SIMPLE,
      credentialName: e.origination?.credentialName,
      caCertificates: e.origination?.caCertificates,
      subjectAltNames: e.origination?.subjectAltNames,
      sni: e.origination?.sni ?? e.host,
    });
    if (gw === undefined) {
      if (e.httpPort !== undefined) {
        new DestinationRule(scope, 'DestinationRule', {
          metadata: { name: e.label, namespace: ns },
          host: e.hostValue,
          trafficPolicy: { portLevelSettings: [{ port: e.httpPort, tls: originationTls() }] },
        });
      }
      return;
    }

    // Through the egress gateway: sidecar --ISTIO_MUTUAL (SNI = host)--> egress gateway --> host.
    // servicePort: the egress gateway Service port the sidecars send to (route destination; the DestinationRule for
    // that Service, whose settings apply per Service port). listenerPort: the container port behind it, where the
    // Gateway server listens; routes bound to the Gateway match the server's port, so they match listenerPort.
    const objects = this.gatewayObjects ?? this.createGatewayObjects(gw);
    const egressHost = Host.fromServiceName(gw.name, gw.namespace);
    const servicePort = e.httpPort === undefined ? GATEWAY_TLS_SERVICE_PORT : GATEWAY_HTTP_SERVICE_PORT;
    const listenerPort = gatewayTargetPort(this, 'egressGateway', gw, servicePort);
    objects.gateway.addServer(e.httpPort === undefined
      ? { port: { number: listenerPort, protocol: PortProtocol.TLS, name: `tls-${e.label}` }, hosts: [e.hostValue], tls: { mode: ServerTlsMode.ISTIO_MUTUAL } }
      : { port: { number: listenerPort, protocol: PortProtocol.HTTPS, name: `https-${e.label}` }, hosts: [e.hostValue], tls: { mode: ServerTlsMode.ISTIO_MUTUAL } });
    const subset: SubsetOptions = {
      name: e.label,
      trafficPolicy: { portLevelSettings: [{ port: servicePort, tls: { mode: ClientTlsMode.ISTIO_MUTUAL, sni: e.host } }] },
    };
    objects.destinationRule.addSubset(subset);
    // No `to.operation.ports` on the gateway policy: the SNI pins the host. (Ports there would be the listener ports,
    // the port the gateway pod receives on, not the Service ports.)
    objects.policy?.addRule({
      from: [{ namespaces: [...this.namespaceNames] }],
      when: [{ key: ConditionKey.connectionSni(), values: [e.host] }],
    });
    const gatewayRef = GatewayReference.fromGateway(objects.gateway);
    const vs = new VirtualService(scope, 'VirtualService', {
      metadata: { name: `${e.label}-egress`.slice(0, 63).replace(/-+$/, ''), namespace: ns },
      hosts: [e.hostValue],
      gateways: [GatewayReference.mesh(), gatewayRef],
    });
    if (e.httpPort === undefined) {
      vs.addTlsRoute({
        matches: [{ gateways: [GatewayReference.mesh()], port: e.port, sniHosts: [e.hostValue] }],
        destinations: [{ host: egressHost, subset: e.label, port: servicePort }],
      });
      vs.addTcpRoute({
        matches: [{ gateways: [gatewayRef], port: listenerPort }],
        destinations: [{ host: e.hostValue, port: e.port }],
      });
    } else {
      vs.addHttpRoute({
        name: 'to-egress-gateway',
        matches: [HttpMatch.of({ gateways: [GatewayReference.mesh()], port: e.httpPort })],
        destinations: [{ host: egressHost, subset: e.label, port: servicePort }],
      });
      vs.addHttpRoute({
        name: 'to-external',
        matches: [HttpMatch.of({ gateways: [gatewayRef], port: listenerPort })],
        destinations: [{ host: e.hostValue, port: e.port }],
      });
      new DestinationRule(scope, 'DestinationRule', {
        metadata: { name: e.label, namespace: ns },
        host: e.hostValue,
        trafficPolicy: { portLevelSettings: [{ port: e.port, tls: originationTls() }] },
      });
    }
  }

  private createGatewayObjects(gw: IGatewayWorkload): { gateway: Gateway; destinationRule: DestinationRule; policy?: AuthorizationPolicy } {
    this.gatewayObjects = {
      gateway: Gateway.forWorkload(this, 'Gateway', gw, { metadata: { name: this.name, namespace: this.configNamespace } }),
      destinationRule: new DestinationRule(this, 'EgressGatewayDestinationRule', {
        metadata: { name: `${this.name}-gateway`, namespace: this.configNamespace },
        host: Host.fromServiceName(gw.name, gw.namespace),
      }),
      policy: this.withGatewayPolicy
        ? new AuthorizationPolicy(this, 'EgressGatewayPolicy', {
          metadata: { name: this.name, namespace: gw.namespace },
          selector: WorkloadSelector.fromLabels(gw.selectorLabels),
        })
        : undefined,
    };
    return this.gatewayObjects;
  }

  private validateRegistered(): string[] {
    const registered = this.entries.filter((e) => e.registered);
    if (registered.length === 0) return [];
    const known = this.node.root.node.findAll()
      .filter((c): c is ApiObject => ApiObject.isApiObject(c) && c.kind === 'ServiceEntry')
      .map((o) => o.toJson().spec ?? {});
    return registered.filter((e) => !known.some((spec: any) => (spec.hosts ?? []).includes(e.host)
      && (spec.ports ?? []).some((p: any) => p?.number === e.port)))
      .map((e) => `${this.node.path}: allow: ${e.host} is marked registered, got no ServiceEntry in the app with host ${e.host} and port ${e.port}; ` +
        'register it (e.g. ExternalService) or let this lockdown emit the ServiceEntry (registered: false)');
  }
}

/** The egress rules of the NetworkPolicy backstop. */
function networkPolicyRules(
  gw: IGatewayWorkload, dnsNamespace: string, dnsLabels: Record<string, string>, istiodNamespace: string,
  peerNamespaces: string[], cidrs: string[], podPorts: number[],
): k8s.NetworkPolicyEgressRule[] {
  const nsSelector = (name: string): k8s.LabelSelector => ({ matchLabels: { 'kubernetes.io/metadata.name': name } });
  const tcp = (port: number): k8s.NetworkPolicyPort => ({ protocol: 'TCP', port: k8s.IntOrString.fromNumber(port) });
  return [
    {
      to: [{ namespaceSelector: nsSelector(dnsNamespace), podSelector: { matchLabels: { ...dnsLabels } } }],
      ports: [{ protocol: 'UDP', port: k8s.IntOrString.fromNumber(53) }, tcp(53)],
    },
    {
      // xDS and certificate signing (istiod's port 15012).
      to: [{ namespaceSelector: nsSelector(istiodNamespace), podSelector: { matchLabels: { app: 'istiod' } } }],
      ports: [tcp(15012)],
    },
    {
      to: [{ namespaceSelector: nsSelector(gw.namespace), podSelector: { matchLabels: { ...gw.selectorLabels } } }],
      ports: podPorts.map(tcp),
    },
    {
      // The pods of the locked-down (and explicitly allowed) namespaces: in-mesh traffic.
      to: [{ namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: [...peerNamespaces] }] } }],
    },
    ...(cidrs.length ? [{ to: cidrs.map((cidr) => ({ ipBlock: { cidr: cidr.includes('/') ? cidr : `${cidr}/${cidr.includes(':') ? 128 : 32}` } })) }] : []),
  ];
}
