import { describe, expect, it } from 'vitest';
import { k8s, run } from './helpers';

const injected = k8s.namespace('shop', { 'istio-injection': 'enabled' });

describe('deployment.MultiServiceAnalyzer (IST0116, IST0137)', () => {
  it('reports Services selecting the same in-mesh Deployment with one port but different protocols', () => {
    const objects = [
      injected,
      k8s.deployment('dns', 'shop', { app: 'dns' }),
      k8s.service('dns-tcp', 'shop', { app: 'dns' }, [{ name: 'tcp-dns', port: 53, protocol: 'TCP' }]),
      k8s.service('dns-udp', 'shop', { app: 'dns' }, [{ name: 'udp-dns', port: 53, protocol: 'UDP' }]),
    ];
    expect(run(['deployment.MultiServiceAnalyzer'], objects)).toEqual([
      'IST0116 Deployment dns.shop: This deployment dns is associated with multiple services using port 53 but different protocols: [shop/dns-tcp shop/dns-udp]',
    ]);
  });

  it('reports Services using the same targetPort with different ports', () => {
    const objects = [
      injected,
      k8s.deployment('nginx', 'shop', { app: 'nginx' }),
      k8s.service('nginx-a', 'shop', { app: 'nginx' }, [{ name: 'http', port: 8080, protocol: 'TCP', targetPort: 80 }]),
      k8s.service('nginx-b', 'shop', { app: 'nginx' }, [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 80 }]),
    ];
    expect(run(['deployment.MultiServiceAnalyzer'], objects)).toEqual([
      'IST0137 Deployment nginx.shop: This deployment nginx is associated with multiple services [shop/nginx-a shop/nginx-b] using targetPort "80" but different ports: [8080 80].',
    ]);
  });

  it('ignores Deployments outside the mesh, Services of other namespaces, and consistent Services', () => {
    const objects = [
      injected,
      k8s.namespace('plain'),
      k8s.deployment('nginx', 'plain', { app: 'nginx' }),
      k8s.service('nginx-a', 'plain', { app: 'nginx' }, [{ name: 'http', port: 8080, targetPort: 80 }]),
      k8s.service('nginx-b', 'plain', { app: 'nginx' }, [{ name: 'http', port: 80, targetPort: 80 }]),
      k8s.deployment('web', 'shop', { app: 'web' }),
      k8s.service('web', 'shop', { app: 'web' }, [{ name: 'http', port: 80, targetPort: 8080 }]),
      k8s.service('web-admin', 'shop', { app: 'web' }, [{ name: 'http-admin', port: 9090 }]),
      k8s.service('web-other-ns', 'plain', { app: 'web' }, [{ name: 'http', port: 81, targetPort: 8080 }]),
    ];
    expect(run(['deployment.MultiServiceAnalyzer'], objects)).toEqual([]);
  });
});

describe('applicationUID.Analyzer (IST0144)', () => {
  it('reports pods, Deployments and other workload templates running as UID 1337', () => {
    const objects = [
      k8s.pod('pod', 'shop', { app: 'pod' }, { securityContext: { runAsUser: 1337 } }),
      k8s.deployment('deploy', 'shop', { app: 'deploy' }, { containers: [{ name: 'app', image: 'x', securityContext: { runAsUser: 1337 } }] }),
      {
        apiVersion: 'batch/v1',
        kind: 'CronJob',
        metadata: { name: 'cron', namespace: 'shop' },
        spec: { schedule: '* * * * *', jobTemplate: { spec: { template: { spec: { securityContext: { runAsUser: 1337 }, containers: [{ name: 'c', image: 'x' }] } } } } },
      },
    ];
    expect(run(['applicationUID.Analyzer'], objects)).toEqual([
      'IST0144 CronJob cron.shop: User ID (UID) 1337 is reserved for the sidecar proxy.',
      'IST0144 Deployment deploy.shop: User ID (UID) 1337 is reserved for the sidecar proxy.',
      'IST0144 Pod pod.shop: User ID (UID) 1337 is reserved for the sidecar proxy.',
    ]);
  });

  it('accepts other UIDs, the istio-proxy container and the control plane', () => {
    const objects = [
      k8s.deployment('app', 'shop', { app: 'app' }, { securityContext: { runAsUser: 1000 }, containers: [{ name: 'app', image: 'x' }, { name: 'istio-proxy', image: 'proxyv2', securityContext: { runAsUser: 1337 } }] }),
      k8s.deployment('istio-ingressgateway', 'istio-system', { istio: 'ingressgateway' }, { securityContext: { runAsUser: 1337 } }, { labels: { istio: 'ingressgateway' } }),
    ];
    expect(run(['applicationUID.Analyzer'], objects)).toEqual([]);
  });
});
