import { stringify } from 'yaml';

/** Deep copy of a JSON-like value with every object's keys sorted (Go marshals maps in key order). */
export function sortKeysDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeysDeep);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value as object).sort()) {
      out[key] = sortKeysDeep((value as Record<string, unknown>)[key]);
    }
    return out;
  }
  return value;
}

/**
 * JSON as Helm's `toPrettyJson` writes it (Go `json.MarshalIndent` with two spaces): map keys sorted, and `<`, `>`,
 * `&`, U+2028 and U+2029 escaped as Go's encoder does.
 */
export function goPrettyJson(value: unknown): string {
  return JSON.stringify(sortKeysDeep(value), null, 2).replace(/[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * YAML as Helm's `toYaml` writes it for the mesh configuration: map keys sorted, sequences not indented under their
 * key, no line folding; trailing newlines removed (the chart embeds it with `|-`).
 */
export function goYaml(value: unknown): string {
  return stringify(sortKeysDeep(value), { indentSeq: false, lineWidth: 0, singleQuote: true }).replace(/\n+$/, '');
}
