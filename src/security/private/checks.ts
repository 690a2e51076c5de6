import { isIP } from 'node:net';
import { IConstruct } from 'constructs';
import { ValidationError } from '../../core/errors';
import { isDns1123Label, isDns1123Subdomain } from '../../core/names';

/** The default SPIFFE trust domain of an Istio mesh. */
export const DEFAULT_TRUST_DOMAIN = 'cluster.local';

export { namespaceOf, nonEmpty } from '../../core/props';

/** JSON-ish rendering of a value for error messages. */
export function show(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : JSON.stringify(value);
}

/** Throws unless `value` is a namespace name (DNS-1123 label). */
export function checkNamespaceName(scope: IConstruct, field: string, value: string, hint: string): string {
  if (!isDns1123Label(value)) {
    throw new ValidationError(scope, field, `must be a namespace name (DNS-1123 label: lowercase letters, digits and '-', at most 63 characters), got ${show(value)}; ${hint}`);
  }
  return value;
}

/** Throws unless `value` is a trust domain (a DNS-1123 subdomain such as `cluster.local`). */
export function checkTrustDomain(scope: IConstruct, field: string, value: string): string {
  if (!isDns1123Subdomain(value)) {
    throw new ValidationError(scope, field, `must be a trust domain (a lowercase DNS name such as 'cluster.local'), got ${show(value)}; ` +
      "use the mesh's trust domain (Istiod trustDomain)");
  }
  return value;
}

/** Throws unless `value` is an integer port number 1–65535. */
export function checkPortNumber(scope: IConstruct, field: string, value: number, hint: string): number {
  if (!Number.isInteger(value) || value < 1 || value > 65535) {
    throw new ValidationError(scope, field, `must be a port number from 1 to 65535, got ${value}; ${hint}`);
  }
  return value;
}

/** Whether `value` is an IPv4/IPv6 address or CIDR block. */
export function isIpOrCidr(value: string): boolean {
  const [address, prefix, extra] = value.split('/');
  const family = isIP(address);
  if (family === 0 || extra !== undefined) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

/** Throws unless every value is an IP address or CIDR block. */
export function checkIpBlocks(scope: IConstruct, field: string, values: string[]): string[] {
  values.forEach((v, i) => {
    if (!isIpOrCidr(v)) {
      throw new ValidationError(scope, `${field}[${i}]`, `must be an IPv4 or IPv6 address or CIDR block, got ${show(v)}; e.g. '10.0.0.0/16' or '192.0.2.7'`);
    }
  });
  return [...values];
}

/**
 * Istio's string match in policies: exact, prefix (`abc*`), suffix (`*abc`) or presence (`*`). Returns whether the
 * value uses `*` only in those positions.
 */
export function isIstioStringMatch(value: string): boolean {
  if (value === '*') return true;
  const inner = value.replace(/^\*/, '').replace(/\*$/, '');
  if (value.startsWith('*') && value.endsWith('*')) return false;
  return inner.length > 0 && !inner.includes('*');
}

/** Throws unless `value` is a well-formed absolute https URL without credentials or fragment. */
export function checkHttpsUrl(scope: IConstruct, field: string, value: string, hint: string): string {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (url === undefined || url.protocol !== 'https:' || url.hostname === '' || url.username !== '' || url.password !== '' || url.hash !== ''
    || /\s/.test(value)) {
    throw new ValidationError(scope, field, `must be a valid https:// URL, got ${show(value)}; ${hint}`);
  }
  return value;
}

/** A DNS-1123 label derived from a host name (`api.example.com` → `api-example-com`), at most `max` characters. */
export function hostLabel(host: string, max = 63): string {
  const label = host.replace(/^\*\./, 'wildcard.').replace(/\./g, '-');
  return label.length <= max ? label : label.slice(0, max).replace(/-+$/, '');
}

/** The path of the construct that owns an L1 object: the L2 construct for its `Resource` child, else the object. */
export function ownerPath(obj: IConstruct): string {
  const scope = obj.node.scope;
  return obj.node.id === 'Resource' && scope !== undefined ? scope.node.path : obj.node.path;
}
