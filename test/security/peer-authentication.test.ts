import { describe, expect, it } from 'vitest';
import { constructErrors, newChart, one, synth } from './util';
import { Istiod, MtlsMode, PeerAuthentication, PeerAuthenticationProps, security, WorkloadSelector } from '../../src';

const web = WorkloadSelector.fromLabels({ app: 'web' });

describe('PeerAuthentication', () => {
  it('is STRICT by default and applies to the namespace without selector', () => {
    const chart = newChart();
    const pa = new PeerAuthentication(chart, 'Pa', { metadata: { name: 'default' } });
    const objects = synth(chart);
    expect(one(objects, 'PeerAuthentication')).toEqual({
      apiVersion: 'security.istio.io/v1',
      kind: 'PeerAuthentication',
      metadata: { name: 'default', namespace: 'shop' },
      spec: { mtls: { mode: 'STRICT' } },
    });
    expect([pa.mode, pa.namespace, pa.selectorLabels, pa.name]).toEqual([MtlsMode.STRICT, 'shop', undefined, 'default']);
  });

  it('selects workloads and overrides ports (sorted), and UNSET inherits the namespace mode', () => {
    const chart = newChart();
    const pa = new PeerAuthentication(chart, 'Pa', {
      metadata: { name: 'web' },
      selector: web,
      mode: MtlsMode.UNSET,
      portLevelMtls: [{ port: 9090, mode: MtlsMode.PERMISSIVE }],
    });
    expect(pa.addPortMtls(8080, MtlsMode.DISABLE)).toEqual(8080);
    expect(one(synth(chart), 'PeerAuthentication').spec).toEqual({
      selector: { matchLabels: { app: 'web' } },
      portLevelMtls: { 8080: { mode: 'DISABLE' }, 9090: { mode: 'PERMISSIVE' } },
    });
    expect(pa.portLevelMtls).toEqual([{ port: 8080, mode: MtlsMode.DISABLE }, { port: 9090, mode: MtlsMode.PERMISSIVE }]);
  });

  it('renders the mesh-wide policy in the root namespace', () => {
    const chart = newChart(null);
    PeerAuthentication.meshWide(chart, 'Mesh');
    const istiod = new Istiod(chart, 'Istiod', { namespace: 'istio-control', rootNamespace: 'istio-config' });
    PeerAuthentication.meshWide(chart, 'Mesh2', { istiod, mode: MtlsMode.PERMISSIVE, name: 'mesh-default' });
    const objects = synth(chart).filter((o) => o.kind === 'PeerAuthentication');
    expect(objects.map((o) => [o.metadata, o.spec])).toEqual([
      [{ name: 'default', namespace: 'istio-system' }, { mtls: { mode: 'STRICT' } }],
      [{ name: 'mesh-default', namespace: 'istio-config' }, { mtls: { mode: 'PERMISSIVE' } }],
    ]);
    expect(objects).toMatchSnapshot();
  });

  it('accepts policies at different scopes side by side', () => {
    const chart = newChart();
    new PeerAuthentication(chart, 'Ns', { metadata: { name: 'default' } });
    new PeerAuthentication(chart, 'Web', { metadata: { name: 'web' }, selector: web });
    new PeerAuthentication(chart, 'Api', { metadata: { name: 'api' }, selector: WorkloadSelector.fromLabels({ app: 'api' }) });
    new PeerAuthentication(chart, 'Other', { metadata: { name: 'default', namespace: 'other' } });
    expect(constructErrors(chart)).toEqual([]);
    expect(synth(chart)).toMatchSnapshot();
  });
});

describe('PeerAuthentication validation', () => {
  const pa = (p: PeerAuthenticationProps) => () => new PeerAuthentication(newChart(), 'Pa', p);

  it.each<[string, () => unknown, string]>([
    ['port-level mTLS without selector', pa({ portLevelMtls: [{ port: 9090, mode: MtlsMode.PERMISSIVE }] }),
      'test/Pa: portLevelMtls[0]: needs a selector, got port 9090 on a namespace- or mesh-wide policy; Istio rejects port-level mTLS ' +
      'without selector — create a PeerAuthentication with a selector for the workloads that own the port'],
    ['a port out of range', pa({ selector: web, portLevelMtls: [{ port: 0, mode: MtlsMode.PERMISSIVE }] }),
      'test/Pa: portLevelMtls[0].port: must be a port number from 1 to 65535, got 0; use the container port the workload listens on'],
    ['a port twice', pa({ selector: web, portLevelMtls: [{ port: 9090, mode: MtlsMode.PERMISSIVE }, { port: 9090, mode: MtlsMode.DISABLE }] }),
      'test/Pa: portLevelMtls[1].port: is already set to PERMISSIVE, got port 9090 again; set each port once'],
    ['a bad namespace', pa({ metadata: { namespace: 'Shop' } }),
      "test/Pa: metadata.namespace: must be a namespace name (DNS-1123 label: lowercase letters, digits and '-', at most 63 characters), got 'Shop'; " +
      'use the namespace the policy applies to'],
  ])('rejects %s', (_, create, message) => {
    expect(create).toThrow(message);
  });

  it('rejects two namespace-wide policies in one namespace (also an L1 one), naming each other', () => {
    const chart = newChart();
    new PeerAuthentication(chart, 'A', { metadata: { name: 'a' } });
    new security.PeerAuthentication(chart, 'Raw', { metadata: { name: 'raw' }, spec: {} });
    expect(constructErrors(chart)).toEqual([
      'test/A: selector: another PeerAuthentication applies at the same scope (namespace shop without selector), got also test/Raw; ' +
      'Istio would use only the oldest — keep one policy per scope and use portLevelMtls or a narrower selector for exceptions',
    ]);
  });

  it('rejects two policies with the same selector, whatever the label order', () => {
    const chart = newChart();
    new PeerAuthentication(chart, 'A', { metadata: { name: 'a' }, selector: WorkloadSelector.fromLabels({ app: 'web', tier: 'front' }) });
    new PeerAuthentication(chart, 'B', { metadata: { name: 'b' }, selector: WorkloadSelector.fromLabels({ tier: 'front', app: 'web' }) });
    expect(constructErrors(chart)).toEqual([
      'test/A: selector: another PeerAuthentication applies at the same scope (selector {"app":"web","tier":"front"} in namespace shop), got also test/B; ' +
      'Istio would use only the oldest — keep one policy per scope and use portLevelMtls or a narrower selector for exceptions',
      'test/B: selector: another PeerAuthentication applies at the same scope (selector {"tier":"front","app":"web"} in namespace shop), got also test/A; ' +
      'Istio would use only the oldest — keep one policy per scope and use portLevelMtls or a narrower selector for exceptions',
    ]);
  });
});
