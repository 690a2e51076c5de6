import { IConstruct } from 'constructs';
import { ValidationError } from '../../core/errors';
import { isDns1123Label, isLabelValue, isQualifiedName } from '../../core/names';

/** Converts one of our string enums to the generated L1 enum with the same string values. */
export function l1<T>(value: string | undefined): T | undefined {
  return value as unknown as T | undefined;
}

export { checkInt, compact, mapValues, namespaceOf, nonEmpty, nonEmptyMap } from '../../core/props';
export { checkCidr } from '../../core/cidr';

/** Largest uint32, the range of most Istio counters. */
export const UINT32_MAX = 4294967295;
/** Largest int32. */
export const INT32_MAX = 2147483647;

/** Throws unless `name` is a DNS-1123 label (namespace names, subset names). */
export function checkDnsLabel(scope: IConstruct, field: string, name: string, hint: string): string {
  if (!isDns1123Label(name)) {
    throw new ValidationError(scope, field, `must be a DNS-1123 label (lowercase letters, digits and '-', at most 63 characters), got '${name}'; ${hint}`);
  }
  return name;
}

/** Throws unless every key and value is a valid Kubernetes label key/value (wildcards are not allowed). */
export function checkLabels(scope: IConstruct, field: string, labels: Record<string, string> | undefined): Record<string, string> | undefined {
  if (labels === undefined) return undefined;
  for (const [key, value] of Object.entries(labels)) {
    if (!isQualifiedName(key)) {
      throw new ValidationError(scope, `${field}.${key}`, `must be a label key ([prefix/]name, at most 63 characters in the name), got '${key}'; use a valid label key`);
    }
    if (!isLabelValue(value) || value.includes('*')) {
      throw new ValidationError(scope, `${field}.${key}`, `must be a label value (at most 63 alphanumerics, '-', '_' or '.'), got '${value}'; use a valid label value`);
    }
  }
  return { ...labels };
}

/** HTTP header names Istio accepts in matches and header operations (lowercase tokens). */
export function checkHeaderName(scope: IConstruct, field: string, name: string, allowJwtClaims = false): string {
  if (allowJwtClaims && name.startsWith('@request.auth.claims.') && name.length > '@request.auth.claims.'.length) return name;
  if (!/^[a-z0-9!#$%&'*+.^_`|~-]+$/.test(name)) {
    throw new ValidationError(scope, field, `must be a lowercase HTTP header name, got '${name}'; write header names in lowercase (e.g. '${name.toLowerCase()}')`);
  }
  return name;
}
