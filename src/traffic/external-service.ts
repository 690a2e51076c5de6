import { ApiObjectMetadata } from 'cdk8s';
import { Construct } from 'constructs';
import { DestinationRule } from './destination-rule';
import { ExportTo } from './export-to';
import { Gateway } from './gateway';
import { GatewayReference } from './gateway-reference';
import { HttpMatch } from './http-match';
import { childMetadata, intentName } from './private/intent';
import { ServerTlsMode } from './server-tls';
import { ServiceEntry, ServiceEntryLocation, ServiceEntryResolution } from './service-entry';
import { ClientTlsMode, ClientTlsSettings } from './traffic-policy';
import { VirtualService } from './virtual-service';
import { ValidationError } from '../core/errors';
import { gatewayTargetPort, IGatewayWorkload } from '../core/gateway-workload';
import { Host } from '../core/host';
import { checkPort, PortProtocol } from '../core/port';

/** TLS origination: the application speaks plain HTTP, the proxy opens TLS to the external service. */
export interface TlsOrigination {
  /**
   * Port the application sends plain HTTP to.
   * @default 80
   */
  readonly httpPort?: number;
  /**
   * Secret with a client certificate for mutual TLS to the external service (mode MUTUAL); in the namespace of the
   * proxy that originates TLS (the egress gateway's, when routing through it).
   * @default - TLS without client certificate (mode SIMPLE)
   */
  readonly credentialName?: string;
  /**
   * Path of CA certificates to verify the server with.
   * @default - the system roots
   */
  readonly caCertificates?: string;
  /**
   * Subject alternative names the server certificate must have.
   * @default - the host name is verified
   */
  readonly subjectAltNames?: string[];
  /**
   * SNI to send.
   * @default - the host
   */
  readonly sni?: string;
}

/** Props of an `ExternalService`. */
export interface ExternalServiceProps {
  /**
   * Metadata of the emitted objects (the egress gateway objects get a `-egress` suffix).
   * @default - named after the host; the chart's namespace
   */
  readonly metadata?: ApiObjectMetadata;
  /** The external host (exact name; wildcards are not supported here — use ServiceEntry directly). */
  readonly host: Host;
  /**
   * The external service's TLS port.
   * @default 443
   */
  readonly port?: number;
  /**
   * Originate TLS in the mesh (applications call `http://<host>:<httpPort>`).
   * @default - the application does TLS itself (TLS passthrough by SNI)
   */
  readonly tlsOrigination?: TlsOrigination;
  /**
   * Send the traffic through this egress gateway (the mesh's `EgressGateway` construct or
   * `GatewayWorkload.defaultEgress()`), so that egress can be controlled and audited in one place.
   * @default - directly from the sidecars
   */
  readonly egressGateway?: IGatewayWorkload;
  /**
   * How the host is resolved.
   * @default ServiceEntryResolution.DNS
   */
  readonly resolution?: ServiceEntryResolution;
  /**
   * Namespaces the emitted objects are visible to.
   * @default - every namespace (Istio default)
   */
  readonly exportTo?: ExportTo[];
}

/**
 * Registers an external service with the mesh (a MESH_EXTERNAL ServiceEntry, so it stays reachable when outbound
 * traffic is restricted to the registry), optionally with TLS origination and routing through an egress gateway.
 *
 * Emits, by options:
 * - always: a ServiceEntry (DNS resolution) with the TLS port (`TLS`), plus an `HTTP` port with origination;
 * - `tlsOrigination` without gateway: a DestinationRule for the host with `SIMPLE` (or `MUTUAL`) TLS on the HTTP port;
 * - `egressGateway` without origination: a Gateway on the egress gateway (TLS PASSTHROUGH for the host), a
 *   DestinationRule for the egress gateway Service with a subset for this host, and a VirtualService routing by SNI
 *   from the sidecars to the egress gateway and from the egress gateway to the host;
 * - `egressGateway` with origination: the same with an `ISTIO_MUTUAL` HTTPS server on the gateway's HTTP port, HTTP
 *   routes, and a DestinationRule for the host originating TLS at the egress gateway.
 *
 * Through the egress gateway, the sidecars send to the gateway Service's port `port` (or `tlsOrigination.httpPort`),
 * and the Gateway server listens on the container port behind it (`GatewayWorkload.targetPortFor()`: 8443 behind 443
 * and 8080 behind 80 on Istio's classic egress gateway).
 */
export class ExternalService extends Construct {
  /** The ServiceEntry. */
  public readonly serviceEntry: ServiceEntry;
  /** The DestinationRule for the external host (TLS origination). */
  public readonly destinationRule?: DestinationRule;
  /** The Gateway on the egress gateway. */
  public readonly gateway?: Gateway;
  /** The VirtualService routing through the egress gateway. */
  public readonly virtualService?: VirtualService;
  /** The DestinationRule for the egress gateway Service (the subset used for this host). */
  public readonly egressDestinationRule?: DestinationRule;
  /** The rendered external host. */
  public readonly host: string;

