import { ApiObjectMetadata, Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { ValidationError } from './errors';

// Small helpers every construct layer uses to turn props into specs.

/** `undefined` for an empty (or missing) array, so that the output has no `field: []`. */
export function nonEmpty<T>(values: T[] | undefined): T[] | undefined {
  return values && values.length > 0 ? values : undefined;
}

/** `undefined` for an empty (or missing) map. */
export function nonEmptyMap<T>(values: Record<string, T> | undefined): Record<string, T> | undefined {
  return values && Object.keys(values).length > 0 ? values : undefined;
}

/** `undefined` when every value of the object is undefined. */
export function compact<T extends object>(value: T): T | undefined {
  return Object.values(value).some((v) => v !== undefined) ? value : undefined;
}

/** Maps the values of a record. */
export function mapValues<A, B>(values: Record<string, A> | undefined, f: (value: A, key: string) => B): Record<string, B> | undefined {
  if (values === undefined) return undefined;
  const out: Record<string, B> = {};
  for (const [k, v] of Object.entries(values)) out[k] = f(v, k);
  return out;
}

/** The namespace an object of `scope` will be synthesized into: its metadata, else its chart's namespace. */
export function namespaceOf(scope: IConstruct, metadata: ApiObjectMetadata | undefined): string | undefined {
  if (metadata?.namespace !== undefined) return metadata.namespace;
  try {
    return Chart.of(scope).namespace;
  } catch {
    return undefined;
  }
}

/** Throws unless `value` is an integer in [min, max]; returns it. */
export function checkInt(scope: IConstruct, field: string, value: number | undefined, min: number, max: number, hint: string): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ValidationError(scope, field, `must be an integer from ${min} to ${max}, got ${value}; ${hint}`);
  }
  return value;
}
