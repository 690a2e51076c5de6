import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { newChart, one, synth } from './util';
import { EgressGateway, Istiod, IstiodProps, MeshCertificates } from '../../src';

/** The istiod Deployment's env as a map, its cacerts volume, the mesh config and the gateway's env. */
function render(props: IstiodProps) {
  const chart = newChart(null);
  const istiod = new Istiod(chart, 'Istiod', props);
  new EgressGateway(chart, 'Egress', { istiod });
  const objects = synth(chart);
  const deployment = one(objects, 'Deployment', 'istiod');
  const values = (d: any) => Object.fromEntries(d.spec.template.spec.containers[0].env
    .filter((e: any) => e.value !== undefined).map((e: any) => [e.name, e.value]));
  const env = values(deployment);
  const gatewayEnv = values(one(objects, 'Deployment', 'istio-egressgateway'));
  return {
    istiod,
    env,
    gatewayEnv,
    cacerts: deployment.spec.template.spec.volumes.find((v: any) => v.name === 'cacerts'),
    mesh: parse(one(objects, 'ConfigMap', 'istio').data.mesh),
  };
}

describe('Istiod certificates', () => {
  it('keeps upstream defaults when not configured: optional cacerts, no certificate settings', () => {
    const r = render({});
    expect(r.cacerts).toEqual({ name: 'cacerts', secret: { secretName: 'cacerts', optional: true } });
    expect(Object.keys(r.env).filter((k) => /CERT_TTL|SECRET_/.test(k))).toEqual([]);
    expect(r.mesh.defaultConfig.proxyMetadata).toBeUndefined();
    expect([r.istiod.rootNamespace, r.istiod.requiresPluggedInCa]).toEqual(['istio-system', false]);
  });

  it('sets the workload certificate lifetime and rotation for proxies and gateways, istiod limits, and requires the plugged-in CA', () => {
    const chart = newChart(null);
    const r = render({
      rootNamespace: 'istio-config',
      trustDomain: 'prod.example.com',
      meshConfig: { trustDomainAliases: ['old.example.com'], defaultConfig: { proxyMetadata: { ISTIO_META_DNS_CAPTURE: 'true' } } },
      env: { PILOT_ENABLE_ALPHA_GATEWAY_API: 'true' },
      certificates: {
        workloadCertTtl: Duration.hours(12),
        maxWorkloadCertTtl: Duration.days(2),
        rotationGracePeriodRatio: 0.25,
        pluggedInCa: { secret: kplus.Secret.fromSecretName(chart, 'CaCerts', 'cacerts') },
      },
    });
    expect(r.cacerts).toEqual({ name: 'cacerts', secret: { secretName: 'cacerts', optional: false } });
    expect([r.env.MAX_WORKLOAD_CERT_TTL, r.env.PILOT_ENABLE_ALPHA_GATEWAY_API, r.env.CITADEL_SELF_SIGNED_CA_CERT_TTL]).toEqual(['172800s', 'true', undefined]);
    expect(r.mesh.defaultConfig.proxyMetadata).toEqual({ ISTIO_META_DNS_CAPTURE: 'true', SECRET_TTL: '43200s', SECRET_GRACE_PERIOD_RATIO: '0.25' });
    expect([r.gatewayEnv.SECRET_TTL, r.gatewayEnv.SECRET_GRACE_PERIOD_RATIO, r.gatewayEnv.TRUST_DOMAIN]).toEqual(['43200s', '0.25', 'prod.example.com']);
    expect([r.mesh.trustDomain, r.mesh.trustDomainAliases, r.mesh.rootNamespace]).toEqual(['prod.example.com', ['old.example.com'], 'istio-config']);
    expect([r.istiod.rootNamespace, r.istiod.requiresPluggedInCa]).toEqual(['istio-config', true]);
    expect({ env: r.env, gatewayEnv: r.gatewayEnv, cacerts: r.cacerts, mesh: r.mesh }).toMatchSnapshot();
  });

  it('keeps the cacerts volume optional when the plugged-in CA is not required, and sets the self-signed root lifetime', () => {
    const chart = newChart(null);
    expect(render({ certificates: { pluggedInCa: { secret: kplus.Secret.fromSecretName(chart, 'CaCerts', 'cacerts'), required: false } } }).cacerts)
      .toEqual({ name: 'cacerts', secret: { secretName: 'cacerts', optional: true } });
    const selfSigned = render({ certificates: { selfSignedRootCertTtl: Duration.days(3650), workloadCertTtl: Duration.days(90) } });
    expect([selfSigned.env.CITADEL_SELF_SIGNED_CA_CERT_TTL, selfSigned.mesh.defaultConfig.proxyMetadata]).toEqual(['315360000s', { SECRET_TTL: '7776000s' }]);
  });
});

