import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { compare, expandEmbedded, goldenObjects, objectKey, review } from './fidelity';
import {
  ALL_ON_ALLOWLIST, COMMON_ALLOWLIST, EXPLICIT_FAILURE_POLICY, PILOT_DEFAULT_ALLOWLIST, helmTemplateAllowlist,
} from './fidelity-allowlist';
import { find, newChart, synth } from './helpers';
import { FailurePolicy, IstioBase, Istiod, IstioMesh, ServiceTrafficDistribution } from '../../src';

const ALL_ON = 'all_on.golden-show-in-gh-pull-request.yaml';

function allOn() {
  const chart = newChart();
  new IstioMesh(chart, 'Mesh', { egressGateway: { enabled: true } });
  return { ours: synth(chart), golden: goldenObjects(ALL_ON, { testImages: true }) };
}

const podSpecOf = (o: any) => o.spec.template.spec;
const container = (o: any) => podSpecOf(o).containers[0];
const withoutSeccomp = (sc: any) => {
  const { seccompProfile: _s, ...rest } = sc;
  return rest;
};

describe('fidelity: default profile + egress vs all_on golden', () => {
  const { ours, golden } = allOn();

  it('renders the same set of (apiVersion, kind, namespace, name), plus the live TrafficExtension CRD', () => {
    const key = (o: any) => `${o.apiVersion} ${objectKey(o)}`;
    const extra = ours.map(key).filter((k) => !golden.map(key).includes(k));
    const missing = golden.map(key).filter((k) => !ours.map(key).includes(k));
    expect(missing).toEqual([]);
    expect(extra).toEqual(['apiextensions.k8s.io/v1 CustomResourceDefinition/-/trafficextensions.extensions.istio.io']);
    expect(ours).toHaveLength(45);
  });

  it('differs from the golden only by the reviewed allowlist, and every allowlist entry is still needed', () => {
    const { unexpected, unused } = review(compare(golden, ours), ALL_ON_ALLOWLIST);
    expect(unexpected).toEqual([]);
    expect(unused).toEqual([]);
  });

  it('has identical RBAC rules and bindings', () => {
    for (const kind of ['ClusterRole', 'Role']) {
      for (const g of golden.filter((o) => o.kind === kind)) {
        expect(find(ours, kind, g.metadata.name).rules, `${kind}/${g.metadata.name}`).toEqual(g.rules);
      }
    }
    for (const kind of ['ClusterRoleBinding', 'RoleBinding']) {
      for (const g of golden.filter((o) => o.kind === kind)) {
        const o = find(ours, kind, g.metadata.name);
        expect({ roleRef: o.roleRef, subjects: o.subjects }).toEqual({ roleRef: g.roleRef, subjects: g.subjects });
      }
    }
  });

  it('has identical injection webhooks (rules, selectors, paths, ports, failure policy)', () => {
    expect(find(ours, 'MutatingWebhookConfiguration', 'istio-sidecar-injector').webhooks)
      .toEqual(find(golden, 'MutatingWebhookConfiguration', 'istio-sidecar-injector').webhooks);
  });

  it('has an identical validating webhook except the explicit failurePolicy: Fail', () => {
    const [o] = find(ours, 'ValidatingWebhookConfiguration', 'istio-validator-istio-system').webhooks;
    const [g] = find(golden, 'ValidatingWebhookConfiguration', 'istio-validator-istio-system').webhooks;
    expect({ ...o, failurePolicy: 'Ignore' }).toEqual(g);
    expect(o.failurePolicy).toBe('Fail');
    expect(o.clientConfig.caBundle).toBeUndefined();
  });

  it('has identical container args, env, ports, probes, resources, volumes; security contexts differ only by seccomp', () => {
    for (const name of ['istiod', 'istio-ingressgateway', 'istio-egressgateway']) {
      const o = find(ours, 'Deployment', name);
      const g = find(golden, 'Deployment', name);
      const pick = (d: any) => {
        const c = container(d);
        return {
          image: c.image,
          args: c.args,
          env: c.env,
          ports: c.ports,
          readinessProbe: c.readinessProbe,
          resources: c.resources,
          volumeMounts: c.volumeMounts,
          securityContext: withoutSeccomp(c.securityContext),
          podSecurityContext: podSpecOf(d).securityContext,
          volumes: podSpecOf(d).volumes,
          serviceAccountName: podSpecOf(d).serviceAccountName,
          tolerations: podSpecOf(d).tolerations,
          selector: d.spec.selector,
          strategy: d.spec.strategy,
          replicas: d.spec.replicas,
          annotations: d.spec.template.metadata.annotations,
        };
      };
      expect(pick(o), name).toEqual(pick(g));
      expect(container(o).securityContext.seccompProfile).toEqual({ type: 'RuntimeDefault' });
    }
  });

  it('has a byte-identical mesh config and identical Services and HPAs', () => {
    expect(find(ours, 'ConfigMap', 'istio').data).toEqual(find(golden, 'ConfigMap', 'istio').data);
    for (const kind of ['Service', 'HorizontalPodAutoscaler']) {
      for (const g of golden.filter((x) => x.kind === kind)) expect(find(ours, kind, g.metadata.name).spec).toEqual(g.spec);
    }
  });

  it('has byte-identical injector values and the same injector config apart from the newer agentgateway template', () => {
    const o = find(ours, 'ConfigMap', 'istio-sidecar-injector');
    const g = find(golden, 'ConfigMap', 'istio-sidecar-injector');
    expect(o.data.values).toBe(g.data.values);
    const oc = expandEmbedded(o).data.config;
    const gc = expandEmbedded(g).data.config;
    expect(Object.keys(oc.templates)).toEqual(['sidecar', 'gateway', 'grpc-simple', 'grpc-agent', 'waypoint', 'kube-gateway', 'agentgateway']);
    expect({ ...oc, templates: { ...oc.templates, agentgateway: '' } }).toEqual({ ...gc, templates: { ...gc.templates, agentgateway: '' } });
    const cut = (text: string) => text.slice(0, text.indexOf('  agentgateway: |'));
    expect(cut(o.data.config)).toBe(cut(g.data.config));
  });

  it('takes every CRD spec from the live CRD file: 12 identical to the golden, 2 newer, 1 added', () => {
    const same = golden.filter((g) => g.kind === 'CustomResourceDefinition')
      .filter((g) => isDeepStrictEqual(find(ours, 'CustomResourceDefinition', g.metadata.name).spec, g.spec));
    expect(same).toHaveLength(12);
  });
});

