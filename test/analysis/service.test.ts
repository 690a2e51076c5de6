import { describe, expect, it } from 'vitest';
import { k8s, run } from './helpers';

describe('service.PortNameAnalyzer (IST0118, IST0150)', () => {
  it('reports port names without a protocol prefix Istio knows', () => {
    const svc = k8s.service('web', 'shop', { app: 'web' }, [{ name: 'web', port: 8080, targetPort: 'http' }, { port: 9000 }]);
    expect(run(['service.PortNameAnalyzer'], [svc])).toEqual([
      "IST0118 Service web.shop: Port name web (port: 8080, targetPort: http) doesn't follow the naming convention of Istio port.",
      "IST0118 Service web.shop: Port name  (port: 9000, targetPort: 0) doesn't follow the naming convention of Istio port.",
    ]);
  });

  it('accepts protocol prefixes, appProtocol, UDP, well-known ports and the control plane', () => {
    const ok = k8s.service('ok', 'shop', { app: 'ok' }, [
      { name: 'http-web', port: 80 }, { name: 'grpc-web-ui', port: 81 }, { name: 'HTTP2', port: 82 }, { name: 'tcp', port: 83 },
      { name: 'metrics', port: 84, appProtocol: 'http' }, { name: 'h2c', port: 85, appProtocol: 'kubernetes.io/h2c' },
      { name: 'dns', port: 53, protocol: 'UDP' }, { name: 'db', port: 3306 }, { name: 'x', port: 86, protocol: 'UDP' },
    ]);
    const istiod = k8s.service('istiod', 'istio-system', { app: 'istiod' }, [{ name: 'grpc-xds', port: 15010 }, { name: 'webhook', port: 443 }], {}, { labels: { istio: 'pilot' } });
    expect(run(['service.PortNameAnalyzer'], [ok, istiod])).toEqual([]);
  });

  it('reports ExternalName ports that are unnamed for a protocol or named tcp (IST0150)', () => {
    const svc = k8s.service('ext', 'shop', {}, [{ name: 'tcp', port: 443 }, { name: 'https', port: 8443 }], { type: 'ExternalName', externalName: 'example.com' });
    expect(run(['service.PortNameAnalyzer'], [svc])).toEqual([
      'IST0150 Service ext.shop: Port name for ExternalName service is invalid. Proxy may prevent tcp named ports and unmatched traffic for ports serving TCP protocol from being forwarded correctly',
    ]);
  });
});
