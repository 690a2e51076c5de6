// Mirrors istio/istio pkg/config/analysis/analyzers/service/portname.go (IST0118, IST0150), with the protocol
// selection of pkg/config/kube/conversion.go (ConvertProtocol) and pkg/config/protocol (Parse).
import { Analyzer } from '../analyzer';
import { MSG } from '../catalogue';
import { GROUP } from '../resource';
import { isIstioControlPlane } from './in-mesh';

const PROTOCOLS = new Set(['tcp', 'udp', 'grpc', 'grpc-web', 'http', 'http_proxy', 'http2', 'https', 'tls', 'mongo', 'redis', 'mysql']);
/** Ports where protocol sniffing is skipped: TCP is assumed (SMTP, DNS, MySQL, MongoDB). */
const WELL_KNOWN_PORTS = new Set([25, 53, 3306, 27017]);
const MANAGED_GATEWAY_CONTROLLERS = new Set(['istio.io-gateway-controller', 'istio.io-mesh-controller', 'istio.io-eastwest-controller']);

/**
 * kube.ConvertProtocol(...).IsUnsupported(): true when Istio cannot tell the protocol of a Service port from its
 * protocol, appProtocol or name prefix, and falls back to protocol sniffing.
 * @internal
 */
export function isUnsupportedProtocol(port: number, name: string, protocol: string, appProtocol: string | undefined): boolean {
  if (protocol === 'UDP') return false;
  let n = name;
  if (appProtocol !== undefined) {
    if (['kubernetes.io/h2c', 'kubernetes.io/ws', 'kubernetes.io/wss'].includes(appProtocol)) return false;
    n = appProtocol;
  }
  if (n.length >= 8 && n.slice(0, 8).toLowerCase() === 'grpc-web') return false;
  const dash = n.indexOf('-');
  const prefix = (dash >= 0 ? n.slice(0, dash) : n).toLowerCase();
  if (PROTOCOLS.has(prefix)) return false;
  return !WELL_KNOWN_PORTS.has(port);
}

/** service.PortNameAnalyzer */
export const portNameAnalyzer: Analyzer = {
  name: 'service.PortNameAnalyzer',
  description: 'Checks the port names associated with each service',
  upstream: 'pkg/config/analysis/analyzers/service/portname.go',
  analyze(ctx) {
    for (const svc of ctx.ofKind(GROUP.CORE, 'Service')) {
      if (isIstioControlPlane(svc.labels)) continue;
      if (MANAGED_GATEWAY_CONTROLLERS.has(svc.labels['gateway.istio.io/managed'] ?? '')) continue;
      const externalName = svc.spec.type === 'ExternalName';
      (Array.isArray(svc.spec.ports) ? svc.spec.ports : []).forEach((p: any, i: number) => {
        const name = typeof p?.name === 'string' ? p.name : '';
        const port = Number(p?.port);
        const appProtocol = typeof p?.appProtocol === 'string' ? p.appProtocol : undefined;
        if (!isUnsupportedProtocol(port, name, String(p?.protocol ?? ''), appProtocol) && !(name === 'tcp' && externalName)) return;
        const targetPort = p?.targetPort === undefined || p?.targetPort === null ? '0' : String(p.targetPort);
        if (externalName) ctx.report(svc, MSG.ExternalNameServiceTypeInvalidPortName, [], `/spec/ports/${i}/port`);
        else ctx.report(svc, MSG.PortNameIsNotUnderNamingConvention, [name, port, targetPort], `/spec/ports/${i}/port`);
      });
    }
  },
};
