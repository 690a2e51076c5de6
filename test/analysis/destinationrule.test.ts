import { describe, expect, it } from 'vitest';
import { app, istio, k8s, run } from './helpers';

describe('destinationrule.CaCertificateAnalyzer (IST0128, IST0129)', () => {
  it('reports SIMPLE and MUTUAL TLS without caCertificates, at destination and port level', () => {
    const dr = istio.dr('db-tls', 'default', {
      host: 'mydbserver.prod.svc.cluster.local',
      trafficPolicy: {
        tls: { mode: 'MUTUAL', clientCertificate: '/etc/certs/client.pem', privateKey: '/etc/certs/key.pem' },
        portLevelSettings: [{ port: { number: 443 }, tls: { mode: 'SIMPLE', sni: 'my-nginx.mesh-external.svc.cluster.local' } }],
      },
    });
    expect(run(['destinationrule.CaCertificateAnalyzer'], [dr])).toEqual([
      'IST0128 DestinationRule db-tls.default: DestinationRule default/db-tls in namespace default has TLS mode set to MUTUAL but no caCertificates are set to validate server identity for host: mydbserver.prod.svc.cluster.local',
      'IST0129 DestinationRule db-tls.default: DestinationRule default/db-tls in namespace default has TLS mode set to SIMPLE but no caCertificates are set to validate server identity for host: mydbserver.prod.svc.cluster.local at port number:443',
    ]);
  });

  it('accepts caCertificates, ISTIO_MUTUAL, and a credentialName on a DestinationRule with a workload selector', () => {
    const objects = [
      istio.dr('ca', 'default', { host: 'a.example.com', trafficPolicy: { tls: { mode: 'SIMPLE', caCertificates: '/etc/certs/ca.pem' } } }),
      istio.dr('mesh', 'default', { host: 'b', trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } } }),
      istio.dr('cred', 'default', { host: 'c.example.com', workloadSelector: { matchLabels: { app: 'client' } }, trafficPolicy: { tls: { mode: 'SIMPLE', credentialName: 'c-ca' } } }),
    ];
    expect(run(['destinationrule.CaCertificateAnalyzer'], objects)).toEqual([]);
  });
});

describe('destinationrule.SubsetSelectPodAnalyzer (IST0173, IST0174)', () => {
  const dr = istio.dr('reviews', 'shop', { host: 'reviews', subsets: [{ name: 'v1', labels: { version: 'v1' } }, { name: 'v2', labels: { version: 'v2' } }] });

  it('reports subsets that select no pod or pod template', () => {
    const objects = [...app('reviews', 'shop', undefined, { app: 'reviews', version: 'v1' }), dr];
    expect(run(['destinationrule.SubsetSelectPodAnalyzer'], objects)).toEqual([
      'IST0173 DestinationRule reviews.shop: The Subset v2 defined in the DestinationRule does not select any pods. Which may lead to 503 UH (NoHealthyUpstream).',
    ]);
  });

  it('counts pods, and templates of Deployments and StatefulSets, as selected', () => {
    const sts = {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'reviews-v2', namespace: 'shop' },
      spec: { serviceName: 'reviews', selector: { matchLabels: { app: 'reviews', version: 'v2' } }, template: { metadata: { labels: { app: 'reviews', version: 'v2' } }, spec: { containers: [{ name: 'app', image: 'x' }] } } },
    };
    const objects = [...app('reviews', 'shop', undefined, { app: 'reviews', version: 'v1' }), sts, dr];
    expect(run(['destinationrule.SubsetSelectPodAnalyzer'], objects)).toEqual([]);
    const pod = k8s.pod('reviews-v2-abc', 'shop', { app: 'reviews', version: 'v2' });
    expect(run(['destinationrule.SubsetSelectPodAnalyzer'], [...app('reviews', 'shop', undefined, { app: 'reviews', version: 'v1' }), pod, dr])).toEqual([]);
  });

  it('reports a host that matches no Service or ServiceEntry (and then does not check subsets)', () => {
    expect(run(['destinationrule.SubsetSelectPodAnalyzer'], [dr])).toEqual([
      'IST0174 DestinationRule reviews.shop: The host reviews defined in the DestinationRule does not match any services in the mesh.',
    ]);
  });
});
