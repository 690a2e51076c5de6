import { IConstruct } from 'constructs';
import { ValidationError } from '../../core/errors';
import { isDns1123Label, isDns1123Subdomain, isLabelValue, isQualifiedName } from '../../core/names';

/** `JSON.stringify` for messages (shows strings quoted, undefined as `undefined`). */
export function show(value: unknown): string {
  return value === undefined ? 'undefined' : JSON.stringify(value);
}

export function checkDnsLabel(scope: IConstruct, field: string, value: string | undefined, hint: string): void {
  if (value === undefined) return;
  if (!isDns1123Label(value)) {
    throw new ValidationError(scope, field, 'must be a DNS-1123 label (at most 63 lowercase letters, digits and \'-\', ' +
      `starting and ending with a letter or digit), got ${show(value)}; ${hint}`);
  }
}

export function checkSubdomain(scope: IConstruct, field: string, value: string | undefined, hint: string): void {
  if (value === undefined) return;
  if (!isDns1123Subdomain(value)) {
    throw new ValidationError(scope, field, `must be a DNS-1123 subdomain, got ${show(value)}; ${hint}`);
  }
}

export { checkInt } from '../../core/props';

export function checkNonEmpty(scope: IConstruct, field: string, value: string | undefined, hint: string): void {
  if (value === undefined) return;
  if (value.trim() === '') throw new ValidationError(scope, field, `must not be empty, got ${show(value)}; ${hint}`);
}

export function checkDigest(scope: IConstruct, field: string, value: string | undefined): void {
  if (value === undefined) return;
  if (!/^sha256:[a-f0-9]{64}$/.test(value)) {
    throw new ValidationError(scope, field, 'must be an image digest \'sha256:\' followed by 64 lowercase hex digits, ' +
      `got ${show(value)}; copy the digest from the registry (e.g. \`crane digest docker.io/istio/pilot:1.30.3\`)`);
  }
}

export function checkLabels(scope: IConstruct, field: string, labels: Record<string, string> | undefined): void {
  for (const [key, value] of Object.entries(labels ?? {})) {
    if (!isQualifiedName(key)) {
      throw new ValidationError(scope, `${field}`, 'key must be a qualified name ([prefix/]name, name at most 63 ' +
        `alphanumerics, '-', '_' or '.'), got ${show(key)}; fix the label key`);
    }
    if (!isLabelValue(value)) {
      throw new ValidationError(scope, `${field}.${key}`, 'must be a label value (at most 63 alphanumerics, \'-\', \'_\' ' +
        `or '.', starting and ending with an alphanumeric), got ${show(value)}; fix the label value`);
    }
  }
}

export function checkEnvNames(scope: IConstruct, field: string, env: Record<string, string> | undefined): void {
  for (const key of Object.keys(env ?? {})) {
    if (!/^[-._a-zA-Z][-._a-zA-Z0-9]*$/.test(key)) {
      throw new ValidationError(scope, field, 'variable names must consist of letters, digits, \'_\', \'-\' or \'.\' and ' +
        `not start with a digit, got ${show(key)}; rename the variable`);
    }
  }
}
