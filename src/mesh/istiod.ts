import { Duration, Lazy } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { FailurePolicy, IgnoreDifference, IstioAutoscaling, IstioImages } from './common';
import { MeshConfig } from './mesh-config';
import { checkCidr } from '../core/cidr';
import { checkIstioDuration } from '../core/duration';
import { ValidationError } from '../core/errors';
import { OutboundTrafficPolicyMode } from '../core/outbound-traffic';
import { ISTIO_VERSION } from '../upstream/upstream-data';
import { apiObject, clusterRoleWithBinding, fieldEnv, hpa, mapEnv, Meta, pdb, resourceEnv, roleWithBinding, serviceAccount } from './private/api';
import {
  checkDigest, checkDnsLabel, checkEnvNames, checkInt, checkLabels, checkNonEmpty, checkSubdomain, show,
} from './private/checks';
import { goPrettyJson, goYaml } from './private/go-format';
import { injectorConfig } from './private/injector';
import { ISTIOD_SERVICE_PORTS } from './private/istiod-service';
import { ChartName, ControlPlaneSettings, DEFAULT_ISTIO_HUB, labels, revisioned, revLabel } from './private/labels';
import { meshConfigOverlay } from './private/mesh-json';
import { gatewayControllerRules, istiodClusterRules, istiodRoleRules, readerClusterRules } from './private/rbac';
import { resourcesJson, resourcesOverlay } from './private/resources';
import { clone, discoveryChartDefaults, Json, mergeOverwrite, pick, setPath } from './private/values';
import { caBundlePointers, injectionWebhooks, validationWebhook } from './private/webhooks';
import { RevisionTag } from './revision-tag';

/** Envoy log levels of the proxies (`global.proxy.logLevel`). */
export enum ProxyLogLevel {
  TRACE = 'trace',
  DEBUG = 'debug',
  INFO = 'info',
  WARNING = 'warning',
  ERROR = 'error',
  CRITICAL = 'critical',
  OFF = 'off',
}

/** How a Service routes to its endpoints (`spec.trafficDistribution`, Kubernetes 1.31+). */
export enum ServiceTrafficDistribution {
  /** Prefer endpoints in the client's zone. */
  PREFER_CLOSE = 'PreferClose',
}

/** Settings of the proxies istiod injects (the injector's `global.proxy` values); the gateways share the log settings. */
export interface SidecarProxyOptions {
  /**
   * Resources of the injected `istio-proxy` containers. Each quantity you give replaces its default; the others stay.
   * @default - requests cpu 100m / memory 128Mi, limits cpu 2000m / memory 1024Mi
   */
  readonly resources?: kplus.ContainerResources;
  /**
   * Envoy log level of injected proxies and gateways.
   * @default ProxyLogLevel.WARNING
   */
  readonly logLevel?: ProxyLogLevel;
  /**
   * Per-component Envoy log levels, `component:level,...`.
   * @default 'misc:error'
   */
  readonly componentLogLevel?: string;
  /**
   * Cluster DNS domain (also istiod's `--domain` and the gateways' search domain).
   * @default 'cluster.local'
   */
  readonly clusterDomain?: string;
  /**
   * Outbound IP ranges (CIDRs) redirected to the sidecar; `*` for all.
   * @default ['*']
   */
  readonly includeIpRanges?: string[];
  /**
   * Outbound IP ranges (CIDRs) that bypass the sidecar.
   * @default - none
   */
  readonly excludeIpRanges?: string[];
  /**
   * Inbound ports that bypass the sidecar.
   * @default - none
   */
  readonly excludeInboundPorts?: number[];
  /**
   * Outbound ports that bypass the sidecar.
   * @default - none
   */
  readonly excludeOutboundPorts?: number[];
}

/**
 * A plugged-in certificate authority: istiod signs workload certificates with the intermediate CA of the `cacerts`
 * Secret instead of its self-signed root. cdk8s-istio never generates or renders key material: the Secret is created
 * out of band (cert-manager, Vault, `kubectl create secret generic cacerts --from-file=...`) and only referenced here.
 */
export interface PluggedInCa {
  /**
   * The Secret with `ca-cert.pem`, `ca-key.pem`, `root-cert.pem` and `cert-chain.pem` (or cert-manager's `tls.crt`,
   * `tls.key` and `ca.crt`). Istio mounts it only under the name `cacerts` from the istiod namespace: reference it
   * with `Secret.fromSecretName(scope, id, 'cacerts')`; a Secret rendered by the app is rejected (its keys would be
   * in the manifest).
   */
  readonly secret: kplus.ISecret;
  /**
   * Make the Secret mandatory: istiod does not start until it exists (the volume is not `optional`), instead of
   * silently falling back to a self-signed root that other clusters and your PKI do not trust.
   * @default true
   */
  readonly required?: boolean;
}

/** Workload certificate lifetime and rotation, and the certificate authority of the mesh. */
export interface MeshCertificates {
  /**
   * Lifetime of the workload certificates the proxies request (the proxies' `SECRET_TTL`, set through
   * `meshConfig.defaultConfig.proxyMetadata`, so also on the gateways). At most `maxWorkloadCertTtl`.
   * @default - Istio's default, 24 hours
   */
  readonly workloadCertTtl?: Duration;
  /**
   * Longest certificate lifetime istiod signs (`MAX_WORKLOAD_CERT_TTL`); longer requests are rejected.
   * @default - Istio's default, 90 days
   */
  readonly maxWorkloadCertTtl?: Duration;
  /**
   * Rotation: a proxy requests a new certificate when less than this share of its lifetime remains
   * (`SECRET_GRACE_PERIOD_RATIO`, between 0 and 1 exclusive).
   * @default - Istio's default, 0.5
   */
  readonly rotationGracePeriodRatio?: number;
  /**
   * Lifetime of the self-signed root istiod creates when no CA is plugged in (`CITADEL_SELF_SIGNED_CA_CERT_TTL`).
   * @default - Istio's default, 10 years
   */
  readonly selfSignedRootCertTtl?: Duration;
  /**
   * Sign with your own CA (the `cacerts` Secret) instead of a self-signed root.
   * @default - istiod uses `cacerts` if it exists, else a self-signed root
   */
  readonly pluggedInCa?: PluggedInCa;
}

