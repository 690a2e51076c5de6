import { Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { describe, expect, it } from 'vitest';
import { find, forSnapshot, names, newChart, restrictedViolations, synth } from './helpers';
import {
  EgressGateway, ExternalTrafficPolicy, GatewayDirection, GatewayServiceType, IngressGateway, Istiod, IstioGatewayProps,
  ProxyLogLevel,
} from '../../src';

const DIGEST = `sha256:${'b'.repeat(64)}`;
const proxy = (objects: any[], name: string) => find(objects, 'Deployment', name).spec.template.spec.containers[0];
const env = (c: any) => Object.fromEntries(c.env.map((e: any) => [e.name, e.value ?? e.valueFrom]));

describe('IngressGateway', () => {
  it('renders upstream\'s istio-ingressgateway by default', () => {
    const chart = newChart();
    const gw = new IngressGateway(chart, 'Ingress');
    const objects = synth(chart);
    expect(names(objects)).toEqual([
      'ServiceAccount/istio-ingressgateway-service-account', 'Deployment/istio-ingressgateway', 'Service/istio-ingressgateway',
      'HorizontalPodAutoscaler/istio-ingressgateway', 'Role/istio-ingressgateway-sds', 'RoleBinding/istio-ingressgateway-sds',
    ]);
    expect(gw.direction).toBe(GatewayDirection.INGRESS);
    expect(gw.selectorLabels).toEqual({ app: 'istio-ingressgateway', istio: 'ingressgateway' });
    expect(find(objects, 'Service', 'istio-ingressgateway').spec).toEqual({
      type: 'LoadBalancer',
      selector: { app: 'istio-ingressgateway', istio: 'ingressgateway' },
      ports: [
        { name: 'status-port', port: 15021, protocol: 'TCP', targetPort: 15021 },
        { name: 'http2', port: 80, protocol: 'TCP', targetPort: 8080 },
        { name: 'https', port: 443, protocol: 'TCP', targetPort: 8443 },
      ],
    });
    expect(proxy(objects, 'istio-ingressgateway').ports.map((p: any) => p.containerPort)).toEqual([15021, 8080, 8443, 15090]);
    // What Istio Gateway servers on this gateway listen on (IGatewayWorkload.servicePorts).
    expect(gw.servicePorts).toEqual([{ port: 15021, targetPort: 15021 }, { port: 80, targetPort: 8080 }, { port: 443, targetPort: 8443 }]);
    expect(proxy(objects, 'istio-ingressgateway').image).toBe('docker.io/istio/proxyv2:1.30.3');
    expect(forSnapshot(objects)).toMatchSnapshot();
  });

  it('meets Pod Security "restricted"', () => {
    const chart = newChart();
    new IngressGateway(chart, 'Ingress');
    new EgressGateway(chart, 'Egress', { seccompRuntimeDefault: false });
    const objects = synth(chart);
    expect(restrictedViolations(find(objects, 'Deployment', 'istio-ingressgateway').spec.template.spec)).toEqual([]);
    expect(restrictedViolations(find(objects, 'Deployment', 'istio-egressgateway').spec.template.spec)).toEqual(['seccompProfile (istio-proxy)']);
  });

  it('takes revision, namespace, trust domain, images and proxy settings from its istiod', () => {
    const chart = newChart();
    const istiod = new Istiod(chart, 'Istiod', {
      revision: '1-30-3',
      namespace: 'mesh-system',
      trustDomain: 'prod.example.com',
      meshId: 'prod-mesh',
      clusterName: 'east',
      network: 'net-east',
      images: { hub: 'registry.example.com/istio', proxyDigest: DIGEST },
      proxy: { logLevel: ProxyLogLevel.INFO, clusterDomain: 'corp.local' },
      meshConfig: { enablePrometheusMerge: false, defaultConfig: { proxyMetadata: { ISTIO_META_DNS_CAPTURE: 'true' } } },
    });
    new IngressGateway(chart, 'Ingress', { istiod, namespace: 'ingress', env: { EXTRA: 'x' } });
    const objects = synth(chart);
    const d = find(objects, 'Deployment', 'istio-ingressgateway');
    const c = d.spec.template.spec.containers[0];
    expect(c.image).toBe(`registry.example.com/istio/proxyv2:1.30.3@${DIGEST}`);
    expect(c.args).toEqual(['proxy', 'router', '--domain', '$(POD_NAMESPACE).svc.corp.local', '--proxyLogLevel=info',
      '--proxyComponentLogLevel=misc:error', '--log_output_level=default:info']);
    expect(env(c)).toMatchObject({
      CA_ADDR: 'istiod-1-30-3.mesh-system.svc:15012',
      ISTIO_META_OWNER: 'kubernetes://apis/apps/v1/namespaces/ingress/deployments/istio-ingressgateway',
      ISTIO_META_MESH_ID: 'prod-mesh',
      TRUST_DOMAIN: 'prod.example.com',
      EXTRA: 'x',
      ISTIO_META_DNS_CAPTURE: 'true',
      ISTIO_META_NETWORK: 'net-east',
      ISTIO_META_CLUSTER_ID: 'east',
    });
    expect(c.env.map((e: any) => e.name).slice(-5)).toEqual(['EXTRA', 'ISTIO_META_DNS_CAPTURE', 'ISTIO_META_NETWORK', 'ISTIO_META_CLUSTER_ID', 'ISTIO_META_NODE_NAME']);
    expect(d.metadata.namespace).toBe('ingress');
    expect(d.metadata.labels['istio.io/rev']).toBe('1-30-3');
    const podLabels = d.spec.template.metadata.labels;
    expect(podLabels['service.istio.io/canonical-revision']).toBe('1-30-3');
    expect(podLabels.heritage).toBeUndefined();
    expect(d.spec.template.metadata.annotations).toEqual({ 'istio.io/rev': '1-30-3', 'sidecar.istio.io/inject': 'false' });
    expect(d.spec.template.spec.volumes.find((v: any) => v.name === 'config-volume')).toEqual({ name: 'config-volume', configMap: { name: 'istio-1-30-3', optional: true } });
  });

  it('supports custom names, labels, ports, Service settings, fixed replicas and placement', () => {
    const chart = newChart();
    const internal = new IngressGateway(chart, 'Internal', {
      name: 'internal-ingressgateway',
      labels: { istio: 'internal-ingressgateway', app: 'internal' },
      ports: [{ name: 'https', port: 443, targetPort: 8443, protocol: kplus.Protocol.TCP, nodePort: 30443 }],
      serviceType: GatewayServiceType.NODE_PORT,
      serviceAnnotations: { 'service.beta.kubernetes.io/aws-load-balancer-internal': 'true' },
      externalTrafficPolicy: ExternalTrafficPolicy.LOCAL,
      loadBalancerSourceRanges: ['10.0.0.0/8'],
      replicas: 3,
      resources: { cpu: { limit: kplus.Cpu.units(1) }, memory: { request: Size.mebibytes(256) } },
      nodeSelector: { 'node.kubernetes.io/pool': 'edge' },
      tolerations: [{ key: 'edge', operator: 'Exists' }],
      podAnnotations: { 'example.com/team': 'edge' },
    });
    expect([internal.servicePorts, new EgressGateway(newChart(), 'Egress', { ports: [{ name: 'tls', port: 9443 }] }).servicePorts])
      .toEqual([[{ port: 443, targetPort: 8443 }], [{ port: 9443, targetPort: 9443 }]]);
    const objects = synth(chart);
    expect(names(objects)).toEqual([
      'ServiceAccount/internal-ingressgateway-service-account', 'Deployment/internal-ingressgateway', 'Service/internal-ingressgateway',
      'PodDisruptionBudget/internal-ingressgateway', 'Role/internal-ingressgateway-sds', 'RoleBinding/internal-ingressgateway-sds',
    ]);
    const svc = find(objects, 'Service', 'internal-ingressgateway');
    expect(svc.metadata.annotations).toEqual({ 'service.beta.kubernetes.io/aws-load-balancer-internal': 'true' });
    expect(svc.spec).toEqual({
      type: 'NodePort',
      selector: { istio: 'internal-ingressgateway', app: 'internal' },
      ports: [{ name: 'https', port: 443, targetPort: 8443, protocol: 'TCP', nodePort: 30443 }],
      externalTrafficPolicy: 'Local',
      loadBalancerSourceRanges: ['10.0.0.0/8'],
    });
    const d = find(objects, 'Deployment', 'internal-ingressgateway');
    expect(d.spec.replicas).toBe(3);
    expect(d.spec.selector.matchLabels).toEqual({ istio: 'internal-ingressgateway', app: 'internal' });
    const pod = d.spec.template.spec;
    expect(pod.containers[0].resources).toEqual({ requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '1', memory: '1024Mi' } });
    expect(pod.affinity).toEqual({
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [{ matchExpressions: [{ key: 'node.kubernetes.io/pool', operator: 'In', values: ['edge'] }] }],
        },
      },
    });
    expect(pod.tolerations).toEqual([{ key: 'edge', operator: 'Exists' }]);
    expect(pod.volumes.filter((v: any) => v.secret).map((v: any) => [v.name, v.secret.secretName]))
      .toEqual([['internal-ingressgateway-certs', 'internal-ingressgateway-certs'], ['internal-ingressgateway-ca-certs', 'internal-ingressgateway-ca-certs']]);
    expect(find(objects, 'PodDisruptionBudget', 'internal-ingressgateway').spec)
      .toEqual({ minAvailable: 1, selector: { matchLabels: { istio: 'internal-ingressgateway', app: 'internal' } } });
    expect(d.spec.template.metadata.annotations['example.com/team']).toBe('edge');
  });

  it('allows several gateways with distinct names and labels in one namespace', () => {
    const chart = newChart();
    new IngressGateway(chart, 'Public');
    new IngressGateway(chart, 'Private', { name: 'istio-private-gateway' });
    new EgressGateway(chart, 'Egress');
    const objects = synth(chart);
    expect(objects.filter((o) => o.kind === 'Service').map((o) => o.spec.selector)).toEqual([
      { app: 'istio-ingressgateway', istio: 'ingressgateway' },
      { app: 'istio-private-gateway', istio: 'private-gateway' },
      { app: 'istio-egressgateway', istio: 'egressgateway' },
    ]);
  });
});

