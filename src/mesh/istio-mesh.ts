import { Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { IgnoreDifference, IstioImages } from './common';
import { EgressGateway } from './egress-gateway';
import { IngressGateway } from './ingress-gateway';
import { IstioBase, IstioBaseOptions } from './istio-base';
import { IstioGateway, IstioGatewayOptions } from './istio-gateway';
import { Istiod, IstiodOptions } from './istiod';
import { ExtensionProvider } from './mesh-config';
import { ValidationError } from '../core/errors';
import { apiObject } from './private/api';
import { checkDnsLabel, show } from './private/checks';
import { RevisionTag } from './revision-tag';

/**
 * An upstream installation profile: which components are installed and with which values (the IstioOperator
 * profiles in `manifests/profiles/` with the Helm value profiles in `manifests/charts/base/files/`).
 */
export enum MeshProfile {
  /** Production defaults: base, istiod and an ingress gateway. */
  DEFAULT = 'default',
  /** The control plane only: base and istiod, no gateways. */
  MINIMAL = 'minimal',
  /**
   * For trying Istio out: base, istiod, ingress and egress gateways, access logs to stdout, tracing providers,
   * 100 % trace sampling, low resource requests, no autoscaling.
   */
  DEMO = 'demo',
}

/** The base component of an `IstioMesh`. */
export interface MeshBaseOptions extends IstioBaseOptions {
  /**
   * Render the base (CRDs and reader ServiceAccount). Turn it off for a second, canary revision in a cluster whose
   * base is already installed.
   * @default true
   */
  readonly enabled?: boolean;
}

/** The istiod component of an `IstioMesh`. */
export interface MeshIstiodOptions extends IstiodOptions {
  /**
   * Render istiod.
   * @default true
   */
  readonly enabled?: boolean;
}

/** A gateway component of an `IstioMesh`. */
export interface MeshGatewayOptions extends IstioGatewayOptions {
  /**
   * Render the gateway.
   * @default - from the profile (ingress: DEFAULT and DEMO; egress: DEMO)
   */
  readonly enabled?: boolean;
}

/** Properties of `IstioMesh`. */
export interface IstioMeshProps {
  /**
   * Installation profile; every component option below overrides it.
   * @default MeshProfile.DEFAULT
   */
  readonly profile?: MeshProfile;
  /**
   * Namespace of the control plane and, unless overridden, the gateways.
   * @default 'istio-system'
   */
  readonly namespace?: string;
  /**
   * Control-plane revision, e.g. `1-30-3`.
   * @default - the default revision
   */
  readonly revision?: string;
  /**
   * Images of istiod, the gateways and injected proxies.
   * @default - docker.io/istio, tag 1.30.3
   */
  readonly images?: IstioImages;
  /**
   * The base component.
   * @default - enabled with the profile's values
   */
  readonly base?: MeshBaseOptions;
  /**
   * The istiod component.
   * @default - enabled with the profile's values
   */
  readonly istiod?: MeshIstiodOptions;
  /**
   * The profile's ingress gateway (`istio-ingressgateway`).
   * @default - from the profile
   */
  readonly ingressGateway?: MeshGatewayOptions;
  /**
   * The profile's egress gateway (`istio-egressgateway`).
   * @default - from the profile
   */
  readonly egressGateway?: MeshGatewayOptions;
  /**
   * Revision tags pointing at this (revisioned) control plane. A `default` tag also renders the base's
   * `istiod-default-validator` for this revision unless `base.defaultRevision` says otherwise.
   * @default - none
   */
  readonly revisionTags?: string[];
  /**
   * Render the Namespace of the control plane, labelled for Pod Security `restricted` (upstream renders no Namespace).
   * @default false
   */
  readonly createNamespace?: boolean;
}

/** What a profile sets, before the user's options. */
interface ProfileValues {
  readonly ingress: boolean;
  readonly egress: boolean;
  readonly istiod: IstiodOptions;
  readonly ingressGateway: IstioGatewayOptions;
  readonly egressGateway: IstioGatewayOptions;
}

function lowRequests(cpuMillis: number, memoryMebibytes: number): kplus.ContainerResources {
  return { cpu: { request: kplus.Cpu.millis(cpuMillis) }, memory: { request: Size.mebibytes(memoryMebibytes) } };
}

function profileValues(profile: MeshProfile): ProfileValues {
  switch (profile) {
    case MeshProfile.MINIMAL:
      return { ingress: false, egress: false, istiod: {}, ingressGateway: {}, egressGateway: {} };
    case MeshProfile.DEMO: {
      const otelCollector = 'opentelemetry-collector.observability.svc.cluster.local';
      return {
        ingress: true,
        egress: true,
        istiod: {
          replicas: 1,
          traceSampling: 100,
          resources: lowRequests(10, 100),
          proxy: { resources: lowRequests(10, 40) },
          waypointResources: lowRequests(10, 40),
          meshConfig: {
            accessLogFile: '/dev/stdout',
            extensionProviders: [
              ExtensionProvider.openTelemetryAccessLog('otel', { service: otelCollector, port: 4317 }),
              ExtensionProvider.skywalking('skywalking', { service: 'tracing.istio-system.svc.cluster.local', port: 11800 }),
              ExtensionProvider.openTelemetryTracing('otel-tracing', { service: otelCollector, port: 4317 }),
              ExtensionProvider.openTelemetryTracing('jaeger', { service: 'jaeger-collector.istio-system.svc.cluster.local', port: 4317 }),
            ],
          },
        },
        ingressGateway: {
          replicas: 1,
          resources: lowRequests(10, 40),
          ports: [
            { port: 15021, targetPort: 15021, name: 'status-port' },
            { port: 80, targetPort: 8080, name: 'http2' },
            { port: 443, targetPort: 8443, name: 'https' },
            { port: 31400, targetPort: 31400, name: 'tcp' },
            { port: 15443, targetPort: 15443, name: 'tls' },
          ],
        },
        egressGateway: { replicas: 1, resources: lowRequests(10, 40) },
      };
    }
    case MeshProfile.DEFAULT:
    default:
      return { ingress: true, egress: false, istiod: {}, ingressGateway: {}, egressGateway: {} };
  }
}

/** `{ ...a, ...b }` without the keys `b` leaves undefined. */
function over<T extends object>(a: T, b: T | undefined): T {
  const out: any = { ...a };
  for (const [k, v] of Object.entries(b ?? {})) if (v !== undefined) out[k] = v;
  return out;
}

function withoutEnabled<T extends { enabled?: boolean }>(options: T | undefined): Omit<T, 'enabled'> {
  const { enabled: _enabled, ...rest } = (options ?? {}) as T;
  return rest;
}

/**
 * A whole Istio installation from an upstream profile — the construct replacement for `istioctl install`: base
 * (CRDs), istiod, and the profile's ingress / egress gateways, each individually overridable, plus revision tags and
 * more gateways through `addIngressGateway()` / `addEgressGateway()`.
 */
export class IstioMesh extends Construct {
  /** The profile the mesh was built from. */
  public readonly profile: MeshProfile;
  /** Namespace of the control plane. */
  public readonly namespace: string;
  /** The base, if enabled. */
  public readonly base?: IstioBase;
  /** The control plane, if enabled. */
  public readonly istiod?: Istiod;
  /** The profile's ingress gateway, if enabled. */
  public readonly ingressGateway?: IngressGateway;
  /** The profile's egress gateway, if enabled. */
  public readonly egressGateway?: EgressGateway;
  private readonly extraGateways: IstioGateway[] = [];
  private readonly images?: IstioImages;

  constructor(scope: Construct, id: string, props: IstioMeshProps = {}) {
    super(scope, id);
    this.profile = props.profile ?? MeshProfile.DEFAULT;
    this.namespace = props.namespace ?? 'istio-system';
    checkDnsLabel(this, 'namespace', this.namespace, 'use the namespace of the control plane, e.g. istio-system');
    this.images = props.images;
    const p = profileValues(this.profile);
    const tags = props.revisionTags ?? [];
    if (tags.length && !props.revision) {
      throw new ValidationError(this, 'revisionTags', `need a revisioned control plane, got tags ${show(tags)} without a ` +
        "revision; set `revision` (e.g. '1-30-3')");
    }
    if (tags.length && props.istiod?.enabled === false) {
      throw new ValidationError(this, 'revisionTags', `point at this mesh's istiod, got tags ${show(tags)} with istiod ` +
        'disabled; enable istiod or create the RevisionTag next to the Istiod it points at');
    }

    if (props.createNamespace) {
      const restricted = props.istiod?.seccompRuntimeDefault !== false && props.ingressGateway?.seccompRuntimeDefault !== false &&
        props.egressGateway?.seccompRuntimeDefault !== false;
      const level = restricted ? 'restricted' : 'baseline';
      apiObject(this, 'Namespace', 'v1', 'Namespace', {
        name: this.namespace,
        labels: {
          'pod-security.kubernetes.io/enforce': level,
          'pod-security.kubernetes.io/warn': level,
          ...(props.istiod?.network ? { 'topology.istio.io/network': props.istiod.network } : {}),
        },
      });
    }

    if (props.base?.enabled ?? true) {
      const defaultRevision = props.base?.defaultRevision ?? (tags.includes('default') ? props.revision : undefined);
      this.base = new IstioBase(this, 'Base', { ...withoutEnabled(props.base), defaultRevision, namespace: this.namespace });
    }

    if (props.istiod?.enabled ?? true) {
      const user = withoutEnabled(props.istiod);
      const options: IstiodOptions = {
        ...over(p.istiod, user),
        meshConfig: p.istiod.meshConfig || user.meshConfig ? over(p.istiod.meshConfig ?? {}, user.meshConfig) : undefined,
        proxy: p.istiod.proxy || user.proxy ? over(p.istiod.proxy ?? {}, user.proxy) : undefined,
        replicas: user.autoscaling ? user.replicas : user.replicas ?? p.istiod.replicas,
      };
      this.istiod = new Istiod(this, 'Istiod', { ...options, namespace: this.namespace, revision: props.revision, images: props.images });
      for (const tag of tags) this.istiod.addRevisionTag(tag);
    }

    if (props.ingressGateway?.enabled ?? p.ingress) {
      this.ingressGateway = new IngressGateway(this, 'IngressGateway', this.gatewayProps(p.ingressGateway, props.ingressGateway));
    }
    if (props.egressGateway?.enabled ?? p.egress) {
      this.egressGateway = new EgressGateway(this, 'EgressGateway', this.gatewayProps(p.egressGateway, props.egressGateway));
    }
  }

  /**
   * Adds another ingress gateway connected to this mesh's istiod (give it a distinct `name` and `labels`).
   * @param id construct id
   * @param options gateway options
   */
  public addIngressGateway(id: string, options: IstioGatewayOptions = {}): IngressGateway {
    const gw = new IngressGateway(this, id, this.gatewayProps({}, options));
    this.extraGateways.push(gw);
    return gw;
  }

  /**
   * Adds another egress gateway connected to this mesh's istiod (give it a distinct `name` and `labels`).
   * @param id construct id
   * @param options gateway options
   */
  public addEgressGateway(id: string, options: IstioGatewayOptions = {}): EgressGateway {
    const gw = new EgressGateway(this, id, this.gatewayProps({}, options));
    this.extraGateways.push(gw);
    return gw;
  }

  /**
   * Adds a revision tag pointing at this mesh's istiod (which must be revisioned).
   * @param tag tag name
   */
  public addRevisionTag(tag: string): RevisionTag {
    if (!this.istiod) {
      throw new ValidationError(this, 'addRevisionTag', `needs this mesh's istiod, got istiod disabled (tag ${show(tag)}); ` +
        'enable istiod or create the RevisionTag next to the Istiod it points at');
    }
    return this.istiod.addRevisionTag(tag);
  }

  /** Every gateway of the mesh: the profile's and the added ones. */
  public get gateways(): IstioGateway[] {
    return [
      ...(this.ingressGateway ? [this.ingressGateway] : []),
      ...(this.egressGateway ? [this.egressGateway] : []),
      ...this.extraGateways,
    ];
  }

  /**
   * Every field a controller rewrites at run time in this mesh's objects (webhook CA bundles, and `failurePolicy`
   * with `FailurePolicy.IGNORE`), for Argo CD `spec.ignoreDifferences`.
   */
  public ignoreDifferences(): IgnoreDifference[] {
    return [...(this.base?.ignoreDifferences() ?? []), ...(this.istiod?.ignoreDifferences() ?? [])];
  }

  private gatewayProps(profile: IstioGatewayOptions, user: MeshGatewayOptions | undefined) {
    const options = over(profile, withoutEnabled(user));
    const replicas = user?.autoscaling ? user.replicas : options.replicas;
    return this.istiod
      ? { ...options, replicas, istiod: this.istiod }
      : { ...options, replicas, images: this.images, namespace: options.namespace ?? this.namespace };
  }
}
