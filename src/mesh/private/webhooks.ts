/** What the injection webhooks of one revision (or tag) point at. */
export interface InjectionWebhookTarget {
  /** The istiod Service name (`istiod` or `istiod-<rev>`). */
  readonly serviceName: string;
  /** Namespace of istiod. */
  readonly namespace: string;
  /** Value matched against `istio.io/rev` (a revision, a tag, or `default`). */
  readonly revisionValue: string;
  /** Render the legacy `istio-injection=enabled` / `sidecar.istio.io/inject=true` webhooks too. */
  readonly legacySelectors: boolean;
  /** Render the `auto.` webhook that injects into unlabelled namespaces. */
  readonly enableNamespacesByDefault: boolean;
}

function expr(key: string, operator: string, values?: string[]) {
  return values ? { key, operator, values } : { key, operator };
}

function core(prefix: string, target: InjectionWebhookTarget, namespaceSelector: object, objectSelector: object) {
  return {
    name: `${prefix}sidecar-injector.istio.io`,
    clientConfig: {
      service: { name: target.serviceName, namespace: target.namespace, path: '/inject', port: 443 },
    },
    sideEffects: 'None',
    rules: [{ operations: ['CREATE'], apiGroups: [''], apiVersions: ['v1'], resources: ['pods'] }],
    failurePolicy: 'Fail',
    reinvocationPolicy: 'Never',
    admissionReviewVersions: ['v1'],
    namespaceSelector,
    objectSelector,
  };
}

/**
 * The sidecar-injection webhooks upstream renders for one revision or revision tag (istio-discovery
 * `mutatingwebhook.yaml` / `revision-tags-mwc.yaml`), in upstream's order.
 */
export function injectionWebhooks(target: InjectionWebhookTarget): any[] {
  const rev = target.revisionValue;
  const hooks = [
    // the namespace selects this revision and the pod does not opt out; the legacy label takes precedence
    core('rev.namespace.', target,
      { matchExpressions: [expr('istio.io/rev', 'In', [rev]), expr('istio-injection', 'DoesNotExist')] },
      { matchExpressions: [expr('sidecar.istio.io/inject', 'NotIn', ['false'])] }),
    // the namespace selects nothing, the pod selects this revision
    core('rev.object.', target,
      { matchExpressions: [expr('istio.io/rev', 'DoesNotExist'), expr('istio-injection', 'DoesNotExist')] },
      { matchExpressions: [expr('sidecar.istio.io/inject', 'NotIn', ['false']), expr('istio.io/rev', 'In', [rev])] }),
  ];
  if (target.legacySelectors) {
    hooks.push(
      core('namespace.', target,
        { matchExpressions: [expr('istio-injection', 'In', ['enabled'])] },
        { matchExpressions: [expr('sidecar.istio.io/inject', 'NotIn', ['false'])] }),
      core('object.', target,
        { matchExpressions: [expr('istio-injection', 'DoesNotExist'), expr('istio.io/rev', 'DoesNotExist')] },
        { matchExpressions: [expr('sidecar.istio.io/inject', 'In', ['true']), expr('istio.io/rev', 'DoesNotExist')] }),
    );
    if (target.enableNamespacesByDefault) {
      hooks.push(core('auto.', target,
        {
          matchExpressions: [expr('istio-injection', 'DoesNotExist'), expr('istio.io/rev', 'DoesNotExist'),
            expr('kubernetes.io/metadata.name', 'NotIn', ['kube-system', 'kube-public', 'kube-node-lease', 'local-path-storage'])],
        },
        { matchExpressions: [expr('sidecar.istio.io/inject', 'DoesNotExist'), expr('istio.io/rev', 'DoesNotExist')] }));
    }
  }
  return hooks;
}

/** Inputs of a configuration-validation webhook. */
export interface ValidationWebhookInput {
  /** Webhook name (`rev.validation.istio.io` or `validation.istio.io`). */
  readonly name: string;
  readonly serviceName: string;
  readonly namespace: string;
  readonly failurePolicy: string;
  /** `istio.io/rev` values matched by the object selector; none for the default validator. */
  readonly objectSelectorRevision?: string;
}

/** The Istio configuration-validation webhook (never with a `caBundle`: istiod patches it in). */
export function validationWebhook(input: ValidationWebhookInput): any {
  return {
    name: input.name,
    clientConfig: { service: { name: input.serviceName, namespace: input.namespace, path: '/validate' } },
    rules: [{
      operations: ['CREATE', 'UPDATE'],
      apiGroups: ['security.istio.io', 'networking.istio.io', 'telemetry.istio.io', 'extensions.istio.io'],
      apiVersions: ['*'],
      resources: ['*'],
    }],
    failurePolicy: input.failurePolicy,
    sideEffects: 'None',
    admissionReviewVersions: ['v1'],
    ...(input.objectSelectorRevision !== undefined
      ? { objectSelector: { matchExpressions: [expr('istio.io/rev', 'In', [input.objectSelectorRevision])] } }
      : {}),
  };
}

/** The `ignoreDifferences` pointers for the `caBundle` of every webhook of a configuration. */
export function caBundlePointers(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `/webhooks/${i}/clientConfig/caBundle`);
}