/** Options of the istiod control plane (shared by `Istiod` and `IstioMesh`). */
export interface IstiodOptions {
  /**
   * Resources of the `discovery` container. Each quantity you give replaces its default; the others stay.
   * @default - requests cpu 500m, memory 2048Mi; no limits
   */
  readonly resources?: kplus.ContainerResources;
  /**
   * Fixed number of replicas; disables the HorizontalPodAutoscaler. A PodDisruptionBudget is rendered above 1.
   * @default - autoscaled (see `autoscaling`)
   */
  readonly replicas?: number;
  /**
   * Autoscaling of istiod (ignored when `replicas` is set, which is an error when both are given).
   * @default - 1 to 5 replicas at 80 % CPU
   */
  readonly autoscaling?: IstioAutoscaling;
  /**
   * Extra environment variables of istiod (`pilot.env`, feature flags such as `PILOT_ENABLE_ALPHA_GATEWAY_API`).
   * @default - none
   */
  readonly env?: { [name: string]: string };
  /**
   * Address ranges istiod refuses to fetch RequestAuthentication `jwksUri`s from (`BLOCKED_CIDRS_IN_JWKS_URIS`), so
   * that a JWKS URI cannot make istiod reach internal services. Set it when the mesh uses JWT authentication with
   * issuers outside the cluster, e.g. the private and loopback ranges; `istioctl analyze` warns (IST0175) about
   * RequestAuthentications while it is unset.
   * @default - istiod's default: link-local and cloud metadata addresses are blocked; private and loopback ranges
   * are reachable
   */
  readonly jwksBlockedCidrs?: string[];
  /**
   * Node labels the istiod pods must match.
   * @default - any node
   */
  readonly nodeSelector?: { [key: string]: string };
  /**
   * Tolerations added after upstream's `cni.istio.io/not-ready` toleration.
   * @default - only `cni.istio.io/not-ready`
   */
  readonly tolerations?: k8s.Toleration[];
  /**
   * Priority class of the istiod pods.
   * @default - none
   */
  readonly priorityClassName?: string;
  /**
   * Extra pod labels.
   * @default - none
   */
  readonly podLabels?: { [key: string]: string };
  /**
   * Extra pod annotations.
   * @default - none
   */
  readonly podAnnotations?: { [key: string]: string };
  /**
   * SPIFFE trust domain of the mesh.
   * @default 'cluster.local'
   */
  readonly trustDomain?: string;
  /**
   * Namespace whose Istio configuration applies mesh-wide.
   * @default - the istiod namespace
   */
  readonly rootNamespace?: string;
  /**
   * Workload certificate lifetime and rotation, and a plugged-in CA (the trust domain is `trustDomain`, its aliases
   * `meshConfig.trustDomainAliases`).
   * @default - Istio's defaults: 24 h certificates rotated at half their lifetime, a self-signed root unless `cacerts` exists
   */
  readonly certificates?: MeshCertificates;
  /**
   * Typed mesh configuration.
   * @default - Istio's defaults
   */
  readonly meshConfig?: MeshConfig;
  /**
   * Percentage of requests traced by default (`PILOT_TRACE_SAMPLING`), 0-100.
   * @default 1
   */
  readonly traceSampling?: number;
  /**
   * Cluster name for multicluster meshes (`CLUSTER_ID`).
   * @default 'Kubernetes'
   */
  readonly clusterName?: string;
  /**
   * Mesh ID for multicluster meshes.
   * @default - the trust domain
   */
  readonly meshId?: string;
  /**
   * Network of this cluster for multi-network meshes.
   * @default - single network
   */
  readonly network?: string;
  /**
   * Render the `istio-validator-*` ValidatingWebhookConfiguration.
   * @default true
   */
  readonly configValidation?: boolean;
  /**
   * `failurePolicy` of the validating webhook, always rendered explicitly.
   * @default FailurePolicy.FAIL
   */
  readonly validationFailurePolicy?: FailurePolicy;
  /**
   * Settings of the injected proxies.
   * @default - upstream's defaults
   */
  readonly proxy?: SidecarProxyOptions;
  /**
   * Inject into pods of namespaces that carry neither injection label (adds the `auto.` webhook).
   * @default false
   */
  readonly enableNamespacesByDefault?: boolean;
  /**
   * Injection policy: when false, pods are injected only with `sidecar.istio.io/inject: "true"`.
   * @default true
   */
  readonly autoInject?: boolean;
  /**
   * Extra injection templates by name (a built-in name such as `sidecar` replaces the pinned template).
   * @default - the seven pinned upstream templates only
   */
  readonly injectionTemplates?: { [name: string]: string };
  /**
   * Templates applied to every injected pod.
   * @default - ['sidecar']
   */
  readonly defaultInjectionTemplates?: string[];
  /**
   * Resources of waypoint proxies istiod deploys for ambient mode (`global.waypoint.resources`).
   * @default - requests cpu 100m / memory 128Mi, limits cpu 2 / memory 1Gi
   */
  readonly waypointResources?: kplus.ContainerResources;
  /**
   * `trafficDistribution` of the istiod Service.
   * @default - not rendered
   */
  readonly serviceTrafficDistribution?: ServiceTrafficDistribution;
  /**
   * Add `seccompProfile: RuntimeDefault` to the istiod container so the pod meets Pod Security "restricted".
   * @default true
   */
  readonly seccompRuntimeDefault?: boolean;
}

/** Properties of `Istiod`. */
export interface IstiodProps extends IstiodOptions {
  /**
   * Namespace of the control plane.
   * @default 'istio-system'
   */
  readonly namespace?: string;
  /**
   * Control-plane revision (e.g. `1-30-3`): object names get a `-<revision>` suffix and injection is selected with
   * `istio.io/rev=<revision>`.
   * @default - the default revision (no suffix)
   */
  readonly revision?: string;
  /**
   * Images.
   * @default - docker.io/istio, tag 1.30.3
   */
  readonly images?: IstioImages;
}

