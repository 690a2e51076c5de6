import { Chart, Duration, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { find, forSnapshot, names, newChart, restrictedViolations, synth } from './helpers';
import {
  AccessLogEncoding, ExtensionProvider, FailurePolicy, Istiod, IstiodProps, OutboundTrafficPolicyMode, ProxyLogLevel,
  ProxyTracing, ServiceTrafficDistribution,
} from '../../src';

const DIGEST = `sha256:${'a'.repeat(64)}`;

function render(props: IstiodProps = {}) {
  const chart = newChart();
  const istiod = new Istiod(chart, 'Istiod', props);
  return { chart, istiod, objects: synth(chart) };
}

const discovery = (objects: any[], name = 'istiod') => find(objects, 'Deployment', name).spec.template.spec.containers[0];
const injectorValues = (objects: any[], name = 'istio-sidecar-injector') => JSON.parse(find(objects, 'ConfigMap', name).data.values);
const env = (container: any, name: string) => container.env.find((e: any) => e.name === name);

describe('Istiod', () => {
  it('renders the default-revision control plane', () => {
    const { objects } = render();
    expect(names(objects)).toEqual([
      'ServiceAccount/istiod',
      'ClusterRole/istiod-clusterrole-istio-system', 'ClusterRoleBinding/istiod-clusterrole-istio-system',
      'ClusterRole/istiod-gateway-controller-istio-system', 'ClusterRoleBinding/istiod-gateway-controller-istio-system',
      'ClusterRole/istio-reader-clusterrole-istio-system', 'ClusterRoleBinding/istio-reader-clusterrole-istio-system',
      'Role/istiod', 'RoleBinding/istiod',
      'ValidatingWebhookConfiguration/istio-validator-istio-system',
      'ConfigMap/istio', 'ConfigMap/istio-sidecar-injector', 'ConfigMap/values',
      'MutatingWebhookConfiguration/istio-sidecar-injector',
      'Deployment/istiod', 'Service/istiod', 'HorizontalPodAutoscaler/istiod',
    ]);
    expect(forSnapshot(objects)).toMatchSnapshot();
  });

  it('uses the real 1.30.3 release images by default', () => {
    const { objects } = render();
    expect(discovery(objects).image).toBe('docker.io/istio/pilot:1.30.3');
    expect(injectorValues(objects).global).toMatchObject({ hub: 'docker.io/istio', tag: '1.30.3', proxy: { image: 'proxyv2' } });
  });

  it('pins images by digest and sets the pull policy everywhere', () => {
    const { objects } = render({
      images: { hub: 'registry.example.com/istio', tag: '1.30.3-distroless', pilotDigest: DIGEST, proxyDigest: DIGEST, pullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT },
    });
    expect(discovery(objects)).toMatchObject({ image: `registry.example.com/istio/pilot:1.30.3-distroless@${DIGEST}`, imagePullPolicy: 'IfNotPresent' });
    expect(injectorValues(objects).global).toMatchObject({
      hub: 'registry.example.com/istio',
      tag: '1.30.3-distroless',
      imagePullPolicy: 'IfNotPresent',
      proxy: { image: `registry.example.com/istio/proxyv2:1.30.3-distroless@${DIGEST}` },
    });
  });

  it('renders revisioned names, selectors and istio.io/rev labels', () => {
    const { objects, istiod } = render({ revision: '1-30-3' });
    expect(names(objects)).toEqual([
      'ServiceAccount/istiod-1-30-3',
      'ClusterRole/istiod-clusterrole-1-30-3-istio-system', 'ClusterRoleBinding/istiod-clusterrole-1-30-3-istio-system',
      'ClusterRole/istiod-gateway-controller-1-30-3-istio-system', 'ClusterRoleBinding/istiod-gateway-controller-1-30-3-istio-system',
      'ClusterRole/istio-reader-clusterrole-1-30-3-istio-system', 'ClusterRoleBinding/istio-reader-clusterrole-1-30-3-istio-system',
      'Role/istiod-1-30-3', 'RoleBinding/istiod-1-30-3',
      'ValidatingWebhookConfiguration/istio-validator-1-30-3-istio-system',
      'ConfigMap/istio-1-30-3', 'ConfigMap/istio-sidecar-injector-1-30-3', 'ConfigMap/values-1-30-3',
      'MutatingWebhookConfiguration/istio-sidecar-injector-1-30-3',
      'Deployment/istiod-1-30-3', 'Service/istiod-1-30-3', 'HorizontalPodAutoscaler/istiod-1-30-3',
    ]);
    expect(istiod.revisionLabel).toBe('1-30-3');
    expect(istiod.serviceName).toBe('istiod-1-30-3');
    const deployment = find(objects, 'Deployment', 'istiod-1-30-3');
    expect(deployment.spec.selector).toEqual({ matchLabels: { 'app': 'istiod', 'istio.io/rev': '1-30-3' } });
    expect(deployment.spec.template.metadata.labels).toMatchObject({ 'istio': 'istiod', 'istio.io/rev': '1-30-3' });
    expect(deployment.spec.template.spec.serviceAccountName).toBe('istiod-1-30-3');
    expect(env(discovery(objects, 'istiod-1-30-3'), 'REVISION')).toEqual({ name: 'REVISION', value: '1-30-3' });
    expect(find(objects, 'Service', 'istiod-1-30-3').spec.selector).toEqual({ 'app': 'istiod', 'istio.io/rev': '1-30-3' });
    expect(find(objects, 'ConfigMap', 'istio-1-30-3').data.mesh).toContain('discoveryAddress: istiod-1-30-3.istio-system.svc:15012');
    expect(injectorValues(objects, 'istio-sidecar-injector-1-30-3').revision).toBe('1-30-3');
    const mwc = find(objects, 'MutatingWebhookConfiguration', 'istio-sidecar-injector-1-30-3');
    expect(mwc.webhooks.map((w: any) => w.name)).toEqual(['rev.namespace.sidecar-injector.istio.io', 'rev.object.sidecar-injector.istio.io']);
    expect(mwc.webhooks[0].namespaceSelector).toEqual({
      matchExpressions: [{ key: 'istio.io/rev', operator: 'In', values: ['1-30-3'] }, { key: 'istio-injection', operator: 'DoesNotExist' }],
    });
    expect(mwc.webhooks[0].clientConfig.service).toEqual({ name: 'istiod-1-30-3', namespace: 'istio-system', path: '/inject', port: 443 });
    expect(find(objects, 'ValidatingWebhookConfiguration', 'istio-validator-1-30-3-istio-system').webhooks[0].objectSelector)
      .toEqual({ matchExpressions: [{ key: 'istio.io/rev', operator: 'In', values: ['1-30-3'] }] });
    expect(forSnapshot(objects)).toMatchSnapshot();
  });

  it('suffixes the cluster-scoped webhook names with a non-default namespace', () => {
    const { objects } = render({ namespace: 'mesh' });
    expect(names(objects)).toContain('MutatingWebhookConfiguration/istio-sidecar-injector-mesh');
    expect(names(objects)).toContain('ValidatingWebhookConfiguration/istio-validator-mesh');
    expect(find(objects, 'ConfigMap', 'istio').data.mesh).toContain('rootNamespace: mesh');
    expect(env(discovery(objects), 'CA_TRUSTED_NODE_ACCOUNTS').value).toBe('mesh/ztunnel');
  });

  it('replaces the HPA with fixed replicas and adds a PodDisruptionBudget above one replica', () => {
    const { objects } = render({ replicas: 3 });
    expect(find(objects, 'Deployment', 'istiod').spec.replicas).toBe(3);
    expect(names(objects)).not.toContain('HorizontalPodAutoscaler/istiod');
    expect(find(objects, 'PodDisruptionBudget', 'istiod').spec).toEqual({ minAvailable: 1, selector: { matchLabels: { app: 'istiod', istio: 'pilot' } } });
  });

  it('renders autoscaling bounds, with a PodDisruptionBudget when the minimum is above one', () => {
    const { objects } = render({ autoscaling: { minReplicas: 2, maxReplicas: 8, targetCpuUtilization: 60 } });
    expect(find(objects, 'HorizontalPodAutoscaler', 'istiod').spec).toEqual({
      maxReplicas: 8,
      minReplicas: 2,
      metrics: [{ resource: { name: 'cpu', target: { averageUtilization: 60, type: 'Utilization' } }, type: 'Resource' }],
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'istiod' },
    });
    expect(find(objects, 'Deployment', 'istiod').spec.replicas).toBeUndefined();
    expect(names(objects)).toContain('PodDisruptionBudget/istiod');
    expect(names(render({ replicas: 1 }).objects)).not.toContain('PodDisruptionBudget/istiod');
  });

  it('renders jwksBlockedCidrs as BLOCKED_CIDRS_IN_JWKS_URIS', () => {
    const { objects } = render({ jwksBlockedCidrs: ['10.0.0.0/8', '127.0.0.0/8', 'fd00::/8'] });
    expect(env(discovery(objects), 'BLOCKED_CIDRS_IN_JWKS_URIS').value).toBe('10.0.0.0/8,127.0.0.0/8,fd00::/8');
    expect(discovery(render({}).objects).env.map((e: any) => e.name)).not.toContain('BLOCKED_CIDRS_IN_JWKS_URIS');
  });

  it('renders resources, env (sorted, after CA_TRUSTED_NODE_ACCOUNTS), trace sampling, cluster name and placement', () => {
    const { objects } = render({
      resources: { cpu: { request: kplus.Cpu.millis(250), limit: kplus.Cpu.units(2) }, memory: { limit: Size.gibibytes(4) } },
      env: { PILOT_ENABLE_ALPHA_GATEWAY_API: 'true', EXTERNAL_ISTIOD: 'false' },
      traceSampling: 2.5,
      clusterName: 'east',
      nodeSelector: { 'node-role.kubernetes.io/control-plane': '' },
      tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'istio', effect: 'NoSchedule' }],
      priorityClassName: 'system-cluster-critical',
      podLabels: { team: 'platform' },
      podAnnotations: { 'example.com/owner': 'platform' },
    });
    const c = discovery(objects);
    expect(c.resources).toEqual({ requests: { cpu: '250m', memory: '2048Mi' }, limits: { cpu: '2', memory: '4096Mi' } });
    expect(c.env.map((e: any) => e.name)).toEqual([
      'REVISION', 'PILOT_CERT_PROVIDER', 'POD_NAME', 'POD_NAMESPACE', 'SERVICE_ACCOUNT', 'KUBECONFIG',
      'CA_TRUSTED_NODE_ACCOUNTS', 'EXTERNAL_ISTIOD', 'PILOT_ENABLE_ALPHA_GATEWAY_API', 'PILOT_TRACE_SAMPLING',
      'PILOT_ENABLE_ANALYSIS', 'CLUSTER_ID', 'GOMAXPROCS', 'PLATFORM',
    ]);
    expect(env(c, 'PILOT_TRACE_SAMPLING').value).toBe('2.5');
    expect(env(c, 'CLUSTER_ID').value).toBe('east');
    const pod = find(objects, 'Deployment', 'istiod').spec.template;
    expect(pod.spec.nodeSelector).toEqual({ 'node-role.kubernetes.io/control-plane': '' });
    expect(pod.spec.tolerations).toEqual([
      { key: 'cni.istio.io/not-ready', operator: 'Exists' },
      { key: 'dedicated', operator: 'Equal', value: 'istio', effect: 'NoSchedule' },
    ]);
    expect(pod.spec.priorityClassName).toBe('system-cluster-critical');
    expect(pod.metadata.labels.team).toBe('platform');
    expect(pod.metadata.annotations['example.com/owner']).toBe('platform');
    expect(injectorValues(objects).pilot.env).toEqual({ EXTERNAL_ISTIOD: 'false', PILOT_ENABLE_ALPHA_GATEWAY_API: 'true' });
  });

  it('renders the typed MeshConfig into the istio ConfigMap, merged over upstream\'s mesh block', () => {
    const { objects } = render({
      trustDomain: 'prod.example.com',
      meshId: 'prod',
      meshConfig: {
        outboundTrafficPolicy: OutboundTrafficPolicyMode.REGISTRY_ONLY,
        accessLogFile: '/dev/stdout',
        accessLogEncoding: AccessLogEncoding.JSON,
        accessLogFormat: '[%START_TIME%] %REQ(:METHOD)%\n',
        enableAutoMtls: false,
        trustDomainAliases: ['old.example.com'],
        defaultConfig: {
          holdApplicationUntilProxyStarts: true,
          tracing: ProxyTracing.zipkin('zipkin.observability:9411', { sampling: 10 }),
          proxyMetadata: { ISTIO_META_DNS_CAPTURE: 'true' },
          concurrency: 2,
          terminationDrainDuration: Duration.seconds(30),
        },
        extensionProviders: [
          ExtensionProvider.openTelemetryTracing('otel', { service: 'otel.observability.svc.cluster.local', port: 4317 }),
          ExtensionProvider.envoyFileAccessLog('json-log', { path: '/dev/stdout', textFormat: '%REQ(:PATH)%\n' }),
          ExtensionProvider.extAuthzHttp('oauth2-proxy', {
            service: 'oauth2-proxy.auth.svc.cluster.local',
            port: 4180,
            timeout: Duration.millis(1500),
            failOpen: false,
            pathPrefix: '/check',
            includeRequestHeadersInCheck: ['authorization'],
            headersToUpstreamOnAllow: ['x-user'],
            headersToDownstreamOnDeny: ['set-cookie'],
          }),
          ExtensionProvider.extAuthzGrpc('authz-grpc', { service: 'authz.auth.svc.cluster.local', port: 9000 }),
          ExtensionProvider.prometheus('prom'),
          ExtensionProvider.zipkin('zipkin', { service: 'zipkin.observability.svc.cluster.local', port: 9411 }),
          ExtensionProvider.datadog('dd', { service: 'datadog-agent.datadog.svc.cluster.local', port: 8126 }),
        ],
        defaultProviders: { tracing: ['otel'], accessLogging: ['json-log', 'envoy'], metrics: ['prometheus'] },
      },
    });
    expect(find(objects, 'ConfigMap', 'istio').data).toMatchSnapshot();
    const mesh = find(objects, 'ConfigMap', 'istio').data.mesh;
    expect(mesh).toContain('trustDomain: prod.example.com');
    expect(mesh).toContain('meshId: prod');
    expect(mesh).toContain('  mode: REGISTRY_ONLY');
    expect(mesh).toContain('  holdApplicationUntilProxyStarts: true');
    expect(mesh).toContain('  terminationDrainDuration: 30s');
    expect(mesh).toContain('    timeout: 1.5s');
    expect(mesh).not.toContain('- prometheus\ndefaultConfig');
    expect(JSON.parse(find(objects, 'ConfigMap', 'values').data['original-values']).meshConfig.defaultConfig.tracing)
      .toEqual({ zipkin: { address: 'zipkin.observability:9411' }, sampling: 10 });
    expect(injectorValues(objects).global.meshID).toBe('prod');
  });

  it('renders the proxy settings into the injector values', () => {
    const { objects } = render({
      proxy: {
        resources: { cpu: { request: kplus.Cpu.millis(50) }, memory: { request: Size.mebibytes(64) } },
        logLevel: ProxyLogLevel.ERROR,
        componentLogLevel: 'misc:error,upstream:warning',
        clusterDomain: 'corp.local',
        includeIpRanges: ['10.0.0.0/8', '172.16.0.0/12'],
        excludeIpRanges: ['10.96.0.1/32'],
        excludeInboundPorts: [9000],
        excludeOutboundPorts: [5432, 6379],
      },
      autoInject: false,
      enableNamespacesByDefault: true,
      network: 'net-east',
    });
    const g = injectorValues(objects).global;
    expect(g.proxy).toMatchObject({
      resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '2000m', memory: '1024Mi' } },
      logLevel: 'error',
      componentLogLevel: 'misc:error,upstream:warning',
      clusterDomain: 'corp.local',
      includeIPRanges: '10.0.0.0/8,172.16.0.0/12',
      excludeIPRanges: '10.96.0.1/32',
      excludeInboundPorts: '9000',
      excludeOutboundPorts: '5432,6379',
      autoInject: 'disabled',
    });
    expect(g.network).toBe('net-east');
    expect(find(objects, 'ConfigMap', 'istio-sidecar-injector').data.config).toContain('\npolicy: disabled\n');
    expect(discovery(objects).args).toEqual(['discovery', '--monitoringAddr=:15014', '--log_output_level=default:info',
      '--domain', 'corp.local', '--keepaliveMaxServerConnectionAge', '30m']);
    const mwc = find(objects, 'MutatingWebhookConfiguration', 'istio-sidecar-injector');
    expect(mwc.webhooks.map((w: any) => w.name)).toEqual(['rev.namespace.sidecar-injector.istio.io',
      'rev.object.sidecar-injector.istio.io', 'namespace.sidecar-injector.istio.io', 'object.sidecar-injector.istio.io',
      'auto.sidecar-injector.istio.io']);
    expect(mwc.webhooks[4].namespaceSelector.matchExpressions[2]).toEqual({
      key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['kube-system', 'kube-public', 'kube-node-lease', 'local-path-storage'],
    });
  });

  it('keys the pinned templates as upstream does and adds user templates (lazily, after construction)', () => {
    const chart = newChart();
    const istiod = new Istiod(chart, 'Istiod', {
      injectionTemplates: { hello: 'metadata:\n  labels:\n    hello: world\n' },
      defaultInjectionTemplates: ['sidecar', 'hello'],
    });
    expect(istiod.addInjectionTemplate('sidecar', 'spec: {}')).toBe('sidecar');
    const objects = synth(chart);
    const cm = find(objects, 'ConfigMap', 'istio-sidecar-injector');
    expect(cm.data.config.split('\n').slice(0, 3)).toEqual([
      '# defaultTemplates defines the default template to use for pods that do not explicitly specify a template',
      'defaultTemplates:',
      '- sidecar',
    ]);
    const templates = parse(cm.data.config).templates;
    expect(Object.keys(templates)).toEqual(['gateway', 'grpc-simple', 'grpc-agent', 'waypoint', 'kube-gateway', 'agentgateway',
      'hello', 'sidecar']);
    expect(templates.hello).toBe('metadata:\n  labels:\n    hello: world\n');
    expect(templates.sidecar).toBe('spec: {}');
    expect(JSON.parse(cm.data.values).sidecarInjectorWebhook).toMatchObject({
      defaultTemplates: ['sidecar', 'hello'],
      templates: { hello: 'metadata:\n  labels:\n    hello: world\n', sidecar: 'spec: {}' },
    });
  });

  it('can leave out the validating webhook, set Ignore and the Service traffic distribution', () => {
    expect(names(render({ configValidation: false }).objects).some((n) => n.startsWith('ValidatingWebhook'))).toBe(false);
    const { objects } = render({
      validationFailurePolicy: FailurePolicy.IGNORE,
      serviceTrafficDistribution: ServiceTrafficDistribution.PREFER_CLOSE,
    });
    expect(find(objects, 'ValidatingWebhookConfiguration', 'istio-validator-istio-system').webhooks[0].failurePolicy).toBe('Ignore');
    expect(find(objects, 'Service', 'istiod').spec.trafficDistribution).toBe('PreferClose');
  });

  it('drops the gateway-controller ClusterRole when the deployment controller is off, and honours MCS_API_GROUP', () => {
    const { objects } = render({ env: { PILOT_ENABLE_GATEWAY_API_DEPLOYMENT_CONTROLLER: 'false', MCS_API_GROUP: 'mcs.example.com' } });
    expect(names(objects).some((n) => n.includes('gateway-controller'))).toBe(false);
    const rules = find(objects, 'ClusterRole', 'istiod-clusterrole-istio-system').rules;
    expect(rules.filter((r: any) => r.apiGroups.includes('mcs.example.com')).map((r: any) => r.resources)).toEqual([['serviceexports'], ['serviceimports']]);
  });

  it('meets Pod Security "restricted" (with seccomp RuntimeDefault, the default)', () => {
    const pod = find(render().objects, 'Deployment', 'istiod').spec.template.spec;
    expect(restrictedViolations(pod)).toEqual([]);
    const without = find(render({ seccompRuntimeDefault: false }).objects, 'Deployment', 'istiod').spec.template.spec;
    expect(restrictedViolations(without)).toEqual(['seccompProfile (discovery)']);
  });

  it('lists the fields istiod rewrites for GitOps tools', () => {
    const { istiod } = render({ validationFailurePolicy: FailurePolicy.IGNORE });
    expect(istiod.ignoreDifferences()).toEqual([
      {
        group: 'admissionregistration.k8s.io',
        kind: 'MutatingWebhookConfiguration',
        name: 'istio-sidecar-injector',
        jsonPointers: [0, 1, 2, 3].map((i) => `/webhooks/${i}/clientConfig/caBundle`),
        jqPathExpressions: ['.webhooks[]?.clientConfig.caBundle'],
        reason: 'istiod patches the CA bundle of its injection webhooks at run time; it is never rendered',
      },
      {
        group: 'admissionregistration.k8s.io',
        kind: 'ValidatingWebhookConfiguration',
        name: 'istio-validator-istio-system',
        jsonPointers: ['/webhooks/0/clientConfig/caBundle', '/webhooks/0/failurePolicy'],
        jqPathExpressions: ['.webhooks[]?.clientConfig.caBundle', '.webhooks[]?.failurePolicy'],
        reason: 'istiod patches the CA bundle and switches failurePolicy from Ignore to Fail once its webhook is ready',
      },
    ]);
    expect(render().istiod.ignoreDifferences()[1].jsonPointers).toEqual(['/webhooks/0/clientConfig/caBundle']);
  });

  it('never puts the chart namespace on cluster-scoped objects', () => {
    const chart = new Chart(Testing.app(), 'ns', { namespace: 'apps' });
    new Istiod(chart, 'Istiod');
    const objects = synth(chart);
    expect(find(objects, 'ClusterRole', 'istiod-clusterrole-istio-system').metadata.namespace).toBeUndefined();
    expect(find(objects, 'MutatingWebhookConfiguration', 'istio-sidecar-injector').metadata.namespace).toBeUndefined();
    expect(find(objects, 'Deployment', 'istiod').metadata.namespace).toBe('istio-system');
  });
});

