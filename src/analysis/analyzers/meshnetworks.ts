// Mirrors istio/istio pkg/config/analysis/analyzers/multicluster/meshnetworks.go (IST0126). MeshNetworks comes from
// the `meshNetworks` key of the mesh config (--mesh-config, or the istio ConfigMap of the input). As upstream, the
// findings are reported on the resource `MeshNetworks meshnetworks` of the Istio namespace; when the settings came
// from a ConfigMap of the input, its file and line are given.
import { Analyzer } from '../analyzer';
import { MSG } from '../catalogue';
import { GROUP, Resource } from '../resource';

/** provider.Mock, provider.Kubernetes, provider.External */
const KNOWN_REGISTRIES = ['Mock', 'Kubernetes', 'External'];
/** multicluster.MultiClusterSecretLabel */
const REMOTE_SECRET_LABEL = 'istio/multiCluster';

/** The MeshNetworks resource istioctl keeps in its internal store (`meshnetworks` in the Istio namespace). */
function meshNetworksResource(istioNamespace: string, configMap: Resource | undefined): Resource {
  return {
    object: configMap?.object ?? {},
    apiVersion: '',
    group: GROUP.CORE,
    kind: 'MeshNetworks',
    name: 'meshnetworks',
    namespace: istioNamespace,
    labels: {},
    annotations: {},
    spec: {},
    source: configMap?.source ?? {},
    order: -1,
  };
}

/** meshnetworks.MeshNetworksAnalyzer */
export const meshNetworksAnalyzer: Analyzer = {
  name: 'meshnetworks.MeshNetworksAnalyzer',
  description: 'Check the validity of MeshNetworks in the cluster',
  upstream: 'pkg/config/analysis/analyzers/multicluster/meshnetworks.go',
  analyze(ctx) {
    const networks = ctx.mesh.meshNetworks?.networks;
    if (!networks || typeof networks !== 'object') return;
    const registries = new Set(KNOWN_REGISTRIES);
    for (const secret of ctx.ofKind(GROUP.CORE, 'Secret')) {
      if (secret.labels[REMOTE_SECRET_LABEL] !== 'true') continue;
      for (const cluster of [...Object.keys(secret.object.data ?? {}), ...Object.keys(secret.object.stringData ?? {})]) registries.add(cluster);
    }
    const target = meshNetworksResource(ctx.istioNamespace, ctx.mesh.configMap);
    const pointer = ctx.mesh.configMap ? '/data/meshNetworks' : undefined;
    for (const [network, def] of Object.entries<any>(networks)) {
      (Array.isArray(def?.endpoints) ? def.endpoints : []).forEach((e: any) => {
        if (typeof e?.fromRegistry === 'string' && !registries.has(e.fromRegistry)) {
          ctx.report(target, MSG.UnknownMeshNetworksServiceRegistry, [e.fromRegistry, network], pointer);
        }
      });
    }
  },
};