  constructor(scope: Construct, id: string, props: ExternalServiceProps) {
    super(scope, id);
    this.host = props.host._resolve(this, 'host');
    if (props.host.isWildcard) {
      throw new ValidationError(this, 'host', `must be an exact host name, got '${this.host}'; use a ServiceEntry with Host.wildcard() for wildcard egress`);
    }
    const name = intentName(this, props.metadata, props.host);
    const metadata = childMetadata(props.metadata, name);
    const port = checkPort(this, 'port', props.port ?? 443);
    const origination = props.tlsOrigination;
    const httpPort = origination === undefined ? undefined : checkPort(this, 'tlsOrigination.httpPort', origination.httpPort ?? 80);
    if (httpPort !== undefined && httpPort === port) {
      throw new ValidationError(this, 'tlsOrigination.httpPort', `must differ from the TLS port, got ${httpPort} for both; the application's plain HTTP port is usually 80`);
    }
    const gw = props.egressGateway;
    const resolution = props.resolution ?? ServiceEntryResolution.DNS;

    this.serviceEntry = new ServiceEntry(this, 'ServiceEntry', {
      metadata,
      hosts: [props.host],
      location: ServiceEntryLocation.MESH_EXTERNAL,
      resolution,
      exportTo: props.exportTo,
      ports: httpPort === undefined
        ? [{ number: port, protocol: PortProtocol.TLS, name: 'tls' }]
        : [
          // Without an egress gateway the sidecar originates TLS: the HTTP port's traffic goes to the TLS port.
          { number: httpPort, protocol: PortProtocol.HTTP, name: 'http', targetPort: gw === undefined ? port : undefined },
          { number: port, protocol: PortProtocol.HTTPS, name: 'https' },
        ],
    });

    const originationTls = (): ClientTlsSettings => ({
      mode: origination?.credentialName ? ClientTlsMode.MUTUAL : ClientTlsMode.SIMPLE,
      credentialName: origination?.credentialName,
      caCertificates: origination?.caCertificates,
      subjectAltNames: origination?.subjectAltNames,
      sni: origination?.sni ?? this.host,
    });

    if (gw === undefined) {
      if (httpPort !== undefined) {
        this.destinationRule = new DestinationRule(this, 'DestinationRule', {
          metadata,
          host: props.host,
          exportTo: props.exportTo,
          trafficPolicy: { portLevelSettings: [{ port: httpPort, tls: originationTls() }] },
        });
      }
      return;
    }

    // Through the egress gateway.
    const egressHost = Host.fromServiceName(gw.name, gw.namespace);
    const egressMetadata = childMetadata(props.metadata, `${name}-egress`);
    const subset = name.length <= 63 ? name.replace(/\./g, '-') : name.slice(0, 63).replace(/-+$/, '');
    // Two numbers for the egress gateway, as in Istio's egress gateway task:
    // - servicePort: the port of the egress gateway *Service* the sidecars send to (the route destination port and the
    //   DestinationRule's portLevelSettings for that Service, whose cluster is per Service port);
    // - listenerPort: the container port behind it (443 → 8443, 80 → 8080 on the classic gateways), where the
    //   Gateway server listens; routes bound to that Gateway match the server's port, so they match listenerPort.
    const servicePort = httpPort ?? port;
    const listenerPort = gatewayTargetPort(this, 'egressGateway', gw, servicePort);
    this.gateway = Gateway.forWorkload(this, 'Gateway', gw, {
      metadata: egressMetadata,
      servers: [httpPort === undefined
        ? { port: { number: listenerPort, protocol: PortProtocol.TLS, name: 'tls' }, hosts: [props.host], tls: { mode: ServerTlsMode.PASSTHROUGH } }
        : { port: { number: listenerPort, protocol: PortProtocol.HTTPS, name: 'https-origination' }, hosts: [props.host], tls: { mode: ServerTlsMode.ISTIO_MUTUAL } }],
    });
    this.egressDestinationRule = new DestinationRule(this, 'EgressDestinationRule', {
      metadata: egressMetadata,
      host: egressHost,
      exportTo: props.exportTo,
      subsets: [{
        name: subset,
        trafficPolicy: httpPort === undefined ? undefined
          : { portLevelSettings: [{ port: servicePort, tls: { mode: ClientTlsMode.ISTIO_MUTUAL, sni: this.host } }] },
      }],
    });
    const gatewayRef = GatewayReference.fromGateway(this.gateway);
    this.virtualService = new VirtualService(this, 'VirtualService', {
      metadata,
      hosts: [props.host],
      gateways: [GatewayReference.mesh(), gatewayRef],
      exportTo: props.exportTo,
    });
    if (httpPort === undefined) {
      this.virtualService.addTlsRoute({
        matches: [{ gateways: [GatewayReference.mesh()], port, sniHosts: [props.host] }],
        destinations: [{ host: egressHost, subset, port: servicePort }],
      });
      this.virtualService.addTlsRoute({
        matches: [{ gateways: [gatewayRef], port: listenerPort, sniHosts: [props.host] }],
        destinations: [{ host: props.host, port }],
      });
    } else {
      this.virtualService.addHttpRoute({
        name: 'to-egress-gateway',
        matches: [HttpMatch.of({ gateways: [GatewayReference.mesh()], port: httpPort })],
        destinations: [{ host: egressHost, subset, port: servicePort }],
      });
      this.virtualService.addHttpRoute({
        name: 'to-external',
        matches: [HttpMatch.of({ gateways: [gatewayRef], port: listenerPort })],
        destinations: [{ host: props.host, port }],
      });
      this.destinationRule = new DestinationRule(this, 'DestinationRule', {
        metadata,
        host: props.host,
        exportTo: props.exportTo,
        trafficPolicy: { portLevelSettings: [{ port, tls: originationTls() }] },
      });
    }
  }
}
