import { ApiObjectMetadata, Chart, Lazy } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct, IConstruct } from 'constructs';
import { ValidationError } from '../core/errors';
import { Host } from '../core/host';
import { isDns1123Label } from '../core/names';
import { checkPort, defaultPortName, PortProtocol } from '../core/port';
import { WorkloadSelector } from '../core/workload-selector';
import * as networking from '../imports/networking';
import { l1, namespaceOf, nonEmpty } from './private/common';
import { renderConnectionPool } from './private/render-policy';
import { renderServerTls } from './private/render-tls';
import { ServerTlsSettings } from './server-tls';
import { ConnectionPool } from './traffic-policy';
import { OutboundTrafficPolicyMode } from '../core/outbound-traffic';

/**
 * A host a Sidecar's egress listener exposes, in `<namespace>/<host>` form: the namespace part is a namespace, `.`
 * (the Sidecar's own), `*` (any) or `~` (none); the host part is a DNS name, a wildcard, or `*`.
 *
 * @example
 * SidecarEgressHost.sameNamespace()                    // ./*
 * SidecarEgressHost.allInNamespace('istio-system')     // istio-system/*
 * SidecarEgressHost.fromService(reviews)               // bookinfo/reviews.bookinfo.svc.cluster.local
 */
export class SidecarEgressHost {
  /**
   * A host in a namespace.
   * @param namespace the namespace exporting the host
   * @param host the host
   */
  public static of(namespace: string, host: Host): SidecarEgressHost {
    return new SidecarEgressHost(namespace, host);
  }

  /**
   * Every host (or one host) of the Sidecar's own namespace: `./*` or `./<host>`.
   * @param host a host (default: every host)
   */
  public static sameNamespace(host?: Host): SidecarEgressHost {
    return new SidecarEgressHost('.', host);
  }

  /**
   * Every host exported by a namespace: `<namespace>/*`.
   * @param namespace the namespace
   */
  public static allInNamespace(namespace: string): SidecarEgressHost {
    return new SidecarEgressHost(namespace, undefined);
  }

  /**
   * A host exported by any namespace: `*` + `/<host>`.
   * @param host the host
   */
  public static anyNamespace(host: Host): SidecarEgressHost {
    return new SidecarEgressHost('*', host);
  }

  /**
   * A cdk8s-plus Service: `<namespace>/<fqdn>`.
   * @param service the Service (with a namespace)
   */
  public static fromService(service: kplus.Service): SidecarEgressHost {
    const namespace = service.metadata.namespace ?? Chart.of(service).namespace ?? '';
    return new SidecarEgressHost(namespace, Host.fromService(service));
  }

  private constructor(private readonly namespace: string, private readonly host: Host | undefined) {}

  /** The rendered `<namespace>/<host>`. */
  public get value(): string {
    return `${this.namespace}/${this.host?.value ?? '*'}`;
  }

  /**
   * Checks and renders the host.
   * @internal
   */
  public _resolve(scope: IConstruct, field: string): string {
    const host = this.host?._resolve(scope, field) ?? '*';
    const ns = this.namespace;
    if (ns !== '.' && ns !== '*' && ns !== '~' && !isDns1123Label(ns)) {
      throw new ValidationError(scope, field, `namespace part must be a namespace, '.', '*' or '~', got '${ns}'; use the namespace that exports the host`);
    }
    return `${ns}/${host}`;
  }
}

/** How traffic reaches a Sidecar listener. */
export enum CaptureMode {
  /** The default of the workload (iptables, or none for bind addresses). */
  DEFAULT = 'DEFAULT',
  /** Redirected by iptables. */
  IPTABLES = 'IPTABLES',
  /** No capture: the application talks to the listener explicitly. */
  NONE = 'NONE',
}

/** A port of a Sidecar listener. */
export interface SidecarPort {
  /** Port number, 1–65535. */
  readonly number: number;
  /** Protocol. */
  readonly protocol: PortProtocol;
  /**
   * Port name.
   * @default `<protocol>-<number>` in lowercase
   */
  readonly name?: string;
  /**
   * Target port.
   * @default - same as number
   */
  readonly targetPort?: number;
}

/** Outbound listener of a Sidecar (Istio `IstioEgressListener`). */
export interface SidecarEgressListener {
  /** Hosts the workload may reach through this listener. */
  readonly hosts: SidecarEgressHost[];
  /**
   * Port of the listener (at most one listener without port, listed last, catches the rest).
   * @default - every port
   */
  readonly port?: SidecarPort;
  /**
   * Address to bind to.
   * @default - the catch-all address
   */
  readonly bind?: string;
  /**
   * Capture mode.
   * @default CaptureMode.DEFAULT
   */
  readonly captureMode?: CaptureMode;
}

