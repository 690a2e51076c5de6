import * as kplus from 'cdk8s-plus-28';
import { k8s } from 'cdk8s-plus-28';
import { Construct, IConstruct } from 'constructs';
import { IstioAutoscaling, IstioImages } from './common';
import { Istiod } from './istiod';
import { ValidationError } from '../core/errors';
import { isIanaSvcName } from '../core/names';
import { ISTIO_VERSION } from '../upstream/upstream-data';
import { apiObject, fieldEnv, hpa, mapEnv, Meta, pdb, roleWithBinding, serviceAccount } from './private/api';
import { checkDigest, checkDnsLabel, checkEnvNames, checkInt, checkLabels, checkNonEmpty, show } from './private/checks';
import { ChartName, ControlPlaneSettings, DEFAULT_ISTIO_HUB, labels, revLabel } from './private/labels';
import { gatewaySdsRules } from './private/rbac';
import { resourcesJson } from './private/resources';
import { GatewayServicePort, IGatewayWorkload } from '../core/gateway-workload';

/** Type of a gateway's Service. */
export enum GatewayServiceType {
  /** An external load balancer (the ingress default). */
  LOAD_BALANCER = 'LoadBalancer',
  /** A cluster-internal virtual IP (the egress default). */
  CLUSTER_IP = 'ClusterIP',
  /** A port on every node. */
  NODE_PORT = 'NodePort',
}

/** `externalTrafficPolicy` of a LoadBalancer / NodePort gateway Service. */
export enum ExternalTrafficPolicy {
  /** Spread to all gateway pods (source IP is lost). */
  CLUSTER = 'Cluster',
  /** Only to gateway pods on the receiving node (source IP is preserved). */
  LOCAL = 'Local',
}

/** A port of a gateway Service; the gateway container listens on `targetPort`. */
export interface GatewayPort {
  /** Port name (an IANA service name, e.g. `http2`, `https`, `tcp`). */
  readonly name: string;
  /** Service port, 1-65535. */
  readonly port: number;
  /**
   * Container port the proxy listens on; gateways run unprivileged, so use a port above 1023 (e.g. 8080 for 80).
   * Istio `Gateway` servers on this gateway take this number as their `port.number` (the intents do so).
   * @default - same as `port`
   */
  readonly targetPort?: number;
  /**
   * Protocol.
   * @default - not rendered (Kubernetes defaults to TCP)
   */
  readonly protocol?: kplus.Protocol;
  /**
   * Fixed node port for NodePort / LoadBalancer Services.
   * @default - allocated by Kubernetes
   */
  readonly nodePort?: number;
}

/** Options of an Istio ingress or egress gateway (shared by the gateway constructs and `IstioMesh`). */
export interface IstioGatewayOptions {
  /**
   * Name of the Deployment, Service, HPA and PDB; the ServiceAccount is `<name>-service-account` and the SDS Role
   * `<name>-sds`.
   * @default 'istio-ingressgateway' / 'istio-egressgateway'
   */
  readonly name?: string;
  /**
   * Namespace of the gateway.
   * @default - the istiod namespace
   */
  readonly namespace?: string;
  /**
   * Labels of the gateway pods, also the Service selector; Gateway resources select the gateway with them.
   * @default - { app: <name>, istio: <name without 'istio-'> } (istio: ingressgateway for the default ingress)
   */
  readonly labels?: { [key: string]: string };
  /**
   * Service ports.
   * @default - ingress: status-port 15021, http2 80→8080, https 443→8443; egress: http2 80→8080, https 443→8443
   */
  readonly ports?: GatewayPort[];
  /**
   * Service type.
   * @default - LoadBalancer for ingress, ClusterIP for egress
   */
  readonly serviceType?: GatewayServiceType;
  /**
   * Service annotations (cloud load balancer settings).
   * @default - none
   */
  readonly serviceAnnotations?: { [key: string]: string };
  /**
   * Source ranges allowed through the load balancer.
   * @default - all
   */
  readonly loadBalancerSourceRanges?: string[];
  /**
   * External traffic policy of the Service.
   * @default - Kubernetes' default (Cluster)
   */
  readonly externalTrafficPolicy?: ExternalTrafficPolicy;
  /**
   * Resources of the `istio-proxy` container. Each quantity you give replaces its default; the others stay.
   * @default - requests cpu 100m / memory 128Mi, limits cpu 2000m / memory 1024Mi
   */
  readonly resources?: kplus.ContainerResources;
  /**
   * Fixed number of replicas; disables the HorizontalPodAutoscaler. A PodDisruptionBudget is rendered above 1.
   * @default - autoscaled (see `autoscaling`)
   */
  readonly replicas?: number;
  /**
   * Autoscaling (an error together with `replicas`).
   * @default - 1 to 5 replicas at 80 % CPU
   */
  readonly autoscaling?: IstioAutoscaling;
  /**
   * Extra environment variables of the proxy.
   * @default - none
   */
  readonly env?: { [name: string]: string };
  /**
   * Node labels the gateway pods must match (rendered as required node affinity, as upstream does).
   * @default - any node
   */
  readonly nodeSelector?: { [key: string]: string };
  /**
   * Tolerations of the gateway pods.
   * @default - none
   */
  readonly tolerations?: k8s.Toleration[];
  /**
   * Extra pod annotations.
   * @default - none
   */
  readonly podAnnotations?: { [key: string]: string };
  /**
   * Add `seccompProfile: RuntimeDefault` to the proxy container so the pod meets Pod Security "restricted".
   * @default true
   */
  readonly seccompRuntimeDefault?: boolean;
}

