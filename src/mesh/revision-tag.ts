import { Construct } from 'constructs';
import { IgnoreDifference } from './common';
import type { Istiod } from './istiod';
import { ValidationError } from '../core/errors';
import { apiObject } from './private/api';
import { checkDnsLabel, show } from './private/checks';
import { ISTIOD_SERVICE_PORTS } from './private/istiod-service';
import { ChartName, labels } from './private/labels';
import { caBundlePointers, injectionWebhooks } from './private/webhooks';

/** Properties of `RevisionTag`. */
export interface RevisionTagProps {
  /**
   * Tag name that namespaces and pods select with `istio.io/rev=<tag>`. The tag `default` also takes over the legacy
   * `istio-injection=enabled` and `sidecar.istio.io/inject=true` selectors.
   */
  readonly tag: string;
  /** The revisioned control plane the tag points at. Point it at another revision to move the tag. */
  readonly istiod: Istiod;
}

/**
 * A stable revision tag (istio-discovery `revision-tags-mwc.yaml` / `revision-tags-svc.yaml`): the
 * `istio-revision-tag-<tag>` MutatingWebhookConfiguration that injects pods selected by the tag with the target
 * revision, and the `istiod-revision-tag-<tag>` Service. Canary upgrades move the tag from one `Istiod` revision to
 * the next without relabelling namespaces.
 */
export class RevisionTag extends Construct {
  /** The tag name. */
  public readonly tag: string;
  /** Revision the tag points at. */
  public readonly revision: string;
  /** Name of the tag's MutatingWebhookConfiguration. */
  public readonly webhookName: string;
  private readonly webhookCount: number;

  constructor(scope: Construct, id: string, props: RevisionTagProps) {
    super(scope, id);
    const istiod = props.istiod;
    checkDnsLabel(this, 'tag', props.tag, "use a short name such as 'prod-stable', 'canary' or 'default'");
    if (!istiod.revision) {
      throw new ValidationError(this, 'istiod', 'a revision tag must point at a revisioned control plane, got the ' +
        `default revision (${istiod.node.path}); set \`revision\` on the Istiod the tag points at`);
    }
    if (props.tag === istiod.revision) {
      throw new ValidationError(this, 'tag', `must differ from the revision it points at, got ${show(props.tag)}; ` +
        'pick a stable name such as prod-stable');
    }
    this.tag = props.tag;
    this.revision = istiod.revision;
    const ns = istiod.namespace;
    this.webhookName = `istio-revision-tag-${props.tag}${ns === 'istio-system' ? '' : `-${ns}`}`;
    const common = { 'istio.io/rev': istiod.revisionLabel, 'release': 'istio' };

    const hooks = injectionWebhooks({
      serviceName: istiod.serviceName,
      namespace: ns,
      revisionValue: props.tag,
      legacySelectors: props.tag === 'default',
      enableNamespacesByDefault: istiod._enableNamespacesByDefault,
    });
    this.webhookCount = hooks.length;
    apiObject(this, 'MutatingWebhookConfiguration', 'admissionregistration.k8s.io/v1', 'MutatingWebhookConfiguration', {
      name: this.webhookName,
      labels: labels(ChartName.ISTIOD, 'istiod', { 'istio.io/tag': props.tag, ...common, 'app': 'sidecar-injector' }),
    }, { webhooks: hooks });

    apiObject(this, 'Service', 'v1', 'Service', {
      name: `istiod-revision-tag-${props.tag}`,
      namespace: ns,
      labels: labels(ChartName.ISTIOD, 'istiod', { 'istio.io/tag': props.tag, ...common, 'app': 'istiod', 'istio': 'pilot' }),
    }, {
      spec: {
        ports: ISTIOD_SERVICE_PORTS.map((p) => ({ ...p })),
        selector: { 'app': 'istiod', 'istio.io/rev': istiod.revision },
      },
    });
  }

  /** The fields istiod rewrites at run time in the tag's webhook configuration. */
  public ignoreDifferences(): IgnoreDifference[] {
    return [{
      group: 'admissionregistration.k8s.io',
      kind: 'MutatingWebhookConfiguration',
      name: this.webhookName,
      jsonPointers: caBundlePointers(this.webhookCount),
      jqPathExpressions: ['.webhooks[]?.clientConfig.caBundle'],
      reason: 'istiod patches the CA bundle of the revision tag webhooks at run time; it is never rendered',
    }];
  }
}