/** Inbound listener of a Sidecar (Istio `IstioIngressListener`). */
export interface SidecarIngressListener {
  /** Port the workload receives traffic on. */
  readonly port: SidecarPort;
  /**
   * Where to forward: `127.0.0.1:PORT`, `0.0.0.0:PORT`, `[::1]:PORT` or a `unix://` socket.
   * @default - the workload's IP and port
   */
  readonly defaultEndpoint?: string;
  /**
   * Address to bind to.
   * @default - the workload's IP
   */
  readonly bind?: string;
  /**
   * Capture mode.
   * @default CaptureMode.DEFAULT
   */
  readonly captureMode?: CaptureMode;
  /**
   * Terminate TLS for clients outside the mesh.
   * @default - none
   */
  readonly tls?: ServerTlsSettings;
  /**
   * Limits on accepted connections for this port.
   * @default - inboundConnectionPool
   */
  readonly connectionPool?: ConnectionPool;
}

/** The destination unknown traffic is sent to with `ALLOW_ANY`. */
export interface EgressProxy {
  /** The proxy host. */
  readonly host: Host;
  /**
   * A subset of it.
   * @default - none
   */
  readonly subset?: string;
  /**
   * Its port.
   * @default - its only port
   */
  readonly port?: number;
}

/** Outbound traffic policy of a Sidecar. */
export interface OutboundTrafficPolicy {
  /** The mode. */
  readonly mode: OutboundTrafficPolicyMode;
  /**
   * Send traffic to unknown hosts to this proxy (ALLOW_ANY only).
   * @default - passthrough
   */
  readonly egressProxy?: EgressProxy;
}

/** Props of a `Sidecar`. */
export interface SidecarProps {
  /**
   * Metadata (name, namespace, labels, annotations).
   * @default - a name generated by cdk8s; the chart's namespace
   */
  readonly metadata?: ApiObjectMetadata;
  /**
   * The workloads configured. Without it the Sidecar is the namespace default (one per namespace).
   * @default - every workload of the namespace
   */
  readonly workloadSelector?: WorkloadSelector;
  /**
   * Outbound listeners (more with `addEgress()`).
   * @default - the mesh default (every host)
   */
  readonly egress?: SidecarEgressListener[];
  /**
   * Inbound listeners (more with `addIngress()`).
   * @default - derived from the workload's Services
   */
  readonly ingress?: SidecarIngressListener[];
  /**
   * Handling of traffic to unknown hosts.
   * @default - the mesh setting
   */
  readonly outboundTrafficPolicy?: OutboundTrafficPolicy;
  /**
   * Limits on accepted connections for every inbound port.
   * @default - none
   */
  readonly inboundConnectionPool?: ConnectionPool;
}

/**
 * An Istio Sidecar (`networking.istio.io/v1`): narrows what a workload's proxy sees (egress hosts, the biggest lever
 * on proxy memory in large meshes), its inbound listeners and its outbound traffic policy.
 *
 * Eager checks: egress hosts, at most one port-less egress listener and it comes last, unique ports, egressProxy only
 * with ALLOW_ANY. At synthesis: at most one Sidecar without workloadSelector per namespace in this app.
 */
export class Sidecar extends Construct {
  /** The L1 object (escape hatch). */
  public readonly apiObject: networking.Sidecar;
  /** The namespace the Sidecar is synthesized into, when known. */
  public readonly namespace?: string;
  /** Whether the Sidecar selects workloads (otherwise it is the namespace default). */
  public readonly selectsWorkloads: boolean;

  private readonly egress: networking.SidecarSpecEgress[] = [];
  private readonly ingress: networking.SidecarSpecIngress[] = [];

  constructor(scope: Construct, id: string, props: SidecarProps = {}) {
    super(scope, id);
    this.namespace = namespaceOf(this, props.metadata);
    this.selectsWorkloads = props.workloadSelector !== undefined;
    const workloadSelector = props.workloadSelector === undefined ? undefined : { labels: props.workloadSelector._resolve(this, 'workloadSelector') };
    let outboundTrafficPolicy: networking.SidecarSpecOutboundTrafficPolicy | undefined;
    if (props.outboundTrafficPolicy) {
      const o = props.outboundTrafficPolicy;
      if (o.egressProxy && o.mode !== OutboundTrafficPolicyMode.ALLOW_ANY) {
        throw new ValidationError(this, 'outboundTrafficPolicy.egressProxy', `only applies with mode ALLOW_ANY, got mode ${o.mode}; remove egressProxy or use ALLOW_ANY`);
      }
      outboundTrafficPolicy = {
        mode: l1(o.mode),
        egressProxy: o.egressProxy === undefined ? undefined : {
          host: o.egressProxy.host._resolve(this, 'outboundTrafficPolicy.egressProxy.host'),
          subset: o.egressProxy.subset,
          port: o.egressProxy.port === undefined ? undefined : { number: checkPort(this, 'outboundTrafficPolicy.egressProxy.port', o.egressProxy.port) },
        },
      };
    }
    const inboundConnectionPool = props.inboundConnectionPool === undefined ? undefined
      : renderConnectionPool(this, 'inboundConnectionPool', props.inboundConnectionPool) as networking.SidecarSpecInboundConnectionPool;
    for (const e of props.egress ?? []) this.addEgress(e);
    for (const i of props.ingress ?? []) this.addIngress(i);

    this.apiObject = new networking.Sidecar(this, 'Resource', {
      metadata: props.metadata,
      spec: Lazy.any({
        produce: (): networking.SidecarSpec => ({
          workloadSelector,
          egress: nonEmpty([...this.egress]),
          ingress: nonEmpty([...this.ingress]),
          outboundTrafficPolicy,
          inboundConnectionPool,
        }),
      }),
    });
    this.node.addValidation({ validate: () => this.validateNamespaceDefault() });
  }

