import { ApiObjectMetadata } from 'cdk8s';
import { IConstruct } from 'constructs';
import { ValidationError } from '../../core/errors';
import { Host } from '../../core/host';
import { isDns1123Subdomain } from '../../core/names';
import { HttpRoutePolicy } from '../http-route';
import { CircuitBreaker } from '../route-policy';
import { TrafficPolicy } from '../traffic-policy';

/**
 * The name of the objects an intent emits: `metadata.name`, else derived from the host — the Service name for
 * `<name>.<namespace>.svc.<domain>`, otherwise the host with dots replaced by dashes.
 */
export function intentName(scope: IConstruct, metadata: ApiObjectMetadata | undefined, host: Host, field = 'host'): string {
  if (metadata?.name !== undefined) return metadata.name;
  const value = host._resolve(scope, field);
  const svc = /^([a-z0-9-]+)\.[a-z0-9-]+\.svc(\.|$)/.exec(value);
  const name = svc ? svc[1] : value.replace(/^\*\./, 'wildcard.').replace(/\./g, '-');
  if (!isDns1123Subdomain(name)) {
    throw new ValidationError(scope, 'metadata.name', `cannot be derived from host '${value}', got '${name}'; set metadata.name`);
  }
  return name;
}

/** Metadata for an emitted object: the intent's metadata with the given name. */
export function childMetadata(metadata: ApiObjectMetadata | undefined, name: string): ApiObjectMetadata {
  return { ...metadata, name };
}

/** The route-level part of a policy. */
export function routePolicyFields(policy: HttpRoutePolicy | undefined): HttpRoutePolicy {
  if (policy === undefined) return {};
  return { timeout: policy.timeout, retries: policy.retries, fault: policy.fault, mirror: policy.mirror };
}

/** Merges a circuit breaker into a traffic policy; setting the same part in both is an error. */
export function mergeCircuitBreaker(
  scope: IConstruct, trafficPolicy: TrafficPolicy | undefined, breaker: CircuitBreaker | undefined,
): TrafficPolicy | undefined {
  if (breaker === undefined) return trafficPolicy;
  if (trafficPolicy?.outlierDetection && breaker.outlierDetection) {
    throw new ValidationError(scope, 'policy.circuitBreaker.outlierDetection', 'is also set in trafficPolicy.outlierDetection, got both; set it in one place');
  }
  if (trafficPolicy?.connectionPool && breaker.connectionPool) {
    throw new ValidationError(scope, 'policy.circuitBreaker.connectionPool', 'is also set in trafficPolicy.connectionPool, got both; set it in one place');
  }
  return {
    ...trafficPolicy,
    outlierDetection: trafficPolicy?.outlierDetection ?? breaker.outlierDetection,
    connectionPool: trafficPolicy?.connectionPool ?? breaker.connectionPool,
  };
}
