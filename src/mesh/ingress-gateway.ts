import { Construct } from 'constructs';
import { GatewayDirection, IstioGateway, IstioGatewayProps } from './istio-gateway';

/**
 * An Istio ingress gateway (chart `istio-ingress`): by default `istio-ingressgateway` with the selector
 * `istio: ingressgateway`, a LoadBalancer Service with status-port 15021, http2 80→8080 and https 443→8443.
 */
export class IngressGateway extends IstioGateway {
  constructor(scope: Construct, id: string, props: IstioGatewayProps = {}) {
    super(scope, id, props, GatewayDirection.INGRESS);
  }
}