describe('fidelity: istiod only with root namespace istio-control vs pilot_default golden', () => {
  const chart = newChart();
  new Istiod(chart, 'Istiod', { rootNamespace: 'istio-control', images: { hub: 'registry.istio.io/release', tag: '1.1.4' } });
  const ours = synth(chart);
  const golden = goldenObjects('pilot_default.golden.yaml', { testImages: false });

  it('renders the same objects, differing only by the reviewed allowlist', () => {
    expect(ours.map(objectKey).sort()).toEqual(golden.map(objectKey).sort());
    const { unexpected, unused } = review(compare(golden, ours), PILOT_DEFAULT_ALLOWLIST);
    expect(unexpected).toEqual([]);
    expect(unused).toEqual([]);
  });

  it('renders the custom root namespace into the mesh config', () => {
    expect(find(ours, 'ConfigMap', 'istio').data.mesh).toBe(find(golden, 'ConfigMap', 'istio').data.mesh);
    expect(find(ours, 'ConfigMap', 'istio').data.mesh).toContain('rootNamespace: istio-control');
  });
});

describe('fidelity: egress gateway vs helm_values_enablement golden', () => {
  it('renders the egress Deployment and Service as upstream, up to the allowlist', () => {
    const { ours } = allOn();
    const golden = goldenObjects('helm_values_enablement.golden.yaml', { testImages: true });
    const subset = ours.filter((o) => golden.some((g) => objectKey(g) === objectKey(o)));
    expect(subset).toHaveLength(2);
    const egress = ['*', 'Deployment/istio-system/istio-egressgateway', 'Deployment/istio-system/istio-*', 'Service/istio-system/istio-*'];
    const { unexpected, unused } = review(compare(golden, subset), ALL_ON_ALLOWLIST.filter((e) => egress.includes(e.object)));
    expect(unexpected).toEqual([]);
    expect(unused).toEqual([]);
  });
});