/**
 * The Istio control plane (chart `istio-discovery`): ServiceAccount, RBAC, the `istio` mesh ConfigMap, the
 * `istio-sidecar-injector` ConfigMap with the pinned injection templates, the `values` ConfigMap, the injection and
 * validation webhooks, the Deployment, Service, HorizontalPodAutoscaler and, with more than one replica, a
 * PodDisruptionBudget. Names and labels follow upstream, with a `-<revision>` suffix for revisioned installs.
 */
export class Istiod extends Construct {
  /** Namespace of the control plane. */
  public readonly namespace: string;
  /** Revision, empty for the default revision. */
  public readonly revision: string;
  /** Value of the `istio.io/rev` label for this revision (`default` for the default revision). */
  public readonly revisionLabel: string;
  /** Name of the istiod Service (`istiod` or `istiod-<revision>`). */
  public readonly serviceName: string;
  /** Name of the mesh config ConfigMap (`istio` or `istio-<revision>`). */
  public readonly meshConfigMapName: string;
  /** Name of the sidecar-injector MutatingWebhookConfiguration. */
  public readonly injectorWebhookName: string;
  /** Name of the validating webhook configuration, if rendered. */
  public readonly validatorWebhookName?: string;
  /** SPIFFE trust domain. */
  public readonly trustDomain: string;
  /** Namespace whose Istio configuration applies mesh-wide (mesh-wide PeerAuthentication, AuthorizationPolicy). */
  public readonly rootNamespace: string;
  /** Whether istiod refuses to start without the plugged-in `cacerts` Secret. */
  public readonly requiresPluggedInCa: boolean;
  /** Mesh ID (defaults to the trust domain). */
  public readonly meshId: string;
  /** Cluster name (`CLUSTER_ID`). */
  public readonly clusterName: string;
  /** Network, if set. */
  public readonly network?: string;
  /** `failurePolicy` of the validating webhook. */
  public readonly validationFailurePolicy: FailurePolicy;

  private readonly overlay: Json;
  private readonly userTemplates: Record<string, string> = {};
  private readonly tags = new Map<string, RevisionTag>();
  private readonly injectionWebhookCount: number;
  private readonly settings: ControlPlaneSettings;

