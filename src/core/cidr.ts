import { isIP } from 'node:net';
import { IConstruct } from 'constructs';
import { ValidationError } from './errors';

/**
 * Throws unless `value` is an IPv4 or IPv6 address or CIDR block (a CIDR block only, with `requirePrefix`).
 * @internal
 */
export function checkCidr(scope: IConstruct, field: string, value: string, requirePrefix: boolean = false): string {
  const [address, prefix, extra] = value.split('/');
  const family = isIP(address);
  const max = family === 4 ? 32 : 128;
  const prefixOk = prefix === undefined ? !requirePrefix : /^\d+$/.test(prefix) && Number(prefix) <= max;
  if (family === 0 || extra !== undefined || !prefixOk) {
    const expected = requirePrefix ? 'an IPv4 or IPv6 CIDR block' : 'an IPv4 or IPv6 address or CIDR block';
    const example = requirePrefix ? "e.g. '10.0.0.0/8' or 'fd00::/8'" : "e.g. '10.0.0.0/16' or '192.0.2.7'";
    throw new ValidationError(scope, field, `must be ${expected}, got '${value}'; ${example}`);
  }
  return value;
}
