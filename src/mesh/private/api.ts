import { ApiObject, Chart, JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import { Rule } from './rbac';

/** Metadata of a rendered object. */
export interface Meta {
  readonly name: string;
  readonly namespace?: string;
  readonly labels?: Record<string, string>;
  readonly annotations?: Record<string, string>;
}

/**
 * An `ApiObject` with exactly the given fields (values may be `Lazy`). Cluster-scoped objects (no namespace) never get
 * the chart's default namespace.
 */
export function apiObject(scope: Construct, id: string, apiVersion: string, kind: string, meta: Meta,
  body: Record<string, unknown> = {}): ApiObject {
  const obj = new ApiObject(scope, id, {
    apiVersion,
    kind,
    metadata: {
      name: meta.name,
      ...(meta.namespace ? { namespace: meta.namespace } : {}),
      ...(meta.labels ? { labels: { ...meta.labels } } : {}),
      ...(meta.annotations ? { annotations: { ...meta.annotations } } : {}),
    },
    ...body,
  });
  if (!meta.namespace && Chart.of(scope).namespace) obj.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
  return obj;
}

export function serviceAccount(scope: Construct, id: string, meta: Meta): ApiObject {
  return apiObject(scope, id, 'v1', 'ServiceAccount', meta);
}

export function clusterRoleWithBinding(scope: Construct, id: string, meta: Meta, rules: Rule[],
  subject: { name: string; namespace: string }): void {
  apiObject(scope, `${id}ClusterRole`, 'rbac.authorization.k8s.io/v1', 'ClusterRole', meta, { rules: rules.map((r) => ({ ...r })) });
  apiObject(scope, `${id}ClusterRoleBinding`, 'rbac.authorization.k8s.io/v1', 'ClusterRoleBinding', meta, {
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: meta.name },
    subjects: [{ kind: 'ServiceAccount', name: subject.name, namespace: subject.namespace }],
  });
}

export function roleWithBinding(scope: Construct, id: string, meta: Meta & { namespace: string }, rules: Rule[],
  subject: { name: string; namespace?: string }): void {
  apiObject(scope, `${id}Role`, 'rbac.authorization.k8s.io/v1', 'Role', meta, { rules: rules.map((r) => ({ ...r })) });
  apiObject(scope, `${id}RoleBinding`, 'rbac.authorization.k8s.io/v1', 'RoleBinding', meta, {
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: meta.name },
    subjects: [{ kind: 'ServiceAccount', name: subject.name, ...(subject.namespace ? { namespace: subject.namespace } : {}) }],
  });
}

/** The `autoscaling/v2` HorizontalPodAutoscaler upstream renders for istiod and the gateways. */
export function hpa(scope: Construct, id: string, meta: Meta, target: string, min: number, max: number, cpu: number): ApiObject {
  return apiObject(scope, id, 'autoscaling/v2', 'HorizontalPodAutoscaler', meta, {
    spec: {
      maxReplicas: max,
      minReplicas: min,
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: target },
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: cpu } } }],
    },
  });
}

/** The `policy/v1` PodDisruptionBudget (`minAvailable: 1`) upstream renders when more than one replica runs. */
export function pdb(scope: Construct, id: string, meta: Meta, selector: Record<string, string>): ApiObject {
  return apiObject(scope, id, 'policy/v1', 'PodDisruptionBudget', meta, {
    spec: { minAvailable: 1, selector: { matchLabels: { ...selector } } },
  });
}

/** A `fieldRef` environment variable. */
export function fieldEnv(name: string, fieldPath: string, withApiVersion = true): any {
  return { name, valueFrom: { fieldRef: { ...(withApiVersion ? { apiVersion: 'v1' } : {}), fieldPath } } };
}

/** A `resourceFieldRef` environment variable with divisor 1. */
export function resourceEnv(name: string, resource: string): any {
  return { name, valueFrom: { resourceFieldRef: { resource, divisor: '1' } } };
}

/** Sorted `name: value` environment variables (Helm ranges over maps in key order). */
export function mapEnv(env: Record<string, string> | undefined): any[] {
  return Object.keys(env ?? {}).sort().map((name) => ({ name, value: env![name] }));
}