  constructor(scope: Construct, id: string, props: IstiodProps = {}) {
    super(scope, id);
    const ns = props.namespace ?? 'istio-system';
    checkDnsLabel(this, 'namespace', ns, 'use the namespace of the control plane, e.g. istio-system');
    const revision = props.revision ?? '';
    if (revision === 'default') {
      throw new ValidationError(this, 'revision', `'default' is reserved for the unrevisioned control plane, got ${show(revision)}; ` +
        'leave revision unset for the default revision, or point a RevisionTag named default at a revisioned istiod');
    }
    if (revision) {
      checkDnsLabel(this, 'revision', revision, "use the version with dots replaced, e.g. '1-30-3'");
    }
    this.namespace = ns;
    this.revision = revision;
    this.revisionLabel = revLabel(revision);
    this.serviceName = revisioned('istiod', revision);
    this.meshConfigMapName = revisioned('istio', revision);
    const nsSuffix = ns === 'istio-system' ? '' : `-${ns}`;
    this.injectorWebhookName = `${revisioned('istio-sidecar-injector', revision)}${nsSuffix}`;

    // ---- props → values overlay (eager validation)
    const images = props.images ?? {};
    const hub = images.hub ?? DEFAULT_ISTIO_HUB;
    const tag = images.tag ?? ISTIO_VERSION;
    checkNonEmpty(this, 'images.hub', hub, "give the registry path, e.g. 'docker.io/istio'");
    checkNonEmpty(this, 'images.tag', tag, "give the image tag, e.g. '1.30.3'");
    checkDigest(this, 'images.pilotDigest', images.pilotDigest);
    checkDigest(this, 'images.proxyDigest', images.proxyDigest);
    if (props.replicas !== undefined && props.autoscaling !== undefined) {
      throw new ValidationError(this, 'replicas', `cannot be combined with autoscaling, got replicas ${props.replicas}; ` +
        'set either a fixed replica count or autoscaling bounds');
    }
    checkInt(this, 'replicas', props.replicas, 1, 1000, 'use at least 1 replica');
    const autoscale = props.replicas === undefined;
    const minReplicas = props.autoscaling?.minReplicas ?? 1;
    const maxReplicas = props.autoscaling?.maxReplicas ?? 5;
    const cpuTarget = props.autoscaling?.targetCpuUtilization ?? 80;
    checkInt(this, 'autoscaling.minReplicas', minReplicas, 1, 1000, 'use at least 1 replica');
    checkInt(this, 'autoscaling.maxReplicas', maxReplicas, minReplicas, 1000, 'use a maximum no lower than minReplicas');
    checkInt(this, 'autoscaling.targetCpuUtilization', cpuTarget, 1, 1000, 'give a percentage of the CPU request, e.g. 80');
    checkEnvNames(this, 'env', props.env);
    const jwksEnv = jwksBlockedCidrsEnv(this, props);
    checkLabels(this, 'nodeSelector', props.nodeSelector);
    checkLabels(this, 'podLabels', props.podLabels);
    if (props.traceSampling !== undefined && (!(props.traceSampling >= 0) || props.traceSampling > 100)) {
      throw new ValidationError(this, 'traceSampling', `must be a percentage from 0 to 100, got ${props.traceSampling}; ` +
        'use e.g. 1 to trace one request in a hundred');
    }
    const trustDomain = props.trustDomain ?? 'cluster.local';
    checkSubdomain(this, 'trustDomain', trustDomain, "use a DNS name such as 'cluster.local' or 'prod.example.com'");
    checkDnsLabel(this, 'rootNamespace', props.rootNamespace, 'use the namespace that holds mesh-wide configuration');
    checkNonEmpty(this, 'clusterName', props.clusterName, 'give the cluster a name or leave it unset');
    checkNonEmpty(this, 'meshId', props.meshId, 'give the mesh an ID or leave it unset');
    checkNonEmpty(this, 'network', props.network, 'give the network a name or leave it unset');
    const proxy = props.proxy ?? {};
    checkSubdomain(this, 'proxy.clusterDomain', proxy.clusterDomain, "use the cluster DNS domain, e.g. 'cluster.local'");
    for (const [field, ports] of [['proxy.excludeInboundPorts', proxy.excludeInboundPorts], ['proxy.excludeOutboundPorts', proxy.excludeOutboundPorts]] as const) {
      (ports ?? []).forEach((p, i) => checkInt(this, `${field}[${i}]`, p, 1, 65535, 'give a TCP port number'));
    }
    for (const name of Object.keys(props.injectionTemplates ?? {})) this.checkTemplateName('injectionTemplates', name);
    (props.defaultInjectionTemplates ?? []).forEach((name, i) => this.checkTemplateName(`defaultInjectionTemplates[${i}]`, name));

    this.trustDomain = trustDomain;
    this.meshId = props.meshId ?? trustDomain;
    this.clusterName = props.clusterName ?? 'Kubernetes';
    this.network = props.network;
    this.validationFailurePolicy = props.validationFailurePolicy ?? FailurePolicy.FAIL;
    const configValidation = props.configValidation ?? true;
    this.validatorWebhookName = configValidation ? `${revisioned('istio-validator', revision)}-${ns}` : undefined;

    const meshOverlay = meshConfigOverlay(this, props.meshConfig);
    const certs = certificateSettings(this, props);
    if (Object.keys(certs.proxyMetadata).length) {
      meshOverlay.defaultConfig = { ...(meshOverlay.defaultConfig ?? {}) };
      meshOverlay.defaultConfig.proxyMetadata = { ...(meshOverlay.defaultConfig.proxyMetadata ?? {}), ...certs.proxyMetadata };
    }
    this.rootNamespace = props.rootNamespace ?? ns;
    this.requiresPluggedInCa = certs.requireCaSecret;
    if (props.trustDomain !== undefined) meshOverlay.trustDomain = trustDomain;
    if (props.rootNamespace !== undefined) meshOverlay.rootNamespace = props.rootNamespace;
    const proxyImage = images.proxyDigest ? `${hub}/proxyv2:${tag}@${images.proxyDigest}` : undefined;

    const o: Json = {};
    setPath(o, 'global.hub', hub);
    setPath(o, 'global.tag', tag);
    setPath(o, 'global.istioNamespace', ns);
    setPath(o, 'global.configValidation', configValidation);
    setPath(o, 'global.imagePullPolicy', images.pullPolicy);
    setPath(o, 'global.proxy.image', proxyImage);
    setPath(o, 'global.proxy.resources', resourcesOverlay(proxy.resources));
    setPath(o, 'global.proxy.logLevel', proxy.logLevel);
    setPath(o, 'global.proxy.componentLogLevel', proxy.componentLogLevel);
    setPath(o, 'global.proxy.clusterDomain', proxy.clusterDomain);
    setPath(o, 'global.proxy.includeIPRanges', proxy.includeIpRanges?.join(','));
    setPath(o, 'global.proxy.excludeIPRanges', proxy.excludeIpRanges?.join(','));
    setPath(o, 'global.proxy.excludeInboundPorts', proxy.excludeInboundPorts?.join(','));
    setPath(o, 'global.proxy.excludeOutboundPorts', proxy.excludeOutboundPorts?.join(','));
    setPath(o, 'global.proxy.autoInject', props.autoInject === undefined ? undefined : (props.autoInject ? 'enabled' : 'disabled'));
    setPath(o, 'global.waypoint.resources', resourcesOverlay(props.waypointResources));
    setPath(o, 'global.multiCluster.clusterName', props.clusterName);
    setPath(o, 'global.meshID', props.meshId);
    setPath(o, 'global.network', props.network);
    setPath(o, 'global.priorityClassName', props.priorityClassName);
    setPath(o, 'base.validationFailurePolicy', this.validationFailurePolicy);
    if (revision) setPath(o, 'revision', revision);
    if (!autoscale) {
      setPath(o, 'autoscaleEnabled', false);
      setPath(o, 'replicaCount', props.replicas);
    } else if (props.autoscaling) {
      setPath(o, 'autoscaleMin', minReplicas);
      setPath(o, 'autoscaleMax', maxReplicas);
      setPath(o, 'cpu.targetAverageUtilization', cpuTarget);
    }
    setPath(o, 'resources', resourcesOverlay(props.resources));
    if (props.env || Object.keys(certs.env).length || Object.keys(jwksEnv).length) setPath(o, 'env', { ...props.env, ...certs.env, ...jwksEnv });
    setPath(o, 'traceSampling', props.traceSampling);
    if (props.nodeSelector) setPath(o, 'nodeSelector', { ...props.nodeSelector });
    if (props.tolerations) setPath(o, 'tolerations', props.tolerations.map((t) => k8s.toJson_Toleration(t)));
    if (props.podLabels) setPath(o, 'podLabels', { ...props.podLabels });
    if (props.podAnnotations) setPath(o, 'podAnnotations', { ...props.podAnnotations });
    if (props.serviceTrafficDistribution) setPath(o, 'trafficDistribution', props.serviceTrafficDistribution);
    if (props.enableNamespacesByDefault !== undefined) setPath(o, 'sidecarInjectorWebhook.enableNamespacesByDefault', props.enableNamespacesByDefault);
    if (props.defaultInjectionTemplates) setPath(o, 'sidecarInjectorWebhook.defaultTemplates', [...props.defaultInjectionTemplates]);
    if (Object.keys(meshOverlay).length) setPath(o, 'meshConfig', meshOverlay);
    this.overlay = o;
    for (const [name, text] of Object.entries(props.injectionTemplates ?? {})) this.userTemplates[name] = text;

    const v = this.values();
    this.settings = {
      namespace: ns,
      revision,
      trustDomain,
      meshId: props.meshId,
      clusterName: this.clusterName,
      network: props.network,
      hub,
      tag,
      proxyImage: proxyImage ?? `${hub}/proxyv2:${tag}`,
      pullPolicy: images.pullPolicy,
      clusterDomain: v.global.proxy.clusterDomain,
      logLevel: v.global.proxy.logLevel,
      componentLogLevel: v.global.proxy.componentLogLevel,
      loggingLevel: v.global.logging.level,
      enablePrometheusMerge: v.meshConfig.enablePrometheusMerge !== false,
      proxyMetadata: { ...(v.meshConfig.defaultConfig?.proxyMetadata ?? {}) },
    };

    // ---- objects
    const chartLabel = (extra: Record<string, string> = {}) => labels(ChartName.ISTIOD, 'istiod', extra);
    const release = { release: 'istio' };
    const saName = revisioned('istiod', revision);
    serviceAccount(this, 'ServiceAccount', { name: saName, namespace: ns, labels: chartLabel({ app: 'istiod', ...release }) });

    const mcs = (props.env ?? {}).MCS_API_GROUP ?? 'multicluster.x-k8s.io';
    const clusterSuffix = `${revision ? `-${revision}` : ''}-${ns}`;
    clusterRoleWithBinding(this, 'Istiod', { name: `istiod-clusterrole${clusterSuffix}`, labels: chartLabel({ app: 'istiod', ...release }) },
      istiodClusterRules(mcs), { name: saName, namespace: ns });
    if ((props.env ?? {}).PILOT_ENABLE_GATEWAY_API_DEPLOYMENT_CONTROLLER !== 'false') {
      clusterRoleWithBinding(this, 'GatewayController', {
        name: `istiod-gateway-controller${clusterSuffix}`,
        labels: chartLabel({ app: 'istiod', ...release }),
      }, gatewayControllerRules(), { name: saName, namespace: ns });
    }
    clusterRoleWithBinding(this, 'Reader', {
      name: `istio-reader-clusterrole${clusterSuffix}`,
      labels: labels(ChartName.ISTIOD, 'istio-reader', { app: 'istio-reader', ...release }),
    }, readerClusterRules(mcs), { name: 'istio-reader-service-account', namespace: ns });
    roleWithBinding(this, 'Istiod', { name: saName, namespace: ns, labels: chartLabel({ app: 'istiod', ...release }) },
      istiodRoleRules(), { name: saName, namespace: ns });

    if (configValidation) {
      apiObject(this, 'ValidatingWebhookConfiguration', 'admissionregistration.k8s.io/v1', 'ValidatingWebhookConfiguration', {
        name: this.validatorWebhookName!,
        labels: chartLabel({ 'app': 'istiod', ...release, 'istio': 'istiod', 'istio.io/rev': this.revisionLabel }),
      }, {
        webhooks: [validationWebhook({
          name: 'rev.validation.istio.io',
          serviceName: this.serviceName,
          namespace: ns,
          failurePolicy: this.validationFailurePolicy,
          objectSelectorRevision: this.revisionLabel,
        })],
      });
    }

    const cmLabels = chartLabel({ ...release, 'istio.io/rev': this.revisionLabel });
    apiObject(this, 'MeshConfigMap', 'v1', 'ConfigMap', { name: this.meshConfigMapName, namespace: ns, labels: cmLabels }, {
      data: Lazy.any({ produce: () => ({ mesh: this.meshText(), meshNetworks: 'networks: {}' }) }),
    });
    apiObject(this, 'InjectorConfigMap', 'v1', 'ConfigMap', {
      name: revisioned('istio-sidecar-injector', revision), namespace: ns, labels: cmLabels,
    }, {
      data: Lazy.any({ produce: () => this.injectorData() }),
    });
    apiObject(this, 'ValuesConfigMap', 'v1', 'ConfigMap', {
      name: revisioned('values', revision),
      namespace: ns,
      labels: cmLabels,
      annotations: {
        'kubernetes.io/description': 'This ConfigMap contains the Helm values used during chart rendering. This ConfigMap ' +
          'is rendered for debugging purposes and external tooling; modifying these values has no effect.',
      },
    }, {
      data: Lazy.any({ produce: () => ({ 'original-values': goPrettyJson(this.originalValues()), 'merged-values': goPrettyJson(this.values()) }) }),
    });

    const hooks = injectionWebhooks({
      serviceName: this.serviceName,
      namespace: ns,
      revisionValue: this.revisionLabel,
      legacySelectors: !revision,
      enableNamespacesByDefault: v.sidecarInjectorWebhook.enableNamespacesByDefault === true,
    });
    this.injectionWebhookCount = hooks.length;
    apiObject(this, 'MutatingWebhookConfiguration', 'admissionregistration.k8s.io/v1', 'MutatingWebhookConfiguration', {
      name: this.injectorWebhookName,
      labels: chartLabel({ 'app': 'sidecar-injector', ...release, 'istio.io/rev': this.revisionLabel }),
    }, { webhooks: hooks });

    this.renderWorkload(props, v, autoscale, minReplicas, maxReplicas, cpuTarget);
  }

