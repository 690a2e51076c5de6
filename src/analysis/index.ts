// Istio configuration analysis (istioctl analyze, offline) and the routing graph.
export * from './message';
export * from './mesh-analyzer';
export * from './mesh-analysis';
export * from './mesh-graph';
