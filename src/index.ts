// Generated L1 classes (cdk8s import of the pinned Istio CRDs), one jsii submodule per API group.
export * as networking from './imports/networking';
export * as security from './imports/security';
export * as telemetry from './imports/telemetry';
export * as extensions from './imports/extensions';

// Validation (strict schema + CEL + API-server checks + YAML hygiene).
export * from './validation/finding';
export * from './validation/manifest-validator';
export * from './validation/testing';

// Mesh installation (IstioBase, Istiod, gateways, IstioMesh, revision tags, sidecar injection).
export * from './mesh';