  /**
   * Adds an injection template to the `istio-sidecar-injector` ConfigMap; pods select it with the
   * `inject.istio.io/templates` annotation. A built-in name (e.g. `sidecar`) replaces the pinned upstream template.
   * @param name template name
   * @param template the Go template text istiod executes at injection time
   * @returns the template name
   */
  public addInjectionTemplate(name: string, template: string): string {
    this.checkTemplateName('addInjectionTemplate', name);
    if (name in this.userTemplates) {
      throw new ValidationError(this, 'addInjectionTemplate', `template ${show(name)} is already defined, got a second ` +
        'definition; give the template a distinct name');
    }
    checkNonEmpty(this, `addInjectionTemplate(${name})`, template, 'give the Go template text');
    this.userTemplates[name] = template;
    return name;
  }

  /**
   * Adds a revision tag that points at this revision (`istio-revision-tag-<tag>` webhooks and Service). Move the
   * tag to another revision to switch the namespaces labelled `istio.io/rev=<tag>` over.
   * @param tag tag name, e.g. `prod-stable` or `default`
   */
  public addRevisionTag(tag: string): RevisionTag {
    if (this.tags.has(tag)) {
      throw new ValidationError(this, 'addRevisionTag', `tag ${show(tag)} already points at this revision, got it twice; ` +
        'add each tag once');
    }
    const t = new RevisionTag(this, `RevisionTag-${tag}`, { tag, istiod: this });
    this.tags.set(tag, t);
    return t;
  }

  /** The mesh-wide outbound traffic policy as configured so far (`meshConfig.outboundTrafficPolicy.mode`). */
  public get outboundTrafficPolicy(): OutboundTrafficPolicyMode {
    return this.values().meshConfig?.outboundTrafficPolicy?.mode ?? OutboundTrafficPolicyMode.ALLOW_ANY;
  }

