// Generated L1 classes (cdk8s import of the pinned Istio CRDs), one jsii submodule per API group.
export * as networking from './imports/networking';
export * as security from './imports/security';
export * as telemetry from './imports/telemetry';
export * as extensions from './imports/extensions';

// Validation (strict schema + CEL + API-server checks + YAML hygiene).
export * from './validation/finding';
export * from './validation/manifest-validator';
export * from './validation/testing';
export * from './analysis';

// Mesh installation (IstioBase, Istiod, gateways, IstioMesh, revision tags, sidecar injection).
export * from './mesh';

// Shared values (hosts, ports, percentages, workload selectors, gateway workloads).
export { Host } from './core/host';
export type { ServiceHostOptions } from './core/host';
export { Percent } from './core/percent';
export { PortProtocol } from './core/port';
export { OutboundTrafficPolicyMode } from './core/outbound-traffic';
export { WorkloadSelector } from './core/workload-selector';
export { GatewayWorkload } from './core/gateway-workload';
export type { GatewayServicePort, GatewayWorkloadAttributes, IGatewayWorkload } from './core/gateway-workload';

// Traffic management (VirtualService, DestinationRule, Gateway, ServiceEntry, Sidecar, CanaryRoute, ...).
export * from './traffic';

// Security (PeerAuthentication, AuthorizationPolicy, RequestAuthentication, StrictMtlsNamespace, JwtAuth, EgressLockdown).
export * from './security';