describe('fidelity: helm-template validating webhook goldens', () => {
  const istiodVwc = (failurePolicy?: FailurePolicy) => {
    const chart = newChart();
    new Istiod(chart, 'Istiod', { validationFailurePolicy: failurePolicy });
    return synth(chart).filter((o) => o.kind === 'ValidatingWebhookConfiguration');
  };
  const baseVwc = (failurePolicy?: FailurePolicy) => {
    const chart = newChart();
    new IstioBase(chart, 'Base', { defaultRevision: 'default', validationFailurePolicy: failurePolicy });
    return synth(chart).filter((o) => o.kind === 'ValidatingWebhookConfiguration');
  };
  const ISTIOD = 'ValidatingWebhookConfiguration/-/istio-validator-istio-system';
  const BASE = 'ValidatingWebhookConfiguration/-/istiod-default-validator';
  const ignoreReason = 'Ignore is the fresh-install value upstream renders; cdk8s-istio renders its default, Fail (select ' +
    'FailurePolicy.IGNORE to match)';

  const cases: Array<[string, () => any[], string, Parameters<typeof helmTemplateAllowlist>[1]]> = [
    ['istiod-webhook-failure-policy', () => istiodVwc(), ISTIOD, {}],
    ['istiod-webhook-upgrade-failure-policy', () => istiodVwc(FailurePolicy.FAIL), ISTIOD, {}],
    ['istiod-webhook-upgrade-ignore', () => istiodVwc(FailurePolicy.IGNORE), ISTIOD, {}],
    ['istiod-webhook-install', () => istiodVwc(FailurePolicy.IGNORE), ISTIOD, {}],
    ['istiod-webhook-install', () => istiodVwc(), ISTIOD, { failurePolicy: ignoreReason }],
    ['istiod-webhook-upgrade', () => istiodVwc(), ISTIOD, { failurePolicy: EXPLICIT_FAILURE_POLICY }],
    ['istiod-webhook-cabundle-policy', () => istiodVwc(), ISTIOD, { caBundle: true }],
    ['base-webhook-failure-policy', () => baseVwc(), BASE, {}],
    ['base-webhook-upgrade-failure-policy', () => baseVwc(FailurePolicy.FAIL), BASE, {}],
    ['base-webhook-upgrade-ignore', () => baseVwc(FailurePolicy.IGNORE), BASE, {}],
    ['base-webhook-install', () => baseVwc(FailurePolicy.IGNORE), BASE, {}],
    ['base-webhook-upgrade', () => baseVwc(), BASE, { failurePolicy: EXPLICIT_FAILURE_POLICY }],
    ['base-webhook-cabundle-policy', () => baseVwc(), BASE, { caBundle: true }],
  ];

  it.each(cases)('%s', (file, render, object, options) => {
    const golden = goldenObjects(`helm-template/${file}.golden.yaml`, { testImages: false });
    const ours = render();
    expect(ours.map(objectKey)).toEqual(golden.map(objectKey));
    const { unexpected, unused } = review(compare(golden, ours), helmTemplateAllowlist(object, options));
    expect(unexpected).toEqual([]);
    expect(unused).toEqual([]);
  });

  it('istiod-traffic-distribution: the istiod Service with trafficDistribution PreferClose', () => {
    const golden = goldenObjects('helm-template/istiod-traffic-distribution.golden.yaml', { testImages: false });
    const chart = newChart();
    new Istiod(chart, 'Istiod', { serviceTrafficDistribution: ServiceTrafficDistribution.PREFER_CLOSE });
    const ours = synth(chart).filter((o) => o.kind === 'Service');
    const { unexpected, unused } = review(compare(golden, ours), helmTemplateAllowlist('Service/istio-system/istiod'));
    expect(unexpected).toEqual([]);
    expect(unused).toEqual([]);
  });

  it('never renders a caBundle and always renders failurePolicy', () => {
    for (const vwc of [...istiodVwc(), ...istiodVwc(FailurePolicy.IGNORE), ...baseVwc()]) {
      expect(vwc.webhooks[0].clientConfig.caBundle).toBeUndefined();
      expect(['Fail', 'Ignore']).toContain(vwc.webhooks[0].failurePolicy);
    }
  });

  it('keeps the common allowlist minimal', () => {
    expect(COMMON_ALLOWLIST.map((e) => e.path)).toEqual([
      '/metadata/labels/app.kubernetes.io~1managed-by',
      '/spec/template/metadata/labels/app.kubernetes.io~1managed-by',
    ]);
  });
});