describe('EgressGateway', () => {
  it('renders upstream\'s istio-egressgateway by default', () => {
    const chart = newChart();
    const gw = new EgressGateway(chart, 'Egress');
    const objects = synth(chart);
    expect(gw.direction).toBe(GatewayDirection.EGRESS);
    expect(find(objects, 'Service', 'istio-egressgateway').spec).toEqual({
      type: 'ClusterIP',
      selector: { app: 'istio-egressgateway', istio: 'egressgateway' },
      ports: [
        { name: 'http2', port: 80, protocol: 'TCP', targetPort: 8080 },
        { name: 'https', port: 443, protocol: 'TCP', targetPort: 8443 },
      ],
    });
    const c = proxy(objects, 'istio-egressgateway');
    expect(c.ports.map((p: any) => p.containerPort)).toEqual([8080, 8443, 15090]);
    expect(c.readinessProbe.httpGet).toEqual({ path: '/healthz/ready', port: 15021, scheme: 'HTTP' });
    expect(find(objects, 'RoleBinding', 'istio-egressgateway-sds').subjects).toEqual([{ kind: 'ServiceAccount', name: 'istio-egressgateway-service-account' }]);
    expect(forSnapshot(objects)).toMatchSnapshot();
  });
});

describe('gateway errors', () => {
  const P = 'test/Gw';
  const cases: Array<[string, IstioGatewayProps, string]> = [
    ['name', { name: 'Bad_Name' }, `${P}: name: must be a DNS-1123 label (at most 63 lowercase letters, digits and '-', starting and ending with a letter or digit), got "Bad_Name"; use a name such as 'istio-ingressgateway' or 'internal-ingressgateway'`],
    ['name length', { name: `a${'b'.repeat(50)}` }, `${P}: name: must be at most 48 characters (the ServiceAccount adds '-service-account'), got "a${'b'.repeat(50)}" (51); shorten the name`],
    ['namespace', { namespace: 'Ingress' }, `${P}: namespace: must be a DNS-1123 label (at most 63 lowercase letters, digits and '-', starting and ending with a letter or digit), got "Ingress"; use an existing namespace, e.g. istio-system or istio-ingress`],
    ['labels key', { labels: { 'a b': 'x' } }, `${P}: labels: key must be a qualified name`],
    ['labels value', { labels: { istio: '-x' } }, `${P}: labels.istio: must be a label value`],
    ['labels empty', { labels: {} }, `${P}: labels: must not be empty, got {}; give at least one label, e.g. { istio: "internal-gateway" }`],
    ['env', { env: { 'A=B': 'x' } }, `${P}: env: variable names must consist of letters, digits, '_', '-' or '.' and not start with a digit, got "A=B"; rename the variable`],
    ['nodeSelector', { nodeSelector: { pool: 'a b' } }, `${P}: nodeSelector.pool: must be a label value`],
    ['replicas + autoscaling', { replicas: 2, autoscaling: { maxReplicas: 3 } }, `${P}: replicas: cannot be combined with autoscaling, got replicas 2; set either a fixed replica count or autoscaling bounds`],
    ['replicas', { replicas: 1.5 }, `${P}: replicas: must be an integer from 1 to 1000, got 1.5; use at least 1 replica`],
    ['minReplicas', { autoscaling: { minReplicas: -1 } }, `${P}: autoscaling.minReplicas: must be an integer from 1 to 1000, got -1; use at least 1 replica`],
    ['maxReplicas', { autoscaling: { maxReplicas: 0 } }, `${P}: autoscaling.maxReplicas: must be an integer from 1 to 1000, got 0; use a maximum no lower than minReplicas`],
    ['targetCpuUtilization', { autoscaling: { targetCpuUtilization: 1001 } }, `${P}: autoscaling.targetCpuUtilization: must be an integer from 1 to 1000, got 1001; give a percentage of the CPU request, e.g. 80`],
    ['no ports', { ports: [] }, `${P}: ports: must list at least one port, got []; e.g. { name: "http2", port: 80, targetPort: 8080 }`],
    ['port name', { ports: [{ name: 'HTTP', port: 80 }] }, `${P}: ports[0].name: must be an IANA service name (at most 15 lowercase letters, digits and '-', with a letter), got "HTTP"; use e.g. 'http2', 'https' or 'tcp-db'`],
    ['port', { ports: [{ name: 'http', port: 0 }] }, `${P}: ports[0].port: must be an integer from 1 to 65535, got 0; give the Service port`],
    ['targetPort', { ports: [{ name: 'http', port: 80, targetPort: 70000 }] }, `${P}: ports[0].targetPort: must be an integer from 1 to 65535, got 70000; give the container port the proxy listens on`],
    ['nodePort', { ports: [{ name: 'http', port: 80, nodePort: -1 }] }, `${P}: ports[0].nodePort: must be an integer from 1 to 65535, got -1; give a port in the cluster node-port range`],
    ['duplicate port name', { ports: [{ name: 'http', port: 80 }, { name: 'http', port: 81 }] }, `${P}: ports[1].name: is used twice, got "http"; give each port a distinct name`],
    ['duplicate port', { ports: [{ name: 'http', port: 80 }, { name: 'http2', port: 80 }] }, `${P}: ports[1].port: is used twice, got 80; give each port a distinct number`],
    ['ClusterIP with LB settings', { serviceType: GatewayServiceType.CLUSTER_IP, loadBalancerSourceRanges: ['10.0.0.0/8'] }, `${P}: serviceType: ClusterIP does not use loadBalancerSourceRanges or externalTrafficPolicy, got "ClusterIP"; use GatewayServiceType.LOAD_BALANCER or drop those settings`],
    ['hub', { images: { hub: '' } }, `${P}: images.hub: must not be empty, got ""; give the registry path, e.g. 'docker.io/istio'`],
    ['tag', { images: { tag: '' } }, `${P}: images.tag: must not be empty, got ""; give the image tag, e.g. '1.30.3'`],
    ['proxyDigest', { images: { proxyDigest: 'sha256:XYZ' } }, `${P}: images.proxyDigest: must be an image digest 'sha256:' followed by 64 lowercase hex digits, got "sha256:XYZ"`],
  ];

  it.each(cases)('%s', (_name, props, message) => {
    expect(() => new IngressGateway(newChart(), 'Gw', props)).toThrow(message);
  });

  it('rejects images next to an istiod', () => {
    const chart = newChart();
    const istiod = new Istiod(chart, 'Istiod');
    expect(() => new EgressGateway(chart, 'Gw', { istiod, images: { tag: '1.30.3' } })).toThrow(
      `${P}: images: is taken from the istiod when one is given, got both; set images on the Istiod`);
  });

  it('fails synthesis when two gateways in a namespace share a name or their labels', () => {
    const sameName = newChart();
    new IngressGateway(sameName, 'A');
    new IngressGateway(sameName, 'B', { labels: { istio: 'b' } });
    expect(() => synth(sameName)).toThrow('test/A: name: another gateway in namespace istio-system has the same name, got ' +
      '"istio-ingressgateway" (also test/B); give each gateway a distinct name');

    const sameLabels = newChart();
    new IngressGateway(sameLabels, 'A', { name: 'gw-a', labels: { istio: 'edge' } });
    new IngressGateway(sameLabels, 'B', { name: 'gw-b', labels: { istio: 'edge' } });
    expect(() => synth(sameLabels)).toThrow('test/A: labels: gateway gw-b in the same namespace selects the same pods, got ' +
      '{"istio":"edge"}; give each gateway distinct labels (e.g. istio: gw-a)');

    const otherNamespace = newChart();
    new IngressGateway(otherNamespace, 'A');
    new IngressGateway(otherNamespace, 'B', { namespace: 'istio-ingress' });
    expect(() => synth(otherNamespace)).not.toThrow();
  });
});
