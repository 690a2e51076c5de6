import { isIP } from 'node:net';
import { IConstruct } from 'constructs';
import { ValidationError } from '../../core/errors';
import { isDns1123Subdomain } from '../../core/names';
import { WorkloadEndpoint } from '../workload-endpoint';
import { checkInt, checkLabels, nonEmptyMap, UINT32_MAX } from './common';

/** How endpoint addresses are interpreted. */
export enum AddressKind {
  /** IPs and unix sockets only (STATIC resolution, WorkloadEntry). */
  IP,
  /** IPs, DNS names and unix sockets (DNS resolution). */
  IP_OR_DNS,
}

/** Renders and checks a workload endpoint (the WorkloadEntry spec shape). */
export function renderEndpoint(scope: IConstruct, field: string, e: WorkloadEndpoint, kind: AddressKind, portNames?: string[]) {
  if (e.address === undefined && e.network === undefined) {
    throw new ValidationError(scope, `${field}.address`, 'is required unless network is set, got neither; give the IP (or DNS name) of the workload');
  }
  if (e.address !== undefined) {
    const a = e.address;
    if (a.startsWith('unix://')) {
      const path = a.slice('unix://'.length);
      if (!(path.startsWith('/') || path.startsWith('@')) || path.endsWith('/')) {
        throw new ValidationError(scope, `${field}.address`, `must be an absolute socket path or abstract socket, got '${a}'; use unix:///path/to/socket`);
      }
      if (e.ports !== undefined && Object.keys(e.ports).length > 0) {
        throw new ValidationError(scope, `${field}.ports`, `cannot be set for a unix socket address, got ${Object.keys(e.ports).join(', ')}; remove the ports`);
      }
    } else if (isIP(a) === 0 && (kind === AddressKind.IP || !isDns1123Subdomain(a))) {
      throw new ValidationError(scope, `${field}.address`, kind === AddressKind.IP
        ? `must be an IP address or unix:// socket, got '${a}'; use DNS resolution for host names`
        : `must be an IP address, DNS name or unix:// socket, got '${a}'; remove any scheme or port`);
    }
  }
  for (const [name, port] of Object.entries(e.ports ?? {})) {
    checkInt(scope, `${field}.ports.${name}`, port, 1, 65535, 'use the port the workload listens on');
    if (!/^[a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?$/.test(name) || name.length >= 63) {
      throw new ValidationError(scope, `${field}.ports.${name}`, `must be keyed by a port name, got '${name}'; use the name of the service port`);
    }
    if (portNames !== undefined && !portNames.includes(name)) {
      throw new ValidationError(scope, `${field}.ports.${name}`, `refers to a port the service does not define, got '${name}'; use one of [${portNames.join(', ')}]`);
    }
  }
  checkInt(scope, `${field}.weight`, e.weight, 0, UINT32_MAX, 'use a relative weight such as 1');
  if (e.serviceAccount !== undefined && !isDns1123Subdomain(e.serviceAccount)) {
    throw new ValidationError(scope, `${field}.serviceAccount`, `must be a ServiceAccount name (DNS-1123 subdomain), got '${e.serviceAccount}'; use the workload's service account`);
  }
  return {
    address: e.address,
    ports: nonEmptyMap(e.ports),
    labels: nonEmptyMap(checkLabels(scope, `${field}.labels`, e.labels)),
    network: e.network,
    locality: e.locality,
    weight: e.weight,
    serviceAccount: e.serviceAccount,
  };
}