/** Properties of `IngressGateway` and `EgressGateway`. */
export interface IstioGatewayProps extends IstioGatewayOptions {
  /**
   * The control plane the gateway connects to: its revision, namespace, trust domain, images and proxy settings.
   * @default - the default revision in istio-system with default settings
   */
  readonly istiod?: Istiod;
  /**
   * Images, when no `istiod` is given (otherwise the istiod's images are used).
   * @default - docker.io/istio, tag 1.30.3
   */
  readonly images?: IstioImages;
}

/** Direction of traffic through a gateway. */
export enum GatewayDirection {
  /** Traffic entering the mesh (chart `istio-ingress`). */
  INGRESS = 'ingress',
  /** Traffic leaving the mesh (chart `istio-egress`). */
  EGRESS = 'egress',
}

interface GatewayKind {
  readonly chart: ChartName;
  readonly component: string;
  readonly defaultPorts: GatewayPort[];
  readonly defaultServiceType: GatewayServiceType;
}

const KINDS: Record<GatewayDirection, GatewayKind> = {
  [GatewayDirection.INGRESS]: {
    chart: ChartName.INGRESS,
    component: 'istio-ingressgateway',
    defaultPorts: [
      { port: 15021, targetPort: 15021, name: 'status-port', protocol: kplus.Protocol.TCP },
      { port: 80, targetPort: 8080, name: 'http2', protocol: kplus.Protocol.TCP },
      { port: 443, targetPort: 8443, name: 'https', protocol: kplus.Protocol.TCP },
    ],
    defaultServiceType: GatewayServiceType.LOAD_BALANCER,
  },
  [GatewayDirection.EGRESS]: {
    chart: ChartName.EGRESS,
    component: 'istio-egressgateway',
    defaultPorts: [
      { port: 80, targetPort: 8080, name: 'http2', protocol: kplus.Protocol.TCP },
      { port: 443, targetPort: 8443, name: 'https', protocol: kplus.Protocol.TCP },
    ],
    defaultServiceType: GatewayServiceType.CLUSTER_IP,
  },
};

const GATEWAY_SYMBOL = Symbol.for('cdk8s-istio.IstioGateway');

/**
 * An Istio gateway Deployment with an Envoy proxy in router mode (charts `istio-ingress` / `istio-egress`):
 * ServiceAccount, Deployment, Service, HorizontalPodAutoscaler, PodDisruptionBudget (above one replica) and the
 * `<name>-sds` Role and RoleBinding for TLS credentials.
 */
export abstract class IstioGateway extends Construct implements IGatewayWorkload {
  /** Name of the gateway Deployment and Service. */
  public readonly name: string;
  /** Namespace of the gateway. */
  public readonly namespace: string;
  /** Labels of the gateway pods (the Service selector); Istio `Gateway` resources select the gateway with them. */
  public readonly selectorLabels: { [key: string]: string };
  /** Name of the gateway's ServiceAccount. */
  public readonly serviceAccountName: string;
  /** Ingress or egress. */
  public readonly direction: GatewayDirection;
  /**
   * The Service ports and the container ports behind them (`targetPort`, defaulting to `port`), from `ports`. An Istio
   * `Gateway` server on this gateway listens on a container port: `GatewayWorkload.targetPortFor(gateway, 443)` is
   * 8443 with the default ports (see `IGatewayWorkload.servicePorts`). Always set (optional only because the
   * interface's is).
   */
  public readonly servicePorts?: GatewayServicePort[];