describe('Istiod errors', () => {
  const P = 'test/Istiod';
  const cases: Array<[string, IstiodProps, string]> = [
    ['namespace', { namespace: 'Istio_System' }, `${P}: namespace: must be a DNS-1123 label (at most 63 lowercase letters, digits and '-', starting and ending with a letter or digit), got "Istio_System"; use the namespace of the control plane, e.g. istio-system`],
    ['revision default', { revision: 'default' }, `${P}: revision: 'default' is reserved for the unrevisioned control plane, got "default"; leave revision unset for the default revision, or point a RevisionTag named default at a revisioned istiod`],
    ['revision', { revision: '1.30.3' }, `${P}: revision: must be a DNS-1123 label (at most 63 lowercase letters, digits and '-', starting and ending with a letter or digit), got "1.30.3"; use the version with dots replaced, e.g. '1-30-3'`],
    ['hub', { images: { hub: '' } }, `${P}: images.hub: must not be empty, got ""; give the registry path, e.g. 'docker.io/istio'`],
    ['tag', { images: { tag: ' ' } }, `${P}: images.tag: must not be empty, got " "; give the image tag, e.g. '1.30.3'`],
    ['pilotDigest', { images: { pilotDigest: 'sha256:abc' } }, `${P}: images.pilotDigest: must be an image digest 'sha256:' followed by 64 lowercase hex digits, got "sha256:abc"; copy the digest from the registry (e.g. \`crane digest docker.io/istio/pilot:1.30.3\`)`],
    ['proxyDigest', { images: { proxyDigest: 'latest' } }, `${P}: images.proxyDigest: must be an image digest 'sha256:' followed by 64 lowercase hex digits, got "latest"`],
    ['replicas + autoscaling', { replicas: 2, autoscaling: {} }, `${P}: replicas: cannot be combined with autoscaling, got replicas 2; set either a fixed replica count or autoscaling bounds`],
    ['replicas', { replicas: 0 }, `${P}: replicas: must be an integer from 1 to 1000, got 0; use at least 1 replica`],
    ['minReplicas', { autoscaling: { minReplicas: 0 } }, `${P}: autoscaling.minReplicas: must be an integer from 1 to 1000, got 0; use at least 1 replica`],
    ['maxReplicas', { autoscaling: { minReplicas: 3, maxReplicas: 2 } }, `${P}: autoscaling.maxReplicas: must be an integer from 3 to 1000, got 2; use a maximum no lower than minReplicas`],
    ['targetCpuUtilization', { autoscaling: { targetCpuUtilization: 0 } }, `${P}: autoscaling.targetCpuUtilization: must be an integer from 1 to 1000, got 0; give a percentage of the CPU request, e.g. 80`],
    ['env', { env: { '1BAD': 'x' } }, `${P}: env: variable names must consist of letters, digits, '_', '-' or '.' and not start with a digit, got "1BAD"; rename the variable`],
    ['nodeSelector key', { nodeSelector: { 'bad key': 'x' } }, `${P}: nodeSelector: key must be a qualified name ([prefix/]name, name at most 63 alphanumerics, '-', '_' or '.'), got "bad key"; fix the label key`],
    ['podLabels value', { podLabels: { team: 'a b' } }, `${P}: podLabels.team: must be a label value (at most 63 alphanumerics, '-', '_' or '.', starting and ending with an alphanumeric), got "a b"; fix the label value`],
    ['jwksBlockedCidrs empty', { jwksBlockedCidrs: [] }, `${P}: jwksBlockedCidrs: must not be empty, got []; list the ranges to block (e.g. ['10.0.0.0/8', '127.0.0.0/8']) or omit it to keep istiod's default`],
    ['jwksBlockedCidrs address', { jwksBlockedCidrs: ['10.0.0.0/8', '192.168.1.1'] }, `${P}: jwksBlockedCidrs[1]: must be an IPv4 or IPv6 CIDR block, got '192.168.1.1'; e.g. '10.0.0.0/8' or 'fd00::/8'`],
    ['jwksBlockedCidrs and env', { jwksBlockedCidrs: ['10.0.0.0/8'], env: { BLOCKED_CIDRS_IN_JWKS_URIS: '10.0.0.0/8' } }, `${P}: jwksBlockedCidrs: is also set as env.BLOCKED_CIDRS_IN_JWKS_URIS, got both; set it in one place (jwksBlockedCidrs is the typed way)`],
    ['traceSampling', { traceSampling: 101 }, `${P}: traceSampling: must be a percentage from 0 to 100, got 101; use e.g. 1 to trace one request in a hundred`],
    ['trustDomain', { trustDomain: 'Prod_Domain' }, `${P}: trustDomain: must be a DNS-1123 subdomain, got "Prod_Domain"; use a DNS name such as 'cluster.local' or 'prod.example.com'`],
    ['rootNamespace', { rootNamespace: 'Root' }, `${P}: rootNamespace: must be a DNS-1123 label`],
    ['clusterName', { clusterName: '' }, `${P}: clusterName: must not be empty, got ""; give the cluster a name or leave it unset`],
    ['meshId', { meshId: '' }, `${P}: meshId: must not be empty, got ""; give the mesh an ID or leave it unset`],
    ['network', { network: '' }, `${P}: network: must not be empty, got ""; give the network a name or leave it unset`],
    ['clusterDomain', { proxy: { clusterDomain: 'Cluster.Local' } }, `${P}: proxy.clusterDomain: must be a DNS-1123 subdomain, got "Cluster.Local"; use the cluster DNS domain, e.g. 'cluster.local'`],
    ['excludeInboundPorts', { proxy: { excludeInboundPorts: [0] } }, `${P}: proxy.excludeInboundPorts[0]: must be an integer from 1 to 65535, got 0; give a TCP port number`],
    ['excludeOutboundPorts', { proxy: { excludeOutboundPorts: [80, 70000] } }, `${P}: proxy.excludeOutboundPorts[1]: must be an integer from 1 to 65535, got 70000; give a TCP port number`],
    ['injectionTemplates', { injectionTemplates: { 'bad name': 'x' } }, `${P}: injectionTemplates: template names must be letters, digits, '-', '_' or '.', got "bad name"; rename the template`],
    ['defaultInjectionTemplates', { defaultInjectionTemplates: ['sidecar', ''] }, `${P}: defaultInjectionTemplates[1]: template names must be letters, digits, '-', '_' or '.', got ""; rename the template`],
    ['concurrency', { meshConfig: { defaultConfig: { concurrency: -1 } } }, `${P}: meshConfig.defaultConfig.concurrency: must be an integer from 0 to 1024, got -1; use 0 for one worker per CPU core`],
    ['tracing sampling', { meshConfig: { defaultConfig: { tracing: ProxyTracing.sampling(150) } } }, `${P}: meshConfig.defaultConfig.tracing.sampling: must be a percentage from 0 to 100, got 150; use e.g. 1 to trace one request in a hundred`],
    ['tracing address', { meshConfig: { defaultConfig: { tracing: ProxyTracing.datadog('') } } }, `${P}: meshConfig.defaultConfig.tracing.address: must not be empty, got ""; give the collector as host:port`],
    ['provider name', { meshConfig: { extensionProviders: [ExtensionProvider.prometheus('bad name')] } }, `${P}: meshConfig.extensionProviders[0].name: must be a non-empty name of letters, digits, '-', '_' or '.', got "bad name"; name the provider as Telemetry resources will reference it`],
    ['provider duplicate', { meshConfig: { extensionProviders: [ExtensionProvider.prometheus('p'), ExtensionProvider.prometheus('p')] } }, `${P}: meshConfig.extensionProviders[1].name: is already used by another extension provider, got "p"; give every provider a distinct name`],
    ['provider service', { meshConfig: { extensionProviders: [ExtensionProvider.skywalking('sw', { service: '', port: 11800 })] } }, `${P}: meshConfig.extensionProviders[0].service: must not be empty, got ""; give the fully qualified service host`],
    ['provider port', { meshConfig: { extensionProviders: [ExtensionProvider.openTelemetryAccessLog('otel', { service: 'otel', port: 0 })] } }, `${P}: meshConfig.extensionProviders[0].port: must be an integer from 1 to 65535, got 0; give the port the service listens on`],
    ['defaultProviders', { meshConfig: { defaultProviders: { tracing: ['jaeger'] } } }, `${P}: meshConfig.defaultProviders.tracing[0]: names no extension provider, got "jaeger"; define it in extensionProviders or use a built-in one (prometheus, stackdriver, envoy)`],
  ];

  it.each(cases)('%s', (_name, props, message) => {
    expect(() => new Istiod(newChart(), 'Istiod', props)).toThrow(message);
  });

  it('rejects a duplicate, empty or badly named added template', () => {
    const istiod = new Istiod(newChart(), 'Istiod');
    istiod.addInjectionTemplate('custom', 'spec: {}');
    expect(() => istiod.addInjectionTemplate('custom', 'spec: {}')).toThrow(
      `${P}: addInjectionTemplate: template "custom" is already defined, got a second definition; give the template a distinct name`);
    expect(() => istiod.addInjectionTemplate('other', '')).toThrow(`${P}: addInjectionTemplate(other): must not be empty, got ""; give the Go template text`);
    expect(() => istiod.addInjectionTemplate('a/b', 'x')).toThrow(`${P}: addInjectionTemplate: template names must be letters, digits, '-', '_' or '.', got "a/b"; rename the template`);
  });

  it('rejects the same revision tag twice', () => {
    const istiod = new Istiod(newChart(), 'Istiod', { revision: '1-30-3' });
    istiod.addRevisionTag('prod');
    expect(() => istiod.addRevisionTag('prod')).toThrow(`${P}: addRevisionTag: tag "prod" already points at this revision, got it twice; add each tag once`);
  });
});
