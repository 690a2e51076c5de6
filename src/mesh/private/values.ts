import { istioChartDefaults } from '../../upstream/upstream-data';

/** A JSON-like map. */
export type Json = Record<string, any>;

/** Deep copy of a JSON-like value. */
export function clone<T>(value: T): T {
  return value === undefined ? value : JSON.parse(JSON.stringify(value));
}

function isMap(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Helm/sprig `mergeOverwrite`: maps merge recursively, everything else (scalars, lists) from `overlay` replaces.
 * Returns a new value; neither input is modified.
 */
export function mergeOverwrite(base: Json, overlay: Json): Json {
  const out: Json = clone(base);
  for (const [key, value] of Object.entries(overlay)) {
    if (value === undefined) continue;
    out[key] = isMap(value) && isMap(out[key]) ? mergeOverwrite(out[key], value) : clone(value);
  }
  return out;
}

/** Sets `value` at a dotted path in `target`, creating maps on the way. Returns `target`. */
export function setPath(target: Json, path: string, value: unknown): Json {
  if (value === undefined) return target;
  const keys = path.split('.');
  let cursor = target;
  for (const key of keys.slice(0, -1)) {
    if (!isMap(cursor[key])) cursor[key] = {};
    cursor = cursor[key];
  }
  cursor[keys[keys.length - 1]] = value;
  return target;
}

/** The istio-discovery chart's defaults (`_internal_defaults_do_not_set`), as a fresh copy. */
export function discoveryChartDefaults(): Json {
  return clone(istioChartDefaults('istio-control-istio-discovery'));
}

/** A map with the given keys of `source` that are defined. */
export function pick(source: Json, ...keys: string[]): Json {
  const out: Json = {};
  for (const key of keys) if (source[key] !== undefined) out[key] = clone(source[key]);
  return out;
}