  protected constructor(scope: Construct, id: string, props: IstioGatewayProps, direction: GatewayDirection) {
    super(scope, id);
    this.direction = direction;
    const kind = KINDS[direction];
    Object.defineProperty(this, GATEWAY_SYMBOL, { value: true });
    const cp = controlPlane(this, props);
    const defaultName = kind.component;
    const name = props.name ?? defaultName;
    checkDnsLabel(this, 'name', name, `use a name such as '${defaultName}' or 'internal-${defaultName.replace(/^istio-/, '')}'`);
    if (name.length > 48) {
      throw new ValidationError(this, 'name', 'must be at most 48 characters (the ServiceAccount adds \'-service-account\'), ' +
        `got ${show(name)} (${name.length}); shorten the name`);
    }
    const ns = props.namespace ?? cp.namespace;
    checkDnsLabel(this, 'namespace', ns, 'use an existing namespace, e.g. istio-system or istio-ingress');
    checkLabels(this, 'labels', props.labels);
    if (props.labels !== undefined && Object.keys(props.labels).length === 0) {
      throw new ValidationError(this, 'labels', 'must not be empty, got {}; give at least one label, e.g. { istio: "internal-gateway" }');
    }
    checkEnvNames(this, 'env', props.env);
    checkLabels(this, 'nodeSelector', props.nodeSelector);
    if (props.replicas !== undefined && props.autoscaling !== undefined) {
      throw new ValidationError(this, 'replicas', `cannot be combined with autoscaling, got replicas ${props.replicas}; ` +
        'set either a fixed replica count or autoscaling bounds');
    }
    checkInt(this, 'replicas', props.replicas, 1, 1000, 'use at least 1 replica');
    const autoscale = props.replicas === undefined;
    const min = props.autoscaling?.minReplicas ?? 1;
    const max = props.autoscaling?.maxReplicas ?? 5;
    const cpu = props.autoscaling?.targetCpuUtilization ?? 80;
    checkInt(this, 'autoscaling.minReplicas', min, 1, 1000, 'use at least 1 replica');
    checkInt(this, 'autoscaling.maxReplicas', max, min, 1000, 'use a maximum no lower than minReplicas');
    checkInt(this, 'autoscaling.targetCpuUtilization', cpu, 1, 1000, 'give a percentage of the CPU request, e.g. 80');
    const ports = props.ports ?? kind.defaultPorts;
    this.checkPorts(ports);

    this.name = name;
    this.namespace = ns;
    this.servicePorts = ports.map((p) => ({ port: p.port, targetPort: p.targetPort ?? p.port }));
    const shortName = name.replace(/^istio-/, '');
    this.selectorLabels = { ...(props.labels ?? { app: name, istio: shortName }) };
    this.serviceAccountName = `${name}-service-account`;
    const rev = cp.revision;
    const common = { 'release': 'istio', 'istio.io/rev': revLabel(rev) };
    const gwLabels = this.selectorLabels;
    const meta = (n: string, extra: Record<string, string>): Meta => ({ name: n, namespace: ns, labels: labels(kind.chart, kind.component, extra) });

    serviceAccount(this, 'ServiceAccount', meta(this.serviceAccountName, { ...gwLabels, ...common }));

    const canonicalRevision = gwLabels['app.kubernetes.io/version'] ?? gwLabels.version ?? (rev || 'latest');
    const podLabels: Record<string, string> = {
      ...labels(kind.chart, kind.component),
      ...gwLabels,
      ...(ns === 'istio-system' ? { heritage: 'Tiller', release: 'istio', chart: 'gateways' } : {}),
      'service.istio.io/canonical-name': name,
      'service.istio.io/canonical-revision': canonicalRevision,
      'istio.io/rev': revLabel(rev),
      'sidecar.istio.io/inject': 'false',
      'istio.io/dataplane-mode': 'none',
    };
    const podAnnotations: Record<string, string> = {
      'istio.io/rev': revLabel(rev),
      ...(cp.enablePrometheusMerge
        ? { 'prometheus.io/port': '15020', 'prometheus.io/scrape': 'true', 'prometheus.io/path': '/stats/prometheus' }
        : {}),
      'sidecar.istio.io/inject': 'false',
      ...(props.podAnnotations ?? {}),
    };
    const volumeName = `${shortName}-certs`;
    const caVolumeName = `${shortName}-ca-certs`;
    const env: any[] = [
      { name: 'PILOT_CERT_PROVIDER', value: 'istiod' },
      { name: 'CA_ADDR', value: `${rev ? `istiod-${rev}` : 'istiod'}.${cp.namespace}.svc:15012` },
      fieldEnv('NODE_NAME', 'spec.nodeName'),
      fieldEnv('POD_NAME', 'metadata.name'),
      fieldEnv('POD_NAMESPACE', 'metadata.namespace'),
      fieldEnv('INSTANCE_IP', 'status.podIP'),
      fieldEnv('HOST_IP', 'status.hostIP'),
      { name: 'ISTIO_CPU_LIMIT', valueFrom: { resourceFieldRef: { resource: 'limits.cpu', divisor: '1' } } },
      fieldEnv('SERVICE_ACCOUNT', 'spec.serviceAccountName', false),
      { name: 'ISTIO_META_WORKLOAD_NAME', value: name },
      { name: 'ISTIO_META_OWNER', value: `kubernetes://apis/apps/v1/namespaces/${ns}/deployments/${name}` },
      { name: 'ISTIO_META_MESH_ID', value: cp.meshId ?? cp.trustDomain },
      { name: 'TRUST_DOMAIN', value: cp.trustDomain },
      { name: 'ISTIO_META_UNPRIVILEGED_POD', value: 'true' },
      ...mapEnv(props.env),
      ...mapEnv(cp.proxyMetadata),
      ...(cp.network && !(props.env ?? {}).ISTIO_META_NETWORK ? [{ name: 'ISTIO_META_NETWORK', value: cp.network }] : []),
      { name: 'ISTIO_META_CLUSTER_ID', value: cp.clusterName },
      fieldEnv('ISTIO_META_NODE_NAME', 'spec.nodeName', false),
    ];
    const container: Record<string, unknown> = {
      name: 'istio-proxy',
      image: cp.proxyImage,
      ...(cp.pullPolicy ? { imagePullPolicy: cp.pullPolicy } : {}),
      ports: [
        ...ports.map((p) => ({ containerPort: p.targetPort ?? p.port, protocol: p.protocol ?? 'TCP' })),
        { containerPort: 15090, protocol: 'TCP', name: 'http-envoy-prom' },
      ],
      args: [
        'proxy', 'router', '--domain', `$(POD_NAMESPACE).svc.${cp.clusterDomain}`,
        ...(cp.logLevel ? [`--proxyLogLevel=${cp.logLevel}`] : []),
        ...(cp.componentLogLevel ? [`--proxyComponentLogLevel=${cp.componentLogLevel}`] : []),
        ...(cp.loggingLevel ? [`--log_output_level=${cp.loggingLevel}`] : []),
      ],
      securityContext: {
        allowPrivilegeEscalation: false,
        capabilities: { drop: ['ALL'] },
        privileged: false,
        readOnlyRootFilesystem: true,
        ...((props.seccompRuntimeDefault ?? true) ? { seccompProfile: { type: 'RuntimeDefault' } } : {}),
      },
      readinessProbe: {
        failureThreshold: 30,
        httpGet: { path: '/healthz/ready', port: 15021, scheme: 'HTTP' },
        initialDelaySeconds: 1,
        periodSeconds: 2,
        successThreshold: 1,
        timeoutSeconds: 1,
      },
      resources: resourcesJson({ requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '2000m', memory: '1024Mi' } }, props.resources),
      env,
      volumeMounts: [
        { name: 'workload-socket', mountPath: '/var/run/secrets/workload-spiffe-uds' },
        { name: 'credential-socket', mountPath: '/var/run/secrets/credential-uds' },
        { name: 'workload-certs', mountPath: '/var/run/secrets/workload-spiffe-credentials' },
        { name: 'istio-envoy', mountPath: '/etc/istio/proxy' },
        { name: 'config-volume', mountPath: '/etc/istio/config' },
        { mountPath: '/var/run/secrets/istio', name: 'istiod-ca-cert' },
        { name: 'istio-token', mountPath: '/var/run/secrets/tokens', readOnly: true },
        { mountPath: '/var/lib/istio/data', name: 'istio-data' },
        { name: 'podinfo', mountPath: '/etc/istio/pod' },
        { name: volumeName, mountPath: `/etc/istio/${volumeName}`, readOnly: true },
        { name: caVolumeName, mountPath: `/etc/istio/${caVolumeName}`, readOnly: true },
      ],
    };
    const nodeSelector = props.nodeSelector ?? {};
    const podSpec: Record<string, unknown> = {
      securityContext: { runAsUser: 1337, runAsGroup: 1337, runAsNonRoot: true },
      serviceAccountName: this.serviceAccountName,
      containers: [container],
      volumes: [
        { emptyDir: {}, name: 'workload-socket' },
        { emptyDir: {}, name: 'credential-socket' },
        { emptyDir: {}, name: 'workload-certs' },
        { name: 'istiod-ca-cert', configMap: { name: 'istio-ca-root-cert' } },
        {
          name: 'podinfo',
          downwardAPI: {
            items: [
              { path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } },
              { path: 'annotations', fieldRef: { fieldPath: 'metadata.annotations' } },
            ],
          },
        },
        { name: 'istio-envoy', emptyDir: {} },
        { name: 'istio-data', emptyDir: {} },
        {
          name: 'istio-token',
          projected: { sources: [{ serviceAccountToken: { path: 'istio-token', expirationSeconds: 43200, audience: 'istio-ca' } }] },
        },
        { name: 'config-volume', configMap: { name: rev ? `istio-${rev}` : 'istio', optional: true } },
        { name: volumeName, secret: { secretName: `${name}-certs`, optional: true } },
        { name: caVolumeName, secret: { secretName: `${name}-ca-certs`, optional: true } },
      ],
      ...(Object.keys(nodeSelector).length
        ? {
          affinity: {
            nodeAffinity: {
              requiredDuringSchedulingIgnoredDuringExecution: {
                nodeSelectorTerms: [{
                  matchExpressions: Object.keys(nodeSelector).sort().map((key) => ({ key, operator: 'In', values: [nodeSelector[key]] })),
                }],
              },
            },
          },
        }
        : {}),
      ...(props.tolerations?.length ? { tolerations: props.tolerations.map((t) => k8s.toJson_Toleration(t)) } : {}),
    };
    apiObject(this, 'Deployment', 'apps/v1', 'Deployment', meta(name, { ...gwLabels, ...common, 'istio.io/dataplane-mode': 'none' }), {
      spec: {
        ...(autoscale ? {} : { replicas: props.replicas }),
        selector: { matchLabels: { ...gwLabels } },
        strategy: { rollingUpdate: { maxSurge: '100%', maxUnavailable: '25%' } },
        template: { metadata: { labels: podLabels, annotations: podAnnotations }, spec: podSpec },
      },
    });

    const serviceType = props.serviceType ?? kind.defaultServiceType;
    apiObject(this, 'Service', 'v1', 'Service', {
      ...meta(name, { ...gwLabels, ...common }),
      ...(props.serviceAnnotations && Object.keys(props.serviceAnnotations).length ? { annotations: { ...props.serviceAnnotations } } : {}),
    }, {
      spec: {
        type: serviceType,
        selector: { ...gwLabels },
        ports: ports.map((p) => ({
          name: p.name,
          port: p.port,
          ...(p.protocol ? { protocol: p.protocol } : {}),
          ...(p.targetPort !== undefined ? { targetPort: p.targetPort } : {}),
          ...(p.nodePort !== undefined ? { nodePort: p.nodePort } : {}),
        })),
        ...(props.loadBalancerSourceRanges?.length ? { loadBalancerSourceRanges: [...props.loadBalancerSourceRanges] } : {}),
        ...(props.externalTrafficPolicy ? { externalTrafficPolicy: props.externalTrafficPolicy } : {}),
      },
    });

    if (autoscale) hpa(this, 'HorizontalPodAutoscaler', meta(name, { ...gwLabels, ...common }), name, min, max, cpu);
    if ((autoscale && min > 1) || (!autoscale && (props.replicas ?? 1) > 1)) {
      pdb(this, 'PodDisruptionBudget', meta(name, { ...gwLabels, ...common }), gwLabels);
    }
    roleWithBinding(this, 'Sds', { ...meta(`${name}-sds`, common), namespace: ns }, gatewaySdsRules(), { name: this.serviceAccountName });

    this.node.addValidation({ validate: () => this.validateUnique() });
    if (serviceType === GatewayServiceType.CLUSTER_IP && (props.loadBalancerSourceRanges?.length || props.externalTrafficPolicy)) {
      throw new ValidationError(this, 'serviceType', 'ClusterIP does not use loadBalancerSourceRanges or externalTrafficPolicy, ' +
        `got ${show(serviceType)}; use GatewayServiceType.LOAD_BALANCER or drop those settings`);
    }
  }

  private checkPorts(ports: GatewayPort[]): void {
    if (ports.length === 0) {
      throw new ValidationError(this, 'ports', 'must list at least one port, got []; e.g. { name: "http2", port: 80, targetPort: 8080 }');
    }
    const names = new Set<string>();
    const numbers = new Set<number>();
    ports.forEach((p, i) => {
      if (!isIanaSvcName(p.name)) {
        throw new ValidationError(this, `ports[${i}].name`, 'must be an IANA service name (at most 15 lowercase letters, ' +
          `digits and '-', with a letter), got ${show(p.name)}; use e.g. 'http2', 'https' or 'tcp-db'`);
      }
      checkInt(this, `ports[${i}].port`, p.port, 1, 65535, 'give the Service port');
      checkInt(this, `ports[${i}].targetPort`, p.targetPort, 1, 65535, 'give the container port the proxy listens on');
      checkInt(this, `ports[${i}].nodePort`, p.nodePort, 1, 65535, 'give a port in the cluster node-port range');
      if (names.has(p.name)) {
        throw new ValidationError(this, `ports[${i}].name`, `is used twice, got ${show(p.name)}; give each port a distinct name`);
      }
      if (numbers.has(p.port)) {
        throw new ValidationError(this, `ports[${i}].port`, `is used twice, got ${p.port}; give each port a distinct number`);
      }
      names.add(p.name);
      numbers.add(p.port);
    });
  }

  private validateUnique(): string[] {
    const errors: string[] = [];
    for (const other of this.node.root.node.findAll()) {
      if (other === this || !isGateway(other) || other.namespace !== this.namespace) continue;
      if (other.name === this.name) {
        errors.push(`${this.node.path}: name: another gateway in namespace ${this.namespace} has the same name, got ` +
          `${show(this.name)} (also ${other.node.path}); give each gateway a distinct name`);
      } else if (sameLabels(other.selectorLabels, this.selectorLabels)) {
        errors.push(`${this.node.path}: labels: gateway ${other.name} in the same namespace selects the same pods, got ` +
          `${show(this.selectorLabels)}; give each gateway distinct labels (e.g. istio: ${this.name.replace(/^istio-/, '')})`);
      }
    }
    return errors;
  }
}

