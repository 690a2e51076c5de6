import { describe, expect, it } from 'vitest';
import { analyze, k8s, run } from './helpers';

const M = 'meshnetworks.MeshNetworksAnalyzer';
const networks = 'networks:\n  network1:\n    endpoints:\n    - fromRegistry: Kubernetes\n    - fromRegistry: cluster-west\n    gateways:\n    - address: 1.1.1.1\n      port: 15443\n';

describe('meshnetworks.MeshNetworksAnalyzer (IST0126)', () => {
  it('reports registries that are neither built in nor a remote cluster, on MeshNetworks, at the line of the istio ConfigMap', () => {
    const cm = k8s.configMap('istio', 'istio-system', { mesh: 'rootNamespace: istio-system\n', meshNetworks: networks });
    expect(run([M], [cm])).toEqual(['IST0126 MeshNetworks meshnetworks.istio-system: Unknown service registry cluster-west in network network1']);
    const [message] = analyze([cm], { analyzers: [M] });
    expect([message.file, message.line]).toEqual(['input.yaml', 9]);
  });

  it('accepts clusters that remote secrets define', () => {
    const cm = k8s.configMap('istio', 'istio-system', { mesh: '{}', meshNetworks: networks });
    const remote = k8s.secret('istio-remote-secret-west', 'istio-system', { 'cluster-west': 'kubeconfig' }, { labels: { 'istio/multiCluster': 'true' } });
    expect(run([M], [cm, remote])).toEqual([]);
  });

  it('reads meshNetworks from a --mesh-config ConfigMap too', () => {
    const meshConfig = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: istio, namespace: istio-system}\ndata:\n  meshNetworks: |\n${networks.split('\n').map((l) => `    ${l}`).join('\n')}\n`;
    expect(run([M], [], { meshConfig })).toEqual(['IST0126 MeshNetworks meshnetworks.istio-system: Unknown service registry cluster-west in network network1']);
  });
});
