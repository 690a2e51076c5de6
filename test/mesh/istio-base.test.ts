import { describe, expect, it } from 'vitest';
import { find, forSnapshot, names, newChart, synth } from './helpers';
import { FailurePolicy, IstioBase, IstioBaseProps } from '../../src';
import { istioCrds } from '../../src/upstream/upstream-data';

function render(props: IstioBaseProps = {}) {
  const chart = newChart();
  const base = new IstioBase(chart, 'Base', props);
  return { base, objects: synth(chart) };
}

describe('IstioBase', () => {
  it('renders the 15 pinned CRDs verbatim and the reader ServiceAccount', () => {
    const { base, objects } = render();
    const crds = objects.filter((o) => o.kind === 'CustomResourceDefinition');
    expect(crds).toHaveLength(15);
    expect(base.crdNames).toEqual(istioCrds().map((c) => c.metadata.name));
    for (const upstream of istioCrds()) {
      const crd = find(objects, 'CustomResourceDefinition', upstream.metadata.name);
      expect(crd.apiVersion).toBe('apiextensions.k8s.io/v1');
      expect(crd.spec).toEqual(upstream.spec);
      expect(crd.metadata).toEqual({
        name: upstream.metadata.name,
        annotations: { 'helm.sh/resource-policy': 'keep' },
        labels: {
          'app.kubernetes.io/instance': 'istio',
          'app.kubernetes.io/managed-by': 'cdk8s-istio',
          'app.kubernetes.io/part-of': 'istio',
          'app.kubernetes.io/version': '1.30.3',
          'helm.sh/chart': 'base-1.30.3',
        },
      });
    }
    expect(find(objects, 'ServiceAccount', 'istio-reader-service-account').metadata.namespace).toBe('istio-system');
    expect(names(objects).filter((n) => !n.startsWith('CustomResourceDefinition/'))).toEqual(['ServiceAccount/istio-reader-service-account']);
    expect(base.ignoreDifferences()).toEqual([]);
    expect(forSnapshot(objects)).toMatchSnapshot();
  });

  it('renders the default-revision validator for a revision, in any namespace', () => {
    const { base, objects } = render({ defaultRevision: '1-30-3', namespace: 'mesh', validationFailurePolicy: FailurePolicy.IGNORE });
    const vwc = find(objects, 'ValidatingWebhookConfiguration', 'istiod-default-validator');
    expect(vwc.metadata.labels['istio.io/rev']).toBe('1-30-3');
    expect(vwc.webhooks).toEqual([{
      name: 'validation.istio.io',
      admissionReviewVersions: ['v1'],
      clientConfig: { service: { name: 'istiod-1-30-3', namespace: 'mesh', path: '/validate' } },
      failurePolicy: 'Ignore',
      rules: [{
        apiGroups: ['security.istio.io', 'networking.istio.io', 'telemetry.istio.io', 'extensions.istio.io'],
        apiVersions: ['*'],
        operations: ['CREATE', 'UPDATE'],
        resources: ['*'],
      }],
      sideEffects: 'None',
    }]);
    expect(base.defaultValidatorName).toBe('istiod-default-validator');
    expect(base.ignoreDifferences()).toEqual([{
      group: 'admissionregistration.k8s.io',
      kind: 'ValidatingWebhookConfiguration',
      name: 'istiod-default-validator',
      jsonPointers: ['/webhooks/0/clientConfig/caBundle', '/webhooks/0/failurePolicy'],
      jqPathExpressions: ['.webhooks[]?.clientConfig.caBundle', '.webhooks[]?.failurePolicy'],
      reason: 'istiod patches the CA bundle and switches failurePolicy from Ignore to Fail once its webhook is ready',
    }]);
    expect(render({ defaultRevision: 'default' }).base.ignoreDifferences()[0].jsonPointers).toEqual(['/webhooks/0/clientConfig/caBundle']);
  });

  it('leaves out excluded CRDs', () => {
    const { base } = render({ excludeCrds: ['trafficextensions.extensions.istio.io', 'wasmplugins.extensions.istio.io'] });
    expect(base.crdNames).toHaveLength(13);
    expect(base.crdNames).not.toContain('wasmplugins.extensions.istio.io');
  });
});

describe('IstioBase errors', () => {
  it.each([
    ['namespace', { namespace: '' }, "test/Base: namespace: must be a DNS-1123 label (at most 63 lowercase letters, digits and '-', starting and ending with a letter or digit), got \"\"; use the namespace of the control plane, e.g. istio-system"],
    ['defaultRevision', { defaultRevision: 'v1.30' }, "test/Base: defaultRevision: must be a DNS-1123 label (at most 63 lowercase letters, digits and '-', starting and ending with a letter or digit), got \"v1.30\"; use 'default' or the revision name, e.g. '1-30-3'"],
    ['excludeCrds', { excludeCrds: ['virtualservice'] }, 'test/Base: excludeCrds[0]: names no pinned Istio CRD, got "virtualservice"; use one of authorizationpolicies.security.istio.io, '],
  ] as Array<[string, IstioBaseProps, string]>)('%s', (_name, props, message) => {
    expect(() => new IstioBase(newChart(), 'Base', props)).toThrow(message);
  });
});
