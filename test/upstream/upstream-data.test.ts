import { describe, expect, it } from 'vitest';
import { istioCrds, readUpstreamDocuments, readUpstreamFile } from '../../src/upstream/upstream-data';

describe('upstream data loader', () => {
  it('loads the 15 pinned Istio CRDs', () => {
    expect(istioCrds().map((c) => `${c.spec.group}/${c.spec.names.kind}`).sort()).toEqual([
      'extensions.istio.io/TrafficExtension',
      'extensions.istio.io/WasmPlugin',
      'networking.istio.io/DestinationRule',
      'networking.istio.io/EnvoyFilter',
      'networking.istio.io/Gateway',
      'networking.istio.io/ProxyConfig',
      'networking.istio.io/ServiceEntry',
      'networking.istio.io/Sidecar',
      'networking.istio.io/VirtualService',
      'networking.istio.io/WorkloadEntry',
      'networking.istio.io/WorkloadGroup',
      'security.istio.io/AuthorizationPolicy',
      'security.istio.io/PeerAuthentication',
      'security.istio.io/RequestAuthentication',
      'telemetry.istio.io/Telemetry',
    ]);
  });

  it('parses once and serves the cached documents afterwards', () => {
    expect(readUpstreamDocuments('istio/1.30.3/addons/kiali.yaml')).toBe(readUpstreamDocuments('istio/1.30.3/addons/kiali.yaml'));
  });

  it('refuses a file that is not in the checksum list', () => {
    expect(() => readUpstreamFile('istio/1.30.3/not-pinned.yaml')).toThrow(
      'cdk8s-istio: istio/1.30.3/not-pinned.yaml is not a pinned upstream file (see imports/sources.json)',
    );
  });
});
