import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { istio, obj, yamlOf } from './helpers';
import { addBookinfo } from '../../examples/bookinfo/app';
import { GraphFormat, MeshGraph } from '../../src/analysis';

const objects = [
  istio.gw('bookinfo-gateway', 'shop', { selector: { istio: 'ingressgateway' }, servers: [{ port: { number: 8080, name: 'http', protocol: 'HTTP' }, hosts: ['bookinfo.example.com'] }] }),
  istio.vs('bookinfo', 'shop', {
    hosts: ['bookinfo.example.com'],
    gateways: ['bookinfo-gateway'],
    http: [
      {
        match: [{ uri: { prefix: '/api' } }],
        route: [{ destination: { host: 'reviews', subset: 'v1' }, weight: 80 }, { destination: { host: 'reviews', subset: 'v2' }, weight: 20 }],
        fault: { delay: { fixedDelay: '2s', percentage: { value: 10 } } },
        retries: { attempts: 2 },
        mirror: { host: 'shadow' },
        mirrorPercentage: { value: 5 },
      },
      { route: [{ destination: { host: 'productpage', port: { number: 9080 } } }] },
    ],
  }),
  istio.vs('external', 'shop', { hosts: ['api.example.com'], tls: [{ match: [{ sniHosts: ['api.example.com'], port: 443 }], route: [{ destination: { host: 'api.example.com' } }] }] }),
  istio.dr('reviews', 'shop', { host: 'reviews', trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } }, subsets: [{ name: 'v1', labels: { version: 'v1' } }, { name: 'v2', labels: { version: 'v2' } }] }),
  istio.pa('default', 'istio-system', { mtls: { mode: 'STRICT' } }),
  istio.pa('shop', 'shop', { mtls: { mode: 'PERMISSIVE' } }),
  istio.ap('allow', 'shop', { selector: { matchLabels: { app: 'reviews' } } }),
  istio.ap('deny', 'shop', { action: 'DENY', rules: [{}] }),
  obj('gateway.networking.k8s.io/v1', 'Gateway', 'edge', 'web', { spec: { gatewayClassName: 'istio', listeners: [{ name: 'http', port: 80, protocol: 'HTTP', hostname: 'web.example.com' }] } }),
  obj('gateway.networking.k8s.io/v1', 'HTTPRoute', 'web', 'web', {
    spec: { parentRefs: [{ name: 'edge' }], hostnames: ['web.example.com'], rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/' } }], backendRefs: [{ name: 'web-v1', port: 80, weight: 9 }, { name: 'web-v2', port: 80, weight: 1 }] }] },
  }),
];

