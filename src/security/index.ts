// Security: Istio's own kinds (L2) and the intents built on them (L3).
export * from './principal';
export * from './peer';
export * from './condition';
export * from './policy-target';
export * from './peer-authentication';
export * from './authorization-policy';
export * from './request-authentication';
export * from './jwt-auth';
export * from './strict-mtls-namespace';
export * from './egress-lockdown';
