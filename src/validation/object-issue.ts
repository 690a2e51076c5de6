import type { FindingSeverity, ValidationCheck } from './finding';

/**
 * A problem found inside one object, before it is tied to the object's identity and source.
 * Produced by the per-kind validators; `ManifestValidator` turns it into a `ValidationFinding`.
 * @internal
 */
export interface ObjectIssue {
  readonly check: ValidationCheck;
  /** JSON pointer into the object ('' for the object itself). */
  readonly path: string;
  readonly message: string;
  readonly severity?: FindingSeverity;
}

/**
 * Appends one JSON pointer token (RFC 6901 escaping).
 * @internal
 */
export function pointerJoin(base: string, token: string | number): string {
  return `${base}/${String(token).replace(/~/g, '~0').replace(/\//g, '~1')}`;
}

/**
 * The unescaped tokens of a JSON pointer (none for '', the object itself).
 * @internal
 */
export function pointerTokens(pointer: string): string[] {
  return pointer === '' ? [] : pointer.slice(1).split('/').map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}