describe('Istiod certificates validation', () => {
  const istiod = (certificates: MeshCertificates, extra: IstiodProps = {}) => () => new Istiod(newChart(null), 'Istiod', { ...extra, certificates });

  it.each<[string, () => unknown, string]>([
    ['a lifetime above Istio\'s maximum', istiod({ workloadCertTtl: Duration.days(91) }),
      "test/Istiod: certificates.workloadCertTtl: must not exceed maxWorkloadCertTtl (90 days, Istio's default), got 7862400s; " +
      'istiod rejects longer requests and the proxies would get no certificate — shorten it or raise maxWorkloadCertTtl'],
    ['a lifetime above the configured maximum', istiod({ workloadCertTtl: Duration.hours(25), maxWorkloadCertTtl: Duration.hours(24) }),
      'test/Istiod: certificates.workloadCertTtl: must not exceed maxWorkloadCertTtl (86400s), got 90000s; ' +
      'istiod rejects longer requests and the proxies would get no certificate — shorten it or raise maxWorkloadCertTtl'],
    ['a zero lifetime', istiod({ workloadCertTtl: Duration.millis(0) }),
      'test/Istiod: certificates.workloadCertTtl: must be at least 1ms, got 0ms; use e.g. Duration.millis(100) or Duration.seconds(1)'],
    ['SECRET_TTL also in proxyMetadata', istiod({ workloadCertTtl: Duration.hours(1) }, { meshConfig: { defaultConfig: { proxyMetadata: { SECRET_TTL: '2h' } } } }),
      'test/Istiod: certificates.workloadCertTtl: is also set as meshConfig.defaultConfig.proxyMetadata.SECRET_TTL, got both; set it in one place (certificates is the typed way)'],
    ['MAX_WORKLOAD_CERT_TTL also in env', istiod({ maxWorkloadCertTtl: Duration.days(1) }, { env: { MAX_WORKLOAD_CERT_TTL: '48h' } }),
      'test/Istiod: certificates.maxWorkloadCertTtl: is also set as env.MAX_WORKLOAD_CERT_TTL, got both; set it in one place (certificates is the typed way)'],
    ['a rotation ratio of 1', istiod({ rotationGracePeriodRatio: 1 }),
      'test/Istiod: certificates.rotationGracePeriodRatio: must be between 0 and 1 (exclusive), got 1; e.g. 0.5 rotates at half the lifetime'],
    ['SECRET_GRACE_PERIOD_RATIO also in proxyMetadata',
      istiod({ rotationGracePeriodRatio: 0.5 }, { meshConfig: { defaultConfig: { proxyMetadata: { SECRET_GRACE_PERIOD_RATIO: '0.4' } } } }),
      'test/Istiod: certificates.rotationGracePeriodRatio: is also set as meshConfig.defaultConfig.proxyMetadata.SECRET_GRACE_PERIOD_RATIO, got both; ' +
      'set it in one place (certificates is the typed way)'],
    ['CITADEL_SELF_SIGNED_CA_CERT_TTL also in env', istiod({ selfSignedRootCertTtl: Duration.days(365) }, { env: { CITADEL_SELF_SIGNED_CA_CERT_TTL: '8760h' } }),
      'test/Istiod: certificates.selfSignedRootCertTtl: is also set as env.CITADEL_SELF_SIGNED_CA_CERT_TTL, got both; set it in one place (certificates is the typed way)'],
  ])('rejects %s', (_, create, message) => {
    expect(create).toThrow(message);
  });

  it('rejects a self-signed root lifetime with a plugged-in CA, a CA Secret rendered by the app, and a Secret not named cacerts', () => {
    const chart = newChart(null);
    const imported = kplus.Secret.fromSecretName(chart, 'Imported', 'cacerts');
    expect(() => new Istiod(chart, 'A', { certificates: { selfSignedRootCertTtl: Duration.days(365), pluggedInCa: { secret: imported } } }))
      .toThrow('test/A: certificates.selfSignedRootCertTtl: has no effect with a plugged-in CA, got both; remove selfSignedRootCertTtl (the lifetime of your root is set where it is issued)');
    const rendered = new kplus.Secret(chart, 'Rendered', { metadata: { name: 'cacerts' }, stringData: { 'ca-key.pem': 'not a key' } });
    expect(() => new Istiod(chart, 'B', { certificates: { pluggedInCa: { secret: rendered } } }))
      .toThrow('test/B: certificates.pluggedInCa.secret: must not be rendered by this app (its CA key would be in the manifest), got Secret test/Rendered; ' +
        "create the Secret out of band and reference it with Secret.fromSecretName(scope, 'CaCerts', 'cacerts')");
    expect(() => new Istiod(chart, 'C', { certificates: { pluggedInCa: { secret: kplus.Secret.fromSecretName(chart, 'Other', 'my-ca') } } }))
      .toThrow('test/C: certificates.pluggedInCa.secret: must be named cacerts (istiod mounts only that Secret), got "my-ca"; create the CA Secret as cacerts in the istiod namespace');
  });
});
