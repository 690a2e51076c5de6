import { App, Chart } from 'cdk8s';
import { BookinfoChart } from './chart';
import { IstioMesh, MeshAnalysis } from '../../src';

/** The charts of the bookinfo app: the mesh it runs on, then the application. */
export interface BookinfoApp {
  readonly istio: Chart;
  readonly bookinfo: BookinfoChart;
  readonly analysis: MeshAnalysis;
}

/**
 * Bookinfo with the mesh it needs: Istio's default profile plus the egress gateway the egress lockdown routes
 * through (chart `istio`, applied first), the application (chart `bookinfo`), and a `MeshAnalysis` of both that
 * fails `cdk8s synth` on any `istioctl analyze` error.
 */
export function addBookinfo(app: App): BookinfoApp {
  const istio = new Chart(app, 'istio');
  new IstioMesh(istio, 'Istio', {
    createNamespace: true,
    egressGateway: { enabled: true },
    // The product page accepts JWTs from an issuer outside the cluster: istiod may fetch its keys from the internet,
    // never from private or loopback addresses.
    istiod: { jwksBlockedCidrs: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '127.0.0.0/8', 'fc00::/7', '::1/128'] },
  });
  const bookinfo = new BookinfoChart(app, 'bookinfo');
  bookinfo.addDependency(istio);
  const analysis = new MeshAnalysis(app, 'Analysis', {
    // The ingress certificate Secret (bookinfo-credential in istio-system) is issued in the cluster, e.g. by
    // cert-manager; the rendered files cannot contain it, so this one reference is checked in the cluster instead.
    suppress: ['IST0101=Gateway bookinfo-example-com.bookinfo'],
  });
  return { istio, bookinfo, analysis };
}