  /**
   * Restricts the sidecars' outbound traffic to the service registry mesh-wide (`outboundTrafficPolicy: REGISTRY_ONLY`),
   * as an `EgressLockdown` with mesh scope asks. An error when `meshConfig.outboundTrafficPolicy` is ALLOW_ANY.
   */
  public restrictOutboundTrafficToRegistry(): void {
    if (this.overlay.meshConfig?.outboundTrafficPolicy?.mode === OutboundTrafficPolicyMode.ALLOW_ANY) {
      throw new ValidationError(this, 'meshConfig.outboundTrafficPolicy', 'is ALLOW_ANY, got a request to restrict outbound traffic to ' +
        'the registry (REGISTRY_ONLY, e.g. from an EgressLockdown with mesh scope); remove outboundTrafficPolicy from meshConfig or set it to REGISTRY_ONLY');
    }
    setPath(this.overlay, 'meshConfig.outboundTrafficPolicy', { mode: OutboundTrafficPolicyMode.REGISTRY_ONLY });
  }

  /**
   * The fields istiod (or the API server) rewrites at run time in the objects of this control plane, for Argo CD
   * `ignoreDifferences` (see the README section "Installing Istio" for Flux).
   */
  public ignoreDifferences(): IgnoreDifference[] {
    const out: IgnoreDifference[] = [{
      group: 'admissionregistration.k8s.io',
      kind: 'MutatingWebhookConfiguration',
      name: this.injectorWebhookName,
      jsonPointers: caBundlePointers(this.injectionWebhookCount),
      jqPathExpressions: ['.webhooks[]?.clientConfig.caBundle'],
      reason: 'istiod patches the CA bundle of its injection webhooks at run time; it is never rendered',
    }];
    if (this.validatorWebhookName) {
      const ignore = this.validationFailurePolicy === FailurePolicy.IGNORE;
      out.push({
        group: 'admissionregistration.k8s.io',
        kind: 'ValidatingWebhookConfiguration',
        name: this.validatorWebhookName,
        jsonPointers: ['/webhooks/0/clientConfig/caBundle', ...(ignore ? ['/webhooks/0/failurePolicy'] : [])],
        jqPathExpressions: ['.webhooks[]?.clientConfig.caBundle', ...(ignore ? ['.webhooks[]?.failurePolicy'] : [])],
        reason: ignore
          ? 'istiod patches the CA bundle and switches failurePolicy from Ignore to Fail once its webhook is ready'
          : 'istiod patches the CA bundle of its validating webhook at run time; it is never rendered',
      });
    }
    for (const t of this.tags.values()) out.push(...t.ignoreDifferences());
    return out;
  }

  /** The revision tags pointing at this revision, in the order they were added. */
  public get revisionTags(): RevisionTag[] {
    return [...this.tags.values()];
  }

  /** @internal */
  public get _settings(): ControlPlaneSettings {
    return this.settings;
  }

  /** @internal */
  public get _enableNamespacesByDefault(): boolean {
    return this.values().sidecarInjectorWebhook.enableNamespacesByDefault === true;
  }

  private checkTemplateName(field: string, name: string): void {
    if (!/^[a-zA-Z0-9]([-a-zA-Z0-9_.]*[a-zA-Z0-9])?$/.test(name)) {
      throw new ValidationError(this, field, `template names must be letters, digits, '-', '_' or '.', got ${show(name)}; ` +
        'rename the template');
    }
  }

  /** Helm values overlay: what this construct's props set (the `original-values`). */
  private originalValues(): Json {
    const o = clone(this.overlay);
    if (Object.keys(this.userTemplates).length) setPath(o, 'sidecarInjectorWebhook.templates', { ...this.userTemplates });
    return o;
  }

  /** Chart defaults merged with the overlay (the `merged-values`). */
  private values(): Json {
    return mergeOverwrite(discoveryChartDefaults(), this.originalValues());
  }

  private meshText(): string {
    const v = this.values();
    const meshValues: Json = v.meshConfig ?? {};
    const defaultConfig: Json = { discoveryAddress: `${this.serviceName}.${this.namespace}.svc:15012` };
    if (v.global.meshID) defaultConfig.meshId = v.global.meshID;
    const base: Json = {
      trustDomain: 'cluster.local',
      rootNamespace: meshValues.rootNamespace ?? v.global.istioNamespace,
      defaultConfig,
    };
    const telemetry = v.telemetry ?? {};
    if (!meshValues.defaultProviders && telemetry.enabled && telemetry.v2?.enabled && telemetry.v2?.prometheus?.enabled) {
      base.defaultProviders = { metrics: ['prometheus'] };
    }
    return goYaml(mergeOverwrite(base, meshValues));
  }

  private injectorData(): Json {
    const v = this.values();
    const sw = v.sidecarInjectorWebhook;
    const injectorValues = {
      gateways: pick(v.gateways ?? {}, 'securityContext', 'seccompProfile'),
      global: v.global,
      pilot: pick(v, 'cni', 'env'),
      revision: v.revision,
      sidecarInjectorWebhook: sw,
    };
    return {
      values: goPrettyJson(injectorValues),
      config: injectorConfig({
        defaultTemplates: sw.defaultTemplates ?? [],
        policy: v.global.proxy.autoInject,
        injectedAnnotations: sw.injectedAnnotations ?? {},
        templates: sw.templates ?? {},
      }),
    };
  }

