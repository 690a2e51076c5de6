// The mesh configuration the analyzers read: MeshConfig (the `mesh` key of the istio ConfigMap) and MeshNetworks
// (its `meshNetworks` key). Given explicitly (`--mesh-config`) or found in the input.
import { parseDocument } from 'yaml';
import { Resource } from './resource';

/** @internal */
export interface MeshSettings {
  /** The MeshConfig as a plain object ({} when there is none: Istio's defaults apply). */
  readonly meshConfig: any;
  /** The MeshNetworks as a plain object, when given. */
  readonly meshNetworks?: any;
  /** The ConfigMap the settings came from, when they came from the input. */
  readonly configMap?: Resource;
  /** Why the ConfigMap of the input could not be read (its settings are then ignored). */
  readonly configMapError?: string;
}

/**
 * Parses a mesh configuration file: either a MeshConfig document, or an istio ConfigMap whose `data.mesh` (and
 * `data.meshNetworks`) hold it. Throws an Error with a readable message when the text is not one of these.
 * @internal
 */
export function parseMeshConfig(text: string, where: string = 'mesh config'): { meshConfig: any; meshNetworks?: any } {
  const doc = parseDocument(text, { prettyErrors: false });
  if (doc.errors.length > 0) throw new Error(`${where}: YAML syntax error: ${doc.errors[0].message.split('\n')[0]}`);
  const value = doc.toJS({ maxAliasCount: 100 }) ?? {};
  if (typeof value !== 'object' || Array.isArray(value)) throw new Error(`${where}: expected a MeshConfig mapping or an istio ConfigMap, got ${JSON.stringify(value)}`);
  if (value.kind === 'ConfigMap') {
    const data = value.data ?? {};
    return {
      meshConfig: typeof data.mesh === 'string' ? parseMeshConfig(data.mesh, `${where}: data.mesh`).meshConfig : {},
      meshNetworks: typeof data.meshNetworks === 'string' ? parseMeshConfig(data.meshNetworks, `${where}: data.meshNetworks`).meshConfig : undefined,
    };
  }
  return { meshConfig: value };
}

/**
 * The mesh settings for an analysis: the explicit MeshConfig if given, otherwise the `istio` ConfigMap of the Istio
 * namespace in the input (its `mesh` and `meshNetworks` keys), otherwise Istio's defaults.
 * @internal
 */
export function meshSettings(
  resources: ReadonlyArray<Resource>, istioNamespace: string, explicit?: { meshConfig: any; meshNetworks?: any },
): MeshSettings {
  const cm = resources.find((r) => r.kind === 'ConfigMap' && r.group === '' && r.name === 'istio' && r.namespace === istioNamespace);
  let fromInput: { meshConfig: any; meshNetworks?: any } | undefined;
  let configMapError: string | undefined;
  if (cm) {
    try {
      fromInput = parseMeshConfig(JSON.stringify({ kind: 'ConfigMap', data: cm.object.data ?? {} }), 'ConfigMap');
    } catch (err) {
      configMapError = (err as Error).message;
    }
  }
  return {
    meshConfig: explicit?.meshConfig ?? fromInput?.meshConfig ?? {},
    meshNetworks: explicit?.meshNetworks ?? fromInput?.meshNetworks,
    configMap: cm,
    configMapError,
  };
}