  /** The Sidecar's `metadata.name`. */
  public get name(): string {
    return this.apiObject.name;
  }

  /**
   * Adds an outbound listener.
   * @param listener the listener
   * @returns its position
   */
  public addEgress(listener: SidecarEgressListener): number {
    const index = this.egress.length;
    const field = `egress[${index}]`;
    if (this.egress.some((e) => e.port === undefined)) {
      throw new ValidationError(this, field, 'comes after the egress listener without port, got another listener; the port-less (catch-all) listener must be the last one');
    }
    if (listener.hosts.length === 0) {
      throw new ValidationError(this, `${field}.hosts`, "must list at least one host, got none; e.g. SidecarEgressHost.sameNamespace() and SidecarEgressHost.allInNamespace('istio-system')");
    }
    const port = listener.port === undefined ? undefined : this.renderPort(`${field}.port`, listener.port);
    if (port && this.egress.some((e) => e.port?.number === port.number)) {
      throw new ValidationError(this, `${field}.port.number`, `must be unique among egress listeners, got ${port.number} twice; merge the hosts into one listener`);
    }
    this.egress.push({
      hosts: listener.hosts.map((h, i) => h._resolve(this, `${field}.hosts[${i}]`)),
      port,
      bind: listener.bind,
      captureMode: l1(listener.captureMode),
    });
    return index;
  }

  /**
   * Adds an inbound listener.
   * @param listener the listener
   * @returns its position
   */
  public addIngress(listener: SidecarIngressListener): number {
    const index = this.ingress.length;
    const field = `ingress[${index}]`;
    const port = this.renderPort(`${field}.port`, listener.port);
    if (this.ingress.some((i) => i.port.number === port.number)) {
      throw new ValidationError(this, `${field}.port.number`, `must be unique among ingress listeners, got ${port.number} twice; one listener per port`);
    }
    const ep = listener.defaultEndpoint;
    if (ep !== undefined && !/^(127\.0\.0\.1|0\.0\.0\.0|\[::1\]|\[::\]):\d{1,5}$/.test(ep) && !/^unix:\/\/[/@]/.test(ep)) {
      throw new ValidationError(this, `${field}.defaultEndpoint`, `must be 127.0.0.1:PORT, 0.0.0.0:PORT, [::1]:PORT, [::]:PORT or unix:// socket, got '${ep}'; forward to the application's local port`);
    }
    this.ingress.push({
      port,
      defaultEndpoint: ep,
      bind: listener.bind,
      captureMode: l1(listener.captureMode),
      tls: listener.tls === undefined ? undefined : renderServerTls(this, `${field}.tls`, listener.tls) as unknown as networking.SidecarSpecIngressTls,
      connectionPool: listener.connectionPool === undefined ? undefined
        : renderConnectionPool(this, `${field}.connectionPool`, listener.connectionPool) as networking.SidecarSpecIngressConnectionPool,
    });
    return index;
  }

  private renderPort(field: string, p: SidecarPort) {
    checkPort(this, `${field}.number`, p.number);
    if (p.targetPort !== undefined) checkPort(this, `${field}.targetPort`, p.targetPort);
    return { number: p.number, protocol: p.protocol as string, name: p.name ?? defaultPortName(p.protocol, p.number), targetPort: p.targetPort };
  }

  private validateNamespaceDefault(): string[] {
    if (this.selectsWorkloads) return [];
    const others = this.node.root.node.findAll()
      .filter((c): c is Sidecar => c instanceof Sidecar && c !== this && !c.selectsWorkloads && c.namespace === this.namespace);
    if (others.length === 0) return [];
    return [`${this.node.path}: workloadSelector: only one Sidecar without workloadSelector may exist per namespace, got also ${others.map((o) => o.node.path).join(', ')} ` +
      `in namespace '${this.namespace ?? '(default)'}'; give all but one a workloadSelector`];
  }
}