describe('MeshGraph', () => {
  it('draws gateways, routes and destinations with weights, matches and markers, by namespace with mTLS and authz, as Mermaid', () => {
    expect(MeshGraph.fromYaml(yamlOf(objects)).render(GraphFormat.MERMAID).split('\n')).toEqual([
      'flowchart LR',
      '  mesh(("mesh (sidecars)"))',
      '  subgraph ns_shop["namespace shop · mTLS PERMISSIVE · authz ALLOW×1 DENY×1"]',
      '    gw_shop_bookinfo_gateway{{"Gateway bookinfo-gateway<br/>HTTP 8080: bookinfo.example.com"}}',
      '    svc_productpage_shop_9080(["productpage:9080"])',
      '    svc_reviews_shop_v1(["reviews · subset v1<br/>tls ISTIO_MUTUAL"])',
      '    svc_reviews_shop_v2(["reviews · subset v2<br/>tls ISTIO_MUTUAL"])',
      '    svc_shadow_shop(["shadow"])',
      '    vs_shop_bookinfo["VirtualService bookinfo<br/>hosts: bookinfo.example.com"]',
      '    vs_shop_external["VirtualService external<br/>hosts: api.example.com"]',
      '  end',
      '  subgraph ns_web["namespace web · mTLS STRICT (mesh-wide) · authz none"]',
      '    hr_HTTPRoute_web_web["HTTPRoute web<br/>hosts: web.example.com"]',
      '    kgw_web_edge{{"Gateway edge (istio)<br/>HTTP 80: web.example.com"}}',
      '    svc_web_v1_web_80(["web-v1:80"])',
      '    svc_web_v2_web_80(["web-v2:80"])',
      '  end',
      '  subgraph external["outside the cluster"]',
      '    svc_api_example_com(["api.example.com"])',
      '  end',
      '  gw_shop_bookinfo_gateway --> vs_shop_bookinfo',
      '  vs_shop_bookinfo -->|"uri prefix /api · 80% · fault delay 2s 10% · retries 2"| svc_reviews_shop_v1',
      '  vs_shop_bookinfo -->|"uri prefix /api · 20% · fault delay 2s 10% · retries 2"| svc_reviews_shop_v2',
      '  vs_shop_bookinfo -.->|"mirror 5%"| svc_shadow_shop',
      '  vs_shop_bookinfo --> svc_productpage_shop_9080',
      '  mesh --> vs_shop_external',
      '  vs_shop_external -->|"tls · port 443 & sni api.example.com"| svc_api_example_com',
      '  kgw_web_edge --> hr_HTTPRoute_web_web',
      '  hr_HTTPRoute_web_web -->|"path PathPrefix / · weight 9"| svc_web_v1_web_80',
      '  hr_HTTPRoute_web_web -->|"path PathPrefix / · weight 1"| svc_web_v2_web_80',
      '',
    ]);
  });

  it('draws the same graph as DOT', () => {
    expect(MeshGraph.fromYaml(yamlOf(objects.slice(0, 4))).render(GraphFormat.DOT).split('\n')).toEqual([
      'digraph mesh {',
      '  rankdir=LR;',
      '  node [fontname="Helvetica", fontsize=10];',
      '  edge [fontname="Helvetica", fontsize=9];',
      '  "mesh" [shape=ellipse, label="mesh (sidecars)"];',
      '  subgraph "cluster_ns_shop" {',
      '    label="namespace shop\\nmTLS PERMISSIVE (default)\\nauthz none";',
      '    "gw:shop/bookinfo-gateway" [shape=hexagon, label="Gateway bookinfo-gateway\\nHTTP 8080: bookinfo.example.com"];',
      '    "svc:productpage.shop.svc.cluster.local:9080" [shape=box, style=rounded, label="productpage:9080"];',
      '    "svc:reviews.shop.svc.cluster.local#v1" [shape=box, style=rounded, label="reviews · subset v1\\ntls ISTIO_MUTUAL"];',
      '    "svc:reviews.shop.svc.cluster.local#v2" [shape=box, style=rounded, label="reviews · subset v2\\ntls ISTIO_MUTUAL"];',
      '    "svc:shadow.shop.svc.cluster.local" [shape=box, style=rounded, label="shadow"];',
      '    "vs:shop/bookinfo" [shape=box, label="VirtualService bookinfo\\nhosts: bookinfo.example.com"];',
      '    "vs:shop/external" [shape=box, label="VirtualService external\\nhosts: api.example.com"];',
      '  }',
      '  subgraph "cluster_external" {',
      '    label="outside the cluster";',
      '    "svc:api.example.com" [shape=box, style=rounded, label="api.example.com"];',
      '  }',
      '  "gw:shop/bookinfo-gateway" -> "vs:shop/bookinfo";',
      '  "vs:shop/bookinfo" -> "svc:reviews.shop.svc.cluster.local#v1" [label="uri prefix /api · 80% · fault delay 2s 10% · retries 2"];',
      '  "vs:shop/bookinfo" -> "svc:reviews.shop.svc.cluster.local#v2" [label="uri prefix /api · 20% · fault delay 2s 10% · retries 2"];',
      '  "vs:shop/bookinfo" -> "svc:shadow.shop.svc.cluster.local" [label="mirror 5%", style=dashed];',
      '  "vs:shop/bookinfo" -> "svc:productpage.shop.svc.cluster.local:9080";',
      '  "mesh" -> "vs:shop/external";',
      '  "vs:shop/external" -> "svc:api.example.com" [label="tls · port 443 & sni api.example.com"];',
      '}',
      '',
    ]);
  });

  it('marks gateways the input does not define, and draws an empty input as an empty graph', () => {
    const vs = istio.vs('vs', 'shop', { hosts: ['a'], gateways: ['edge/gw'], http: [{ route: [{ destination: { host: 'a' } }] }] });
    expect(MeshGraph.fromYaml(yamlOf([vs])).toMermaid()).toContain('gw_edge_gw{{"Gateway gw<br/>(not in the input)"}}');
    expect(MeshGraph.fromYaml('').toMermaid()).toBe('flowchart LR\n');
    expect(MeshGraph.fromYaml('').toDot()).toBe('digraph mesh {\n  rankdir=LR;\n  node [fontname="Helvetica", fontsize=10];\n  edge [fontname="Helvetica", fontsize=9];\n}\n');
  });

  it('is what the README shows for examples/bookinfo', () => {
    const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Analysis'));
    const block = /```mermaid\n([\s\S]*?)```/.exec(section);
    const app = Testing.app();
    addBookinfo(app);
    const graph = MeshGraph.fromApp(app).toMermaid();
    expect(block?.[1]).toBe(graph);
  });
});