  private renderWorkload(props: IstiodProps, v: Json, autoscale: boolean, min: number, max: number, cpu: number): void {
    const ns = this.namespace;
    const rev = this.revision;
    const name = this.serviceName;
    const images = props.images ?? {};
    const release = { release: 'istio' };
    const selector: Record<string, string> = rev ? { 'app': 'istiod', 'istio.io/rev': rev } : { istio: 'pilot' };
    const meta = (extra: Record<string, string>): Meta => ({ name, namespace: ns, labels: labels(ChartName.ISTIOD, 'istiod', extra) });

    const pilotImage = `${this.settings.hub}/pilot:${this.settings.tag}${images.pilotDigest ? `@${images.pilotDigest}` : ''}`;
    const env: any[] = [
      { name: 'REVISION', value: this.revisionLabel },
      { name: 'PILOT_CERT_PROVIDER', value: v.global.pilotCertProvider },
      fieldEnv('POD_NAME', 'metadata.name'),
      fieldEnv('POD_NAMESPACE', 'metadata.namespace'),
      fieldEnv('SERVICE_ACCOUNT', 'spec.serviceAccountName'),
      { name: 'KUBECONFIG', value: '/var/run/secrets/remote/config' },
    ];
    if (!(v.env ?? {}).CA_TRUSTED_NODE_ACCOUNTS) {
      env.push({ name: 'CA_TRUSTED_NODE_ACCOUNTS', value: `${v.trustedZtunnelNamespace || ns}/${v.trustedZtunnelName || 'ztunnel'}` });
    }
    env.push(...mapEnv(v.env));
    if (v.traceSampling) env.push({ name: 'PILOT_TRACE_SAMPLING', value: String(v.traceSampling) });
    env.push(
      { name: 'PILOT_ENABLE_ANALYSIS', value: String(v.global.istiod.enableAnalysis) },
      { name: 'CLUSTER_ID', value: v.global.multiCluster.clusterName || 'Kubernetes' },
      resourceEnv('GOMAXPROCS', 'limits.cpu'),
      { name: 'PLATFORM', value: '' },
    );

    const securityContext: Json = {
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      capabilities: { drop: ['ALL'] },
      ...((props.seccompRuntimeDefault ?? true) ? { seccompProfile: { type: 'RuntimeDefault' } } : {}),
    };
    const args = ['discovery', '--monitoringAddr=:15014'];
    if (v.global.logging.level) args.push(`--log_output_level=${v.global.logging.level}`);
    if (v.global.logAsJson) args.push('--log_as_json');
    args.push('--domain', v.global.proxy.clusterDomain, '--keepaliveMaxServerConnectionAge', v.keepaliveMaxServerConnectionAge);

    const podLabels: Record<string, string> = {
      ...labels(ChartName.ISTIOD, 'istiod'),
      'app': 'istiod',
      'istio.io/rev': this.revisionLabel,
      'sidecar.istio.io/inject': 'false',
      'istio': rev ? 'istiod' : 'pilot',
      'istio.io/dataplane-mode': 'none',
      ...(props.podLabels ?? {}),
    };
    const podAnnotations: Record<string, string> = {
      ...(this.settings.enablePrometheusMerge ? { 'prometheus.io/port': '15014', 'prometheus.io/scrape': 'true' } : {}),
      'sidecar.istio.io/inject': 'false',
      ...(props.podAnnotations ?? {}),
    };
    const container: Json = {
      name: 'discovery',
      image: pilotImage,
      ...(images.pullPolicy ? { imagePullPolicy: images.pullPolicy } : {}),
      args,
      ports: [
        { containerPort: 8080, protocol: 'TCP', name: 'http-debug' },
        { containerPort: 15010, protocol: 'TCP', name: 'grpc-xds' },
        { containerPort: 15012, protocol: 'TCP', name: 'tls-xds' },
        { containerPort: 15017, protocol: 'TCP', name: 'https-webhooks' },
        { containerPort: 15014, protocol: 'TCP', name: 'http-monitoring' },
      ],
      readinessProbe: { httpGet: { path: '/ready', port: 8080 }, initialDelaySeconds: 1, periodSeconds: 3, timeoutSeconds: 5 },
      env,
      resources: resourcesJson(v.resources, undefined),
      securityContext,
      volumeMounts: [
        { name: 'istio-token', mountPath: '/var/run/secrets/tokens', readOnly: true },
        { name: 'local-certs', mountPath: '/var/run/secrets/istio-dns' },
        { name: 'cacerts', mountPath: '/etc/cacerts', readOnly: true },
        { name: 'istio-kubeconfig', mountPath: '/var/run/secrets/remote', readOnly: true },
        { name: 'istio-csr-dns-cert', mountPath: '/var/run/secrets/istiod/tls', readOnly: true },
        { name: 'istio-csr-ca-configmap', mountPath: '/var/run/secrets/istiod/ca', readOnly: true },
      ],
    };
    const podSpec: Json = {
      ...(props.nodeSelector ? { nodeSelector: { ...props.nodeSelector } } : {}),
      serviceAccountName: revisioned('istiod', rev),
      ...(v.global.priorityClassName ? { priorityClassName: v.global.priorityClassName } : {}),
      tolerations: [{ key: 'cni.istio.io/not-ready', operator: 'Exists' }, ...(v.tolerations ?? [])],
      containers: [container],
      volumes: [
        { name: 'local-certs', emptyDir: { medium: 'Memory' } },
        {
          name: 'istio-token',
          projected: { sources: [{ serviceAccountToken: { audience: v.global.sds.token.aud, expirationSeconds: 43200, path: 'istio-token' } }] },
        },
        { name: 'cacerts', secret: { secretName: 'cacerts', optional: !this.requiresPluggedInCa } },
        { name: 'istio-kubeconfig', secret: { secretName: 'istio-kubeconfig', optional: true } },
        { name: 'istio-csr-dns-cert', secret: { secretName: 'istiod-tls', optional: true } },
        { name: 'istio-csr-ca-configmap', configMap: { name: 'istio-ca-root-cert', defaultMode: 420, optional: true } },
      ],
    };
    apiObject(this, 'Deployment', 'apps/v1', 'Deployment', meta({
      'app': 'istiod', 'istio.io/rev': this.revisionLabel, 'istio': 'pilot', ...release,
    }), {
      spec: {
        ...(autoscale ? {} : { replicas: props.replicas }),
        strategy: { rollingUpdate: { maxSurge: v.rollingMaxSurge, maxUnavailable: v.rollingMaxUnavailable } },
        selector: { matchLabels: selector },
        template: { metadata: { labels: podLabels, annotations: podAnnotations }, spec: podSpec },
      },
    });

    apiObject(this, 'Service', 'v1', 'Service', meta({ 'istio.io/rev': this.revisionLabel, 'app': 'istiod', 'istio': 'pilot', ...release }), {
      spec: {
        ports: ISTIOD_SERVICE_PORTS.map((p) => ({ ...p })),
        selector: { app: 'istiod', ...(rev ? { 'istio.io/rev': rev } : { istio: 'pilot' }) },
        ...(props.serviceTrafficDistribution ? { trafficDistribution: props.serviceTrafficDistribution } : {}),
      },
    });

    const scalingLabels = { 'app': 'istiod', ...release, 'istio.io/rev': this.revisionLabel };
    if (autoscale) hpa(this, 'HorizontalPodAutoscaler', meta(scalingLabels), name, min, max, cpu);
    if ((autoscale && min > 1) || (!autoscale && (props.replicas ?? 1) > 1)) {
      pdb(this, 'PodDisruptionBudget', meta({ ...scalingLabels, istio: 'pilot' }), { app: 'istiod', ...(rev ? { 'istio.io/rev': rev } : { istio: 'pilot' }) });
    }
  }
}