function isGateway(x: IConstruct): x is IstioGateway {
  return (x as any)[GATEWAY_SYMBOL] === true;
}

function sameLabels(a: Record<string, string>, b: Record<string, string>): boolean {
  const ka = Object.keys(a).sort();
  const kb = Object.keys(b).sort();
  return ka.length === kb.length && ka.every((k, i) => k === kb[i] && a[k] === b[k]);
}

function controlPlane(scope: IConstruct, props: IstioGatewayProps): ControlPlaneSettings {
  if (props.istiod) {
    if (props.images) {
      throw new ValidationError(scope, 'images', 'is taken from the istiod when one is given, got both; set images on the Istiod');
    }
    return props.istiod._settings;
  }
  const images = props.images ?? {};
  const hub = images.hub ?? DEFAULT_ISTIO_HUB;
  const tag = images.tag ?? ISTIO_VERSION;
  checkNonEmpty(scope, 'images.hub', hub, "give the registry path, e.g. 'docker.io/istio'");
  checkNonEmpty(scope, 'images.tag', tag, "give the image tag, e.g. '1.30.3'");
  checkDigest(scope, 'images.proxyDigest', images.proxyDigest);
  return {
    namespace: 'istio-system',
    revision: '',
    trustDomain: 'cluster.local',
    clusterName: 'Kubernetes',
    hub,
    tag,
    proxyImage: `${hub}/proxyv2:${tag}${images.proxyDigest ? `@${images.proxyDigest}` : ''}`,
    pullPolicy: images.pullPolicy,
    clusterDomain: 'cluster.local',
    logLevel: 'warning',
    componentLogLevel: 'misc:error',
    loggingLevel: 'default:info',
    enablePrometheusMerge: true,
    proxyMetadata: {},
  };
}
