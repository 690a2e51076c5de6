import { Construct } from 'constructs';
import { GatewayDirection, IstioGateway, IstioGatewayProps } from './istio-gateway';

/**
 * An Istio egress gateway (chart `istio-egress`): by default `istio-egressgateway` with the selector
 * `istio: egressgateway` and a ClusterIP Service with http2 80→8080 and https 443→8443.
 */
export class EgressGateway extends IstioGateway {
  constructor(scope: Construct, id: string, props: IstioGatewayProps = {}) {
    super(scope, id, props, GatewayDirection.EGRESS);
  }
}
