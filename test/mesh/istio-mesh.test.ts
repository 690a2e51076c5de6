import { describe, expect, it } from 'vitest';
import { find, forSnapshot, names, newChart, restrictedViolations, synth } from './helpers';
import { IstioMesh, IstioMeshProps, MeshProfile } from '../../src';
import { readUpstreamDocuments } from '../../src/upstream/upstream-data';

function render(props: IstioMeshProps = {}) {
  const chart = newChart();
  const mesh = new IstioMesh(chart, 'Mesh', props);
  return { mesh, objects: synth(chart) };
}

const workloads = (objects: any[]) => names(objects).filter((n) => /^(Deployment|HorizontalPodAutoscaler|PodDisruptionBudget)\//.test(n));
const operatorProfile = (name: string) => readUpstreamDocuments(`istio/1.30.3/profiles/istio-operator/${name}.yaml`)[0].spec.components;

describe('IstioMesh profiles', () => {
  it('DEFAULT: base, istiod and the ingress gateway, as the IstioOperator default profile', () => {
    const upstream = operatorProfile('default');
    expect([upstream.base.enabled, upstream.pilot.enabled, upstream.ingressGateways[0].enabled, upstream.egressGateways[0].enabled])
      .toEqual([true, true, true, false]);
    const { mesh, objects } = render();
    expect(mesh.profile).toBe(MeshProfile.DEFAULT);
    expect(objects.filter((o) => o.kind === 'CustomResourceDefinition')).toHaveLength(15);
    expect(workloads(objects)).toEqual(['Deployment/istiod', 'HorizontalPodAutoscaler/istiod', 'Deployment/istio-ingressgateway',
      'HorizontalPodAutoscaler/istio-ingressgateway']);
    expect(mesh.gateways.map((g) => g.name)).toEqual(['istio-ingressgateway']);
    expect(objects).toHaveLength(39);
    expect(forSnapshot(objects)).toMatchSnapshot();
  });

  it('MINIMAL: no gateways, as the IstioOperator minimal profile', () => {
    expect(operatorProfile('minimal').ingressGateways[0].enabled).toBe(false);
    const { mesh, objects } = render({ profile: MeshProfile.MINIMAL });
    expect(mesh.gateways).toEqual([]);
    expect(workloads(objects)).toEqual(['Deployment/istiod', 'HorizontalPodAutoscaler/istiod']);
  });

  it('DEMO: both gateways and the values of upstream\'s demo profile', () => {
    expect(operatorProfile('demo').egressGateways[0].enabled).toBe(true);
    const demo = readUpstreamDocuments('istio/1.30.3/profiles/profile-demo.yaml')[0];
    const { objects } = render({ profile: MeshProfile.DEMO });
    // no autoscaling anywhere (pilot.autoscaleEnabled / gateways.*.autoscaleEnabled: false)
    expect(workloads(objects)).toEqual(['Deployment/istiod', 'Deployment/istio-ingressgateway', 'Deployment/istio-egressgateway']);
    expect(demo.pilot.autoscaleEnabled).toBe(false);
    const istiod = find(objects, 'Deployment', 'istiod');
    expect(istiod.spec.replicas).toBe(1);
    const discovery = istiod.spec.template.spec.containers[0];
    expect(discovery.resources).toEqual(demo.pilot.resources);
    expect(discovery.env.find((e: any) => e.name === 'PILOT_TRACE_SAMPLING').value).toBe(String(demo.pilot.traceSampling));
    // meshConfig: the profile's block merged over upstream's
    const values = JSON.parse(find(objects, 'ConfigMap', 'values').data['merged-values']);
    expect(values.meshConfig).toEqual({ enablePrometheusMerge: true, ...demo.meshConfig });
    const injector = JSON.parse(find(objects, 'ConfigMap', 'istio-sidecar-injector').data.values);
    expect(injector.global.proxy.resources).toEqual({ limits: { cpu: '2000m', memory: '1024Mi' }, ...demo.global.proxy.resources });
    expect(injector.global.waypoint.resources).toEqual({ limits: { cpu: '2', memory: '1Gi' }, ...demo.global.waypoint.resources });
    // gateways
    expect(find(objects, 'Service', 'istio-ingressgateway').spec.ports).toEqual(demo.gateways['istio-ingressgateway'].ports);
    for (const name of ['istio-ingressgateway', 'istio-egressgateway']) {
      expect(find(objects, 'Deployment', name).spec.template.spec.containers[0].resources)
        .toEqual({ limits: { cpu: '2000m', memory: '1024Mi' }, ...demo.gateways[name].resources });
      expect(demo.gateways[name].autoscaleEnabled).toBe(false);
    }
    expect(find(objects, 'ConfigMap', 'istio').data.mesh).toMatchSnapshot();
  });
});

describe('IstioMesh components', () => {
  it('overrides every component individually', () => {
    const { mesh, objects } = render({
      profile: MeshProfile.DEMO,
      base: { enabled: false },
      istiod: { autoscaling: { minReplicas: 2 }, meshConfig: { accessLogFile: '/var/log/envoy.log' } },
      ingressGateway: { enabled: false },
      egressGateway: { autoscaling: { maxReplicas: 3 } },
    });
    expect(mesh.base).toBeUndefined();
    expect(mesh.ingressGateway).toBeUndefined();
    expect(objects.some((o) => o.kind === 'CustomResourceDefinition')).toBe(false);
    expect(workloads(objects)).toEqual(['Deployment/istiod', 'HorizontalPodAutoscaler/istiod', 'PodDisruptionBudget/istiod',
      'Deployment/istio-egressgateway', 'HorizontalPodAutoscaler/istio-egressgateway']);
    const meshConfig = find(objects, 'ConfigMap', 'istio').data.mesh;
    expect(meshConfig).toContain('accessLogFile: /var/log/envoy.log');
    expect(meshConfig).toContain('name: jaeger');
  });

  it('renders a revisioned control plane with tags; a default tag also gets the default validator', () => {
    const { mesh, objects } = render({ revision: '1-30-3', revisionTags: ['prod-stable', 'default'], egressGateway: { enabled: true } });
    expect(names(objects).filter((n) => /WebhookConfiguration|revision-tag/.test(n))).toEqual([
      'ValidatingWebhookConfiguration/istiod-default-validator',
      'ValidatingWebhookConfiguration/istio-validator-1-30-3-istio-system',
      'MutatingWebhookConfiguration/istio-sidecar-injector-1-30-3',
      'MutatingWebhookConfiguration/istio-revision-tag-prod-stable',
      'Service/istiod-revision-tag-prod-stable',
      'MutatingWebhookConfiguration/istio-revision-tag-default',
      'Service/istiod-revision-tag-default',
    ]);
    expect(find(objects, 'ValidatingWebhookConfiguration', 'istiod-default-validator').webhooks[0].clientConfig.service.name).toBe('istiod-1-30-3');
    for (const gw of mesh.gateways) {
      const d = find(objects, 'Deployment', gw.name);
      expect(d.spec.template.spec.containers[0].env[1]).toEqual({ name: 'CA_ADDR', value: 'istiod-1-30-3.istio-system.svc:15012' });
    }
    expect(mesh.ignoreDifferences().map((d) => `${d.kind}/${d.name}`)).toEqual([
      'ValidatingWebhookConfiguration/istiod-default-validator',
      'MutatingWebhookConfiguration/istio-sidecar-injector-1-30-3',
      'ValidatingWebhookConfiguration/istio-validator-1-30-3-istio-system',
      'MutatingWebhookConfiguration/istio-revision-tag-prod-stable',
      'MutatingWebhookConfiguration/istio-revision-tag-default',
    ]);
  });

  it('adds more gateways connected to the mesh', () => {
    const chart = newChart();
    const mesh = new IstioMesh(chart, 'Mesh', { revision: 'blue', namespace: 'mesh' });
    const internal = mesh.addIngressGateway('Internal', { name: 'internal-gateway', serviceType: undefined, namespace: 'edge' });
    const egress = mesh.addEgressGateway('Egress2', { name: 'egress-pci', labels: { istio: 'egress-pci' } });
    mesh.addRevisionTag('stable');
    const objects = synth(chart);
    expect(mesh.gateways.map((g) => `${g.namespace}/${g.name}`)).toEqual(['mesh/istio-ingressgateway', 'edge/internal-gateway', 'mesh/egress-pci']);
    expect(internal.selectorLabels).toEqual({ app: 'internal-gateway', istio: 'internal-gateway' });
    expect(egress.serviceAccountName).toBe('egress-pci-service-account');
    expect(find(objects, 'Deployment', 'internal-gateway').spec.template.spec.containers[0].env[1].value).toBe('istiod-blue.mesh.svc:15012');
    expect(names(objects)).toContain('MutatingWebhookConfiguration/istio-revision-tag-stable-mesh');
  });

  it('creates a Pod Security "restricted" namespace on request, and its pods comply', () => {
    const { objects } = render({ createNamespace: true, istiod: { network: 'net-1' }, egressGateway: { enabled: true } });
    expect(find(objects, 'Namespace', 'istio-system').metadata.labels).toEqual({
      'pod-security.kubernetes.io/enforce': 'restricted',
      'pod-security.kubernetes.io/warn': 'restricted',
      'topology.istio.io/network': 'net-1',
    });
    for (const d of objects.filter((o) => o.kind === 'Deployment')) expect(restrictedViolations(d.spec.template.spec), d.metadata.name).toEqual([]);
    const baseline = render({ createNamespace: true, ingressGateway: { seccompRuntimeDefault: false } }).objects;
    expect(find(baseline, 'Namespace', 'istio-system').metadata.labels['pod-security.kubernetes.io/enforce']).toBe('baseline');
  });

  it('can run the gateways without an istiod of its own', () => {
    const { mesh, objects } = render({ istiod: { enabled: false }, base: { enabled: false }, images: { tag: '1.30.2' } });
    expect(mesh.istiod).toBeUndefined();
    expect(find(objects, 'Deployment', 'istio-ingressgateway').spec.template.spec.containers[0].image).toBe('docker.io/istio/proxyv2:1.30.2');
    expect(mesh.ignoreDifferences()).toEqual([]);
  });
});

describe('IstioMesh errors', () => {
  it('rejects a bad namespace and tags without a revisioned istiod', () => {
    expect(() => render({ namespace: 'Istio' })).toThrow("test/Mesh: namespace: must be a DNS-1123 label (at most 63 lowercase letters, digits and '-', starting and ending with a letter or digit), got \"Istio\"; use the namespace of the control plane, e.g. istio-system");
    expect(() => render({ revisionTags: ['prod'] })).toThrow("test/Mesh: revisionTags: need a revisioned control plane, got tags [\"prod\"] without a revision; set `revision` (e.g. '1-30-3')");
    expect(() => render({ revision: 'r1', revisionTags: ['prod'], istiod: { enabled: false } })).toThrow(
      'test/Mesh: revisionTags: point at this mesh\'s istiod, got tags ["prod"] with istiod disabled; enable istiod or create the RevisionTag next to the Istiod it points at');
    const mesh = new IstioMesh(newChart(), 'Mesh', { istiod: { enabled: false } });
    expect(() => mesh.addRevisionTag('prod')).toThrow(
      'test/Mesh: addRevisionTag: needs this mesh\'s istiod, got istiod disabled (tag "prod"); enable istiod or create the RevisionTag next to the Istiod it points at');
  });
});
