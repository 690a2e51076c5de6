/** A Kubernetes RBAC policy rule. */
export interface Rule {
  readonly apiGroups: string[];
  readonly resources: string[];
  readonly verbs: string[];
  readonly resourceNames?: string[];
}

const READ = ['get', 'list', 'watch'];
const READ_ALT = ['get', 'watch', 'list'];
const ALL_WRITE = ['get', 'watch', 'list', 'update', 'patch', 'create', 'delete'];
const ISTIO_GROUPS = ['config.istio.io', 'security.istio.io', 'networking.istio.io', 'authentication.istio.io',
  'rbac.istio.io', 'telemetry.istio.io', 'extensions.istio.io'];

/** `istiod-clusterrole-*` of the istio-discovery chart (1.30.3, default values). */
export function istiodClusterRules(mcsApiGroup: string): Rule[] {
  return [
    { apiGroups: ['admissionregistration.k8s.io'], resources: ['mutatingwebhookconfigurations'], verbs: ['get', 'list', 'watch', 'update', 'patch'] },
    { apiGroups: ['admissionregistration.k8s.io'], resources: ['validatingwebhookconfigurations'], verbs: ['get', 'list', 'watch', 'update'] },
    { apiGroups: ISTIO_GROUPS, resources: ['*'], verbs: READ_ALT },
    { apiGroups: ['networking.istio.io'], resources: ['workloadentries'], verbs: ALL_WRITE },
    { apiGroups: ['networking.istio.io'], resources: ['workloadentries/status', 'serviceentries/status'], verbs: ALL_WRITE },
    { apiGroups: ['security.istio.io'], resources: ['authorizationpolicies/status'], verbs: ALL_WRITE },
    { apiGroups: [''], resources: ['services/status'], verbs: ALL_WRITE },
    { apiGroups: ['apiextensions.k8s.io'], resources: ['customresourcedefinitions'], verbs: READ },
    { apiGroups: [''], resources: ['pods', 'nodes', 'services', 'namespaces', 'endpoints'], verbs: READ },
    { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: READ },
    { apiGroups: ['networking.k8s.io'], resources: ['ingresses', 'ingressclasses'], verbs: READ },
    { apiGroups: ['networking.k8s.io'], resources: ['ingresses/status'], verbs: ['*'] },
    { apiGroups: [''], resources: ['configmaps'], verbs: ['create', 'get', 'list', 'watch', 'update'] },
    { apiGroups: ['authentication.k8s.io'], resources: ['tokenreviews'], verbs: ['create'] },
    { apiGroups: ['authorization.k8s.io'], resources: ['subjectaccessreviews'], verbs: ['create'] },
    { apiGroups: ['gateway.networking.k8s.io', 'gateway.networking.x-k8s.io'], resources: ['*'], verbs: READ_ALT },
    { apiGroups: ['gateway.networking.x-k8s.io'], resources: ['xbackendtrafficpolicies/status'], verbs: ['update', 'patch'] },
    {
      apiGroups: ['gateway.networking.k8s.io'],
      resources: ['backendtlspolicies/status', 'gatewayclasses/status', 'gateways/status', 'grpcroutes/status',
        'httproutes/status', 'referencegrants/status', 'tcproutes/status', 'tlsroutes/status', 'udproutes/status',
        'listenersets/status'],
      verbs: ['update', 'patch'],
    },
    { apiGroups: ['gateway.networking.k8s.io'], resources: ['gatewayclasses'], verbs: ['create', 'update', 'patch', 'delete'] },
    { apiGroups: ['inference.networking.k8s.io'], resources: ['inferencepools'], verbs: READ_ALT },
    { apiGroups: ['inference.networking.k8s.io'], resources: ['inferencepools/status'], verbs: ['update', 'patch'] },
    { apiGroups: [''], resources: ['secrets'], verbs: READ_ALT },
    { apiGroups: [mcsApiGroup], resources: ['serviceexports'], verbs: ['get', 'watch', 'list', 'create', 'delete'] },
    { apiGroups: [mcsApiGroup], resources: ['serviceimports'], verbs: READ_ALT },
  ];
}

/** `istiod-gateway-controller-*`: what the Gateway API deployment controller creates for automated deployments. */
export function gatewayControllerRules(): Rule[] {
  return [
    { apiGroups: ['apps'], resources: ['deployments'], verbs: ALL_WRITE },
    { apiGroups: ['autoscaling'], resources: ['horizontalpodautoscalers'], verbs: ALL_WRITE },
    { apiGroups: ['policy'], resources: ['poddisruptionbudgets'], verbs: ALL_WRITE },
    { apiGroups: [''], resources: ['services'], verbs: ALL_WRITE },
    { apiGroups: [''], resources: ['serviceaccounts'], verbs: ALL_WRITE },
  ];
}

/** `istio-reader-clusterrole-*`: read access for multicluster remote secrets. */
export function readerClusterRules(mcsApiGroup: string): Rule[] {
  return [
    { apiGroups: ISTIO_GROUPS, resources: ['*'], verbs: READ },
    {
      apiGroups: [''],
      resources: ['endpoints', 'pods', 'services', 'nodes', 'replicationcontrollers', 'namespaces', 'secrets', 'configmaps'],
      verbs: READ,
    },
    { apiGroups: ['networking.istio.io'], resources: ['workloadentries'], verbs: READ_ALT },
    { apiGroups: ['networking.x-k8s.io', 'gateway.networking.k8s.io'], resources: ['gateways'], verbs: READ_ALT },
    { apiGroups: ['apiextensions.k8s.io'], resources: ['customresourcedefinitions'], verbs: READ },
    { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: READ },
    { apiGroups: [mcsApiGroup], resources: ['serviceexports'], verbs: ['get', 'list', 'watch', 'create', 'delete'] },
    { apiGroups: [mcsApiGroup], resources: ['serviceimports'], verbs: READ },
    { apiGroups: ['apps'], resources: ['replicasets'], verbs: READ },
    { apiGroups: ['authentication.k8s.io'], resources: ['tokenreviews'], verbs: ['create'] },
    { apiGroups: ['authorization.k8s.io'], resources: ['subjectaccessreviews'], verbs: ['create'] },
  ];
}

/** The namespaced `istiod` Role. */
export function istiodRoleRules(): Rule[] {
  return [
    { apiGroups: ['networking.istio.io'], resources: ['gateways'], verbs: ['create'] },
    { apiGroups: [''], resources: ['secrets'], verbs: ['create', 'get', 'watch', 'list', 'update', 'delete'] },
    { apiGroups: [''], resources: ['configmaps'], verbs: ['delete'] },
    { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['get', 'update', 'patch', 'create'] },
  ];
}

/** The gateways' `<name>-sds` Role: read the TLS secrets referenced by Gateway `credentialName`. */
export function gatewaySdsRules(): Rule[] {
  return [{ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'watch', 'list'] }];
}
