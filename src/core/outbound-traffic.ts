/**
 * How sidecars treat traffic to destinations that are not in the service registry (`outboundTrafficPolicy.mode`,
 * mesh-wide in the mesh config or per workload in a `Sidecar`).
 */
export enum OutboundTrafficPolicyMode {
  /** Pass unknown destinations through (Istio's default). */
  ALLOW_ANY = 'ALLOW_ANY',
  /** Block destinations that have no Service or ServiceEntry. */
  REGISTRY_ONLY = 'REGISTRY_ONLY',
}