/** `BLOCKED_CIDRS_IN_JWKS_URIS` for `jwksBlockedCidrs`, checked. */
function jwksBlockedCidrsEnv(scope: Istiod, props: IstiodOptions): Record<string, string> {
  const cidrs = props.jwksBlockedCidrs;
  if (cidrs === undefined) return {};
  if (cidrs.length === 0) {
    throw new ValidationError(scope, 'jwksBlockedCidrs', "must not be empty, got []; list the ranges to block (e.g. ['10.0.0.0/8', '127.0.0.0/8']) or omit it to keep istiod's default");
  }
  cidrs.forEach((c, i) => checkCidr(scope, `jwksBlockedCidrs[${i}]`, c, true));
  if (props.env?.BLOCKED_CIDRS_IN_JWKS_URIS !== undefined) {
    throw new ValidationError(scope, 'jwksBlockedCidrs', 'is also set as env.BLOCKED_CIDRS_IN_JWKS_URIS, got both; set it in one place (jwksBlockedCidrs is the typed way)');
  }
  return { BLOCKED_CIDRS_IN_JWKS_URIS: cidrs.join(',') };
}

/** Proxy metadata and istiod environment for `certificates`, checked. */
function certificateSettings(
  scope: Istiod, props: IstiodOptions,
): { env: Record<string, string>; proxyMetadata: Record<string, string>; requireCaSecret: boolean } {
  const c = props.certificates ?? {};
  const env: Record<string, string> = {};
  const proxyMetadata: Record<string, string> = {};
  type Env = Record<string, string>;
  const claim = (target: Env, source: Env | undefined, sourceField: string, name: string, field: string, value: string) => {
    if (source?.[name] !== undefined) {
      throw new ValidationError(scope, field, `is also set as ${sourceField}.${name}, got both; set it in one place (certificates is the typed way)`);
    }
    target[name] = value;
  };
  const userMetadata = props.meshConfig?.defaultConfig?.proxyMetadata;
  const ms = (d: Duration) => d.toMilliseconds({ integral: false });
  const ttl = c.workloadCertTtl === undefined ? undefined : checkIstioDuration(scope, 'certificates.workloadCertTtl', c.workloadCertTtl);
  const max = c.maxWorkloadCertTtl === undefined ? undefined : checkIstioDuration(scope, 'certificates.maxWorkloadCertTtl', c.maxWorkloadCertTtl);
  const maxMs = c.maxWorkloadCertTtl === undefined ? Duration.days(90).toMilliseconds() : ms(c.maxWorkloadCertTtl);
  if (c.workloadCertTtl !== undefined && ms(c.workloadCertTtl) > maxMs) {
    throw new ValidationError(scope, 'certificates.workloadCertTtl', `must not exceed maxWorkloadCertTtl (${c.maxWorkloadCertTtl === undefined ? '90 days, Istio\'s default' : max}), ` +
      `got ${ttl}; istiod rejects longer requests and the proxies would get no certificate — shorten it or raise maxWorkloadCertTtl`);
  }
  if (ttl !== undefined) claim(proxyMetadata, userMetadata, 'meshConfig.defaultConfig.proxyMetadata', 'SECRET_TTL', 'certificates.workloadCertTtl', ttl);
  if (max !== undefined) claim(env, props.env, 'env', 'MAX_WORKLOAD_CERT_TTL', 'certificates.maxWorkloadCertTtl', max);
  const ratio = c.rotationGracePeriodRatio;
  if (ratio !== undefined) {
    if (!(ratio > 0 && ratio < 1)) {
      throw new ValidationError(scope, 'certificates.rotationGracePeriodRatio', `must be between 0 and 1 (exclusive), got ${ratio}; ` +
        'e.g. 0.5 rotates at half the lifetime');
    }
    claim(proxyMetadata, userMetadata, 'meshConfig.defaultConfig.proxyMetadata', 'SECRET_GRACE_PERIOD_RATIO', 'certificates.rotationGracePeriodRatio', String(ratio));
  }
  if (c.selfSignedRootCertTtl !== undefined) {
    if (c.pluggedInCa !== undefined) {
      throw new ValidationError(scope, 'certificates.selfSignedRootCertTtl', 'has no effect with a plugged-in CA, got both; ' +
        'remove selfSignedRootCertTtl (the lifetime of your root is set where it is issued)');
    }
    const root = checkIstioDuration(scope, 'certificates.selfSignedRootCertTtl', c.selfSignedRootCertTtl);
    claim(env, props.env, 'env', 'CITADEL_SELF_SIGNED_CA_CERT_TTL', 'certificates.selfSignedRootCertTtl', root);
  }
  let requireCaSecret = false;
  const ca = c.pluggedInCa;
  if (ca !== undefined) {
    if (ca.secret instanceof kplus.Secret) {
      throw new ValidationError(scope, 'certificates.pluggedInCa.secret', `must not be rendered by this app (its CA key would be in the manifest), got Secret ${ca.secret.node.path}; ` +
        "create the Secret out of band and reference it with Secret.fromSecretName(scope, 'CaCerts', 'cacerts')");
    }
    if (ca.secret.name !== 'cacerts') {
      throw new ValidationError(scope, 'certificates.pluggedInCa.secret', `must be named cacerts (istiod mounts only that Secret), got ${show(ca.secret.name)}; ` +
        'create the CA Secret as cacerts in the istiod namespace');
    }
    requireCaSecret = ca.required ?? true;
  }
  return { env, proxyMetadata, requireCaSecret };
}
