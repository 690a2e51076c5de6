import { IConstruct } from 'constructs';
import { ValidationError } from './errors';

/**
 * The protocol of a port as Istio names it (Gateway servers, ServiceEntry ports, Sidecar listeners).
 */
export enum PortProtocol {
  /** HTTP/1.1 (and HTTP/2 with prior knowledge or upgrade). */
  HTTP = 'HTTP',
  /** HTTP over TLS. On a Gateway this terminates (or passes through) TLS. */
  HTTPS = 'HTTPS',
  /** HTTP/2. */
  HTTP2 = 'HTTP2',
  /** gRPC. */
  GRPC = 'GRPC',
  /** gRPC-Web. */
  GRPC_WEB = 'GRPC-Web',
  /** Opaque TCP. */
  TCP = 'TCP',
  /** TLS, routed by SNI without terminating it. */
  TLS = 'TLS',
  /** MongoDB. */
  MONGO = 'MONGO',
  /** MySQL. */
  MYSQL = 'MYSQL',
  /** Redis. */
  REDIS = 'REDIS',
}

/**
 * Throws unless `port` is an integer port number 1–65535.
 * @internal
 * @jsii ignore
 */
export function checkPort(scope: IConstruct, field: string, port: number): number {
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new ValidationError(scope, field, `must be a port number from 1 to 65535, got ${port}; use the port the service listens on`);
  }
  return port;
}

/**
 * The conventional Istio port name for a protocol and number (`http-80`, `https-443`), used when a port name is
 * required and none was given. Istio also reads the protocol from the `<protocol>[-suffix]` name prefix.
 * @internal
 * @jsii ignore
 */
export function defaultPortName(protocol: PortProtocol, number: number): string {
  return `${protocol.toLowerCase()}-${number}`;
}
