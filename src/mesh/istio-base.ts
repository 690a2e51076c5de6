import { Construct } from 'constructs';
import { FailurePolicy, IgnoreDifference } from './common';
import { ValidationError } from '../core/errors';
import { istioCrds } from '../upstream/upstream-data';
import { apiObject, serviceAccount } from './private/api';
import { checkDnsLabel, show } from './private/checks';
import { ChartName, chartLabels, labels, revisioned } from './private/labels';
import { clone } from './private/values';
import { validationWebhook } from './private/webhooks';

/** Options of the cluster-wide Istio base (shared by `IstioBase` and `IstioMesh`). */
export interface IstioBaseOptions {
  /**
   * Render the `istiod-default-validator` ValidatingWebhookConfiguration that validates Istio resources without an
   * `istio.io/rev` label with this revision's istiod (`default` for the unrevisioned istiod), as the Helm `base`
   * chart does with `defaultRevision`.
   * @default - no default validator (istioctl's default profile)
   */
  readonly defaultRevision?: string;
  /**
   * `failurePolicy` of the default validator, always rendered explicitly.
   * @default FailurePolicy.FAIL
   */
  readonly validationFailurePolicy?: FailurePolicy;
  /**
   * CRDs to leave out, by name (e.g. `trafficextensions.extensions.istio.io`).
   * @default - all 15 pinned CRDs
   */
  readonly excludeCrds?: string[];
}

/** Properties of `IstioBase`. */
export interface IstioBaseProps extends IstioBaseOptions {
  /**
   * Namespace of the control plane (the reader ServiceAccount and the validator's Service live there).
   * @default 'istio-system'
   */
  readonly namespace?: string;
}

/**
 * The cluster-wide base of an Istio install (chart `base`): the 15 Istio CustomResourceDefinitions from the pinned,
 * checksum-verified CRD file, the `istio-reader-service-account` used by multicluster remote secrets (its
 * ClusterRole and binding come with each `Istiod`, named per revision as upstream does), and optionally the
 * default-revision validator.
 */
export class IstioBase extends Construct {
  /** Names of the rendered CRDs. */
  public readonly crdNames: string[];
  /** Name of the default validator, if rendered. */
  public readonly defaultValidatorName?: string;
  private readonly failurePolicy: FailurePolicy;

  constructor(scope: Construct, id: string, props: IstioBaseProps = {}) {
    super(scope, id);
    const ns = props.namespace ?? 'istio-system';
    checkDnsLabel(this, 'namespace', ns, 'use the namespace of the control plane, e.g. istio-system');
    if (props.defaultRevision !== undefined) {
      checkDnsLabel(this, 'defaultRevision', props.defaultRevision, "use 'default' or the revision name, e.g. '1-30-3'");
    }
    const crds = istioCrds();
    const known = new Set(crds.map((c) => c.metadata.name as string));
    (props.excludeCrds ?? []).forEach((name, i) => {
      if (!known.has(name)) {
        throw new ValidationError(this, `excludeCrds[${i}]`, `names no pinned Istio CRD, got ${show(name)}; use one of ` +
          `${[...known].sort().join(', ')}`);
      }
    });
    const excluded = new Set(props.excludeCrds ?? []);
    this.crdNames = [];
    for (const crd of crds) {
      const name = crd.metadata.name as string;
      if (excluded.has(name)) continue;
      this.crdNames.push(name);
      apiObject(this, `Crd-${name}`, 'apiextensions.k8s.io/v1', 'CustomResourceDefinition', {
        name,
        labels: chartLabels(ChartName.BASE),
        annotations: { 'helm.sh/resource-policy': 'keep' },
      }, { spec: clone(crd.spec) });
    }

    serviceAccount(this, 'ReaderServiceAccount', {
      name: 'istio-reader-service-account',
      namespace: ns,
      labels: labels(ChartName.BASE, 'istio-reader', { app: 'istio-reader', release: 'istio' }),
    });

    this.failurePolicy = props.validationFailurePolicy ?? FailurePolicy.FAIL;
    if (props.defaultRevision !== undefined) {
      const rev = props.defaultRevision === 'default' ? '' : props.defaultRevision;
      this.defaultValidatorName = 'istiod-default-validator';
      apiObject(this, 'DefaultValidator', 'admissionregistration.k8s.io/v1', 'ValidatingWebhookConfiguration', {
        name: this.defaultValidatorName,
        labels: labels(ChartName.BASE, 'istiod', {
          'app': 'istiod', 'release': 'istio', 'istio': 'istiod', 'istio.io/rev': props.defaultRevision,
        }),
      }, {
        webhooks: [validationWebhook({
          name: 'validation.istio.io',
          serviceName: revisioned('istiod', rev),
          namespace: ns,
          failurePolicy: this.failurePolicy,
        })],
      });
    }
  }

  /** The fields istiod rewrites at run time in the base objects (the default validator's CA bundle). */
  public ignoreDifferences(): IgnoreDifference[] {
    if (!this.defaultValidatorName) return [];
    const ignore = this.failurePolicy === FailurePolicy.IGNORE;
    return [{
      group: 'admissionregistration.k8s.io',
      kind: 'ValidatingWebhookConfiguration',
      name: this.defaultValidatorName,
      jsonPointers: ['/webhooks/0/clientConfig/caBundle', ...(ignore ? ['/webhooks/0/failurePolicy'] : [])],
      jqPathExpressions: ['.webhooks[]?.clientConfig.caBundle', ...(ignore ? ['.webhooks[]?.failurePolicy'] : [])],
      reason: ignore
        ? 'istiod patches the CA bundle and switches failurePolicy from Ignore to Fail once its webhook is ready'
        : 'istiod patches the CA bundle of the default validator at run time; it is never rendered',
    }];
  }
}
