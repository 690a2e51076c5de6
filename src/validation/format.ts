import { FindingSeverity, ValidationFinding } from './finding';

/**
 * One line per finding: `file:line:col: kind/namespace/name: path: message [check]`.
 * @param includeSource start with the file, line and document index when the finding has them
 * @internal
 */
export function formatFinding(f: ValidationFinding, includeSource: boolean = true): string {
  const where = includeSource && f.file !== undefined
    ? `${f.file}${f.line !== undefined ? `:${f.line}:${f.column ?? 1}` : ''}${f.documentIndex !== undefined ? ` (document ${f.documentIndex})` : ''}: `
    : '';
  const what = f.kind ? `${f.kind}/${f.namespace ? `${f.namespace}/` : ''}${f.name ?? '<unnamed>'}: ` : '';
  const path = f.path ? `${f.path}: ` : '';
  return `${where}${f.severity === FindingSeverity.INFO ? 'info: ' : ''}${what}${path}${f.message} [${f.check}]`;
}
