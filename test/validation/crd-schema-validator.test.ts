import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { istioCrds, readUpstreamDocuments, UPSTREAM_DATA_DIR } from '../../src/upstream/upstream-data';
import { CelRule, ValidationRuleSpec } from '../../src/validation/cel-rules';
import { CrdSchemaValidator } from '../../src/validation/crd-schema-validator';
import { FindingSeverity, ValidationCheck } from '../../src/validation/finding';
import { ObjectIssue } from '../../src/validation/object-issue';

const istio = CrdSchemaValidator.fromCrds(istioCrds());

/** Names of the pinned upstream files under a prefix, e.g. `istio/1.30.3/golden/`. */
function pinnedFiles(pattern: RegExp): string[] {
  const { sources } = JSON.parse(readFileSync(join(UPSTREAM_DATA_DIR, 'sources.json'), 'utf8')) as { sources: { name: string }[] };
  return sources.map((s) => s.name).filter((name) => pattern.test(name));
}

function cr(apiVersion: string, kind: string, spec: unknown): any {
  return { apiVersion, kind, metadata: { name: 'test', namespace: 'default' }, spec };
}

const schema = (path: string, message: string): ObjectIssue => ({ check: ValidationCheck.SCHEMA, path, message });
const unknownField = (path: string): ObjectIssue => ({
  check: ValidationCheck.UNKNOWN_FIELD,
  path,
  message: `unknown field "${path.slice(path.lastIndexOf('/') + 1)}"`,
});
const cel = (path: string, message: string, rule: string): ObjectIssue => ({ check: ValidationCheck.CEL, path, message: `${message} (rule: ${rule})` });
const CEL_SKIPPED: ObjectIssue = {
  check: ValidationCheck.CEL,
  path: '',
  severity: FindingSeverity.INFO,
  message: 'CEL validation rules were not evaluated because the object has type or enum errors ' +
    '(the API server skips them too); fix those errors to have the rules checked',
};

const DURATION_RULE = "duration(self) >= duration('1ms')";
const SELECTOR_RULE = '(has(self.selector) ? 1 : 0) + (has(self.targetRef) ? 1 : 0) + (has(self.targetRefs) ? 1 : 0) <= 1';

/** A valid object of each of the 15 Istio kinds, using most of each kind's features. */
const VALID: Record<string, any> = {
  VirtualService: cr('networking.istio.io/v1', 'VirtualService', {
    hosts: ['reviews.bookinfo.svc.cluster.local', 'reviews.example.com'],
    gateways: ['mesh', 'istio-system/public-gateway'],
    exportTo: ['.'],
    http: [
      {
        name: 'canary',
        match: [{
          uri: { prefix: '/api' },
          headers: { 'end-user': { exact: 'jason' } },
          queryParams: { debug: { regex: '^1$' } },
          method: { exact: 'GET' },
          ignoreUriCase: true,
          port: 9080,
        }],
        route: [
          {
            destination: { host: 'reviews', subset: 'v1', port: { number: 9080 } },
            weight: 90,
            headers: { request: { set: { 'x-canary': 'false' } }, response: { remove: ['x-internal'] } },
          },
          { destination: { host: 'reviews', subset: 'v2', port: { number: 9080 } }, weight: 10 },
        ],
        timeout: '10s',
        retries: { attempts: 3, perTryTimeout: '2s', retryOn: 'gateway-error,connect-failure', backoff: '25ms' },
        fault: {
          delay: { fixedDelay: '5s', percentage: { value: 0.1 } },
          abort: { httpStatus: 503, percentage: { value: 0.5 } },
        },
        corsPolicy: {
          allowOrigins: [{ exact: 'https://example.com' }, { regex: '.*\\.example\\.org' }],
          allowMethods: ['GET', 'POST'],
          allowCredentials: true,
          maxAge: '24h',
        },
        mirror: { host: 'reviews', subset: 'v3' },
        mirrorPercentage: { value: 5.5 },
        headers: { request: { add: { 'x-b3-sampled': '1' } } },
      },
      { name: 'moved', match: [{ uri: { exact: '/old' } }], redirect: { uri: '/new', redirectCode: 301 } },
      {
        name: 'rewrite',
        match: [{ uri: { prefix: '/v1' } }],
        rewrite: { uri: '/v2', authority: 'reviews-v2' },
        route: [{ destination: { host: 'reviews' } }],
      },
      { name: 'teapot', directResponse: { status: 418, body: { string: 'I am a teapot' } } },
      { name: 'binary', directResponse: { status: 200, body: { bytes: 'aGVsbG8=' } } },
    ],
    tcp: [{ match: [{ port: 27017 }], route: [{ destination: { host: 'mongo', port: { number: 27017 } } }] }],
    tls: [{ match: [{ sniHosts: ['reviews.example.com'], port: 443 }], route: [{ destination: { host: 'reviews', port: { number: 443 } } }] }],
  }),
  DestinationRule: cr('networking.istio.io/v1', 'DestinationRule', {
    host: 'reviews.bookinfo.svc.cluster.local',
    exportTo: ['*'],
    trafficPolicy: {
      connectionPool: {
        tcp: { maxConnections: 100, connectTimeout: '30ms', tcpKeepalive: { time: '7200s', interval: '75s', probes: 9 } },
        http: { http1MaxPendingRequests: 1024, http2MaxRequests: 1024, maxRequestsPerConnection: 10, maxRetries: 3, idleTimeout: '1h', h2UpgradePolicy: 'UPGRADE' },
      },
      loadBalancer: {
        simple: 'LEAST_REQUEST',
        localityLbSetting: { enabled: true, failover: [{ from: 'us-east1', to: 'us-west1' }] },
        warmup: { duration: '60s', minimumPercent: 10 },
      },
      outlierDetection: { consecutive5xxErrors: 7, interval: '5m', baseEjectionTime: '15m', maxEjectionPercent: 50 },
      tls: { mode: 'ISTIO_MUTUAL' },
      portLevelSettings: [{
        port: { number: 8443 },
        tls: { mode: 'SIMPLE', sni: 'reviews.example.com', credentialName: 'reviews-tls' },
        loadBalancer: { consistentHash: { httpCookie: { name: 'user', ttl: '60s' }, minimumRingSize: 1024 } },
      }],
    },
    subsets: [
      { name: 'v1', labels: { version: 'v1' } },
      { name: 'v2', labels: { version: 'v2' }, trafficPolicy: { loadBalancer: { simple: 'ROUND_ROBIN' } } },
    ],
  }),
  Gateway: cr('networking.istio.io/v1', 'Gateway', {
    selector: { istio: 'ingressgateway' },
    servers: [
      { port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['*.example.com'], tls: { httpsRedirect: true } },
      {
        port: { number: 443, name: 'https', protocol: 'HTTPS' },
        hosts: ['bookinfo/*.example.com'],
        tls: { mode: 'SIMPLE', credentialName: 'example-cert', minProtocolVersion: 'TLSV1_2', cipherSuites: ['ECDHE-RSA-AES256-GCM-SHA384'] },
      },
      {
        port: { number: 15443, name: 'tls-mutual', protocol: 'TLS', targetPort: 8443 },
        hosts: ['*'],
        tls: { mode: 'MUTUAL', credentialNames: ['rsa-cert', 'ecdsa-cert'], subjectAltNames: ['spiffe://cluster.local/ns/a/sa/b'] },
      },
    ],
  }),
  ServiceEntry: cr('networking.istio.io/v1', 'ServiceEntry', {
    hosts: ['api.example.com'],
    location: 'MESH_EXTERNAL',
    ports: [{ number: 443, name: 'https', protocol: 'TLS' }, { number: 80, name: 'http', protocol: 'HTTP', targetPort: 8080 }],
    resolution: 'DNS',
    endpoints: [{ address: 'api-1.example.com', ports: { https: 8443 }, labels: { zone: 'a' }, weight: 1 }],
    exportTo: ['.'],
    subjectAltNames: ['api.example.com'],
  }),
  Sidecar: cr('networking.istio.io/v1', 'Sidecar', {
    workloadSelector: { labels: { app: 'reviews' } },
    ingress: [{
      port: { number: 9080, protocol: 'HTTP', name: 'http' },
      defaultEndpoint: '127.0.0.1:8080',
      connectionPool: { http: { idleTimeout: '30s' }, tcp: { connectTimeout: '2s' } },
    }],
    egress: [
      { hosts: ['./*', 'istio-system/*'] },
      { port: { number: 3306, protocol: 'MYSQL', name: 'mysql' }, bind: '127.0.0.1', hosts: ['*/mysql.example.com'] },
    ],
    outboundTrafficPolicy: { mode: 'REGISTRY_ONLY' },
    inboundConnectionPool: { tcp: { maxConnections: 100 } },
  }),
  PeerAuthentication: cr('security.istio.io/v1', 'PeerAuthentication', {
    selector: { matchLabels: { app: 'reviews' } },
    mtls: { mode: 'STRICT' },
    portLevelMtls: { 8080: { mode: 'PERMISSIVE' } },
  }),
  AuthorizationPolicy: cr('security.istio.io/v1', 'AuthorizationPolicy', {
    selector: { matchLabels: { app: 'reviews' } },
    action: 'ALLOW',
    rules: [{
      from: [
        { source: { principals: ['cluster.local/ns/default/sa/productpage'] } },
        { source: { namespaces: ['frontend'], notIpBlocks: ['10.0.0.0/8'] } },
      ],
      to: [{ operation: { methods: ['GET'], paths: ['/api/*'], ports: ['9080'] } }],
      when: [{ key: 'request.auth.claims[iss]', values: ['https://accounts.google.com'] }],
    }],
  }),
  RequestAuthentication: cr('security.istio.io/v1', 'RequestAuthentication', {
    selector: { matchLabels: { app: 'reviews' } },
    jwtRules: [{
      issuer: 'https://accounts.google.com',
      jwksUri: 'https://www.googleapis.com/oauth2/v3/certs',
      audiences: ['reviews'],
      forwardOriginalToken: true,
      fromHeaders: [{ name: 'Authorization', prefix: 'Bearer ' }],
      outputClaimToHeaders: [{ header: 'x-jwt-sub', claim: 'sub' }],
      timeout: '5s',
    }],
  }),
  Telemetry: cr('telemetry.istio.io/v1', 'Telemetry', {
    selector: { matchLabels: { app: 'reviews' } },
    tracing: [{ providers: [{ name: 'zipkin' }], randomSamplingPercentage: 10.5, customTags: { env: { literal: { value: 'prod' } } } }],
    metrics: [{
      providers: [{ name: 'prometheus' }],
      reportingInterval: '15s',
      overrides: [{
        match: { metric: 'REQUEST_COUNT', mode: 'CLIENT_AND_SERVER' },
        tagOverrides: { request_host: { operation: 'REMOVE' }, app: { operation: 'UPSERT', value: 'request.host' } },
      }],
    }],
    accessLogging: [{ providers: [{ name: 'envoy' }], filter: { expression: 'response.code >= 400' } }],
  }),
  EnvoyFilter: cr('networking.istio.io/v1alpha3', 'EnvoyFilter', {
    workloadSelector: { labels: { app: 'reviews' } },
    priority: 10,
    configPatches: [
      {
        applyTo: 'HTTP_FILTER',
        match: {
          context: 'SIDECAR_INBOUND',
          listener: {
            portNumber: 8080,
            filterChain: { filter: { name: 'envoy.filters.network.http_connection_manager', subFilter: { name: 'envoy.filters.http.router' } } },
          },
        },
        patch: {
          operation: 'INSERT_BEFORE',
          value: {
            name: 'envoy.filters.http.lua',
            typed_config: { '@type': 'type.googleapis.com/envoy.extensions.filters.http.lua.v3.Lua', 'inlineCode': 'function envoy_on_request(h) end' },
          },
        },
      },
      {
        applyTo: 'CLUSTER',
        match: { context: 'SIDECAR_OUTBOUND', cluster: { service: 'reviews.default.svc.cluster.local' } },
        patch: { operation: 'MERGE', value: { connect_timeout: '1s', circuit_breakers: { thresholds: [{ max_connections: 10 }] } } },
      },
    ],
  }),
  WasmPlugin: cr('extensions.istio.io/v1alpha1', 'WasmPlugin', {
    selector: { matchLabels: { istio: 'ingressgateway' } },
    url: 'oci://ghcr.io/istio-ecosystem/wasm-extensions/basic_auth:1.12.0',
    phase: 'AUTHN',
    priority: 10,
    pluginConfig: { basic_auth_rules: [{ prefix: '/api', request_methods: ['GET'], credentials: ['ok:test'] }] },
    imagePullPolicy: 'IfNotPresent',
    match: [{ mode: 'SERVER', ports: [{ number: 8080 }, { number: 8443 }] }],
    vmConfig: { env: [{ name: 'POD_NAME', valueFrom: 'HOST' }, { name: 'TRUST_DOMAIN', value: 'cluster.local' }] },
    failStrategy: 'FAIL_OPEN',
  }),
  WorkloadEntry: cr('networking.istio.io/v1', 'WorkloadEntry', {
    address: '10.0.0.5',
    ports: { http: 8080 },
    labels: { app: 'vm' },
    serviceAccount: 'vm-sa',
    network: 'vm-net',
    locality: 'us-east1/us-east1-a',
    weight: 10,
  }),
  WorkloadGroup: cr('networking.istio.io/v1', 'WorkloadGroup', {
    metadata: { labels: { app: 'vm' }, annotations: { team: 'a' } },
    template: { serviceAccount: 'vm-sa', network: 'vm-net', ports: { http: 8080 } },
    probe: {
      initialDelaySeconds: 5,
      periodSeconds: 4,
      httpGet: { path: '/ready', port: 8080, scheme: 'HTTPS', httpHeaders: [{ name: 'X-Probe', value: '1' }] },
    },
  }),
  ProxyConfig: cr('networking.istio.io/v1beta1', 'ProxyConfig', {
    selector: { matchLabels: { app: 'reviews' } },
    concurrency: 2,
    environmentVariables: { ISTIO_META_DNS_CAPTURE: 'true' },
    image: { imageType: 'distroless' },
  }),
  TrafficExtension: cr('extensions.istio.io/v1alpha1', 'TrafficExtension', {
    selector: { matchLabels: { app: 'reviews' } },
    phase: 'AUTHZ',
    priority: 5,
    match: [{ mode: 'CLIENT', ports: [{ number: 9080 }] }],
    wasm: {
      url: 'https://example.com/filters/authz.wasm',
      sha256: 'a'.repeat(64),
      pluginConfig: { mode: 'strict', limits: [1, 2.5, { burst: true }] },
      vmConfig: { env: [{ name: 'LOG_LEVEL', value: 'debug' }] },
    },
  }),
};

function withSpec(kind: string, mutate: (spec: any) => void): any {
  const obj = structuredClone(VALID[kind]);
  mutate(obj.spec);
  return obj;
}

describe('CrdSchemaValidator with the Istio CRDs', () => {
  it('has a valid example for each of the 15 Istio kinds', () => {
    expect(Object.keys(VALID).sort()).toEqual(istioCrds().map((crd) => crd.spec.names.kind).sort());
  });

  it.each(Object.keys(VALID))('accepts a valid %s in every served version', (kind) => {
    const crd = istioCrds().find((c) => c.spec.names.kind === kind);
    for (const version of crd.spec.versions.filter((v: any) => v.served)) {
      const obj = { ...VALID[kind], apiVersion: `${crd.spec.group}/${version.name}` };
      expect(istio.validate(obj)).toEqual([]);
    }
  });

  it('accepts every Istio custom resource in the upstream goldens', () => {
    const goldens = pinnedFiles(/^istio\/1\.30\.3\/golden\//);
    expect(goldens.length).toBeGreaterThan(0);
    for (const name of goldens) {
      for (const obj of readUpstreamDocuments(name)) {
        if (istio.handles(obj.apiVersion, obj.kind)) expect(istio.validate(obj)).toEqual([]);
      }
    }
  });

  it('accepts null for a nullable field and drops null non-nullable fields like the API server', () => {
    expect(istio.validate(withSpec('WasmPlugin', (s) => (s.priority = null)))).toEqual([]);
    expect(istio.validate(withSpec('VirtualService', (s) => (s.http[0].timeout = null)))).toEqual([]);
    expect(istio.validate(withSpec('VirtualService', (s) => (s.hosts = [null])))).toEqual([
      schema('/spec/hosts/0', 'must be string, got null'), CEL_SKIPPED,
    ]);
  });

  it('ignores metadata fields and status, but requires metadata to be an object', () => {
    const obj = { ...VALID.Gateway, metadata: { name: 'gw', labels: { a: 'b' }, whatever: 1 }, status: { anything: ['goes'] } };
    expect(istio.validate(obj)).toEqual([]);
    expect(istio.validate({ ...VALID.Gateway, metadata: 'gw' })).toEqual([schema('/metadata', 'must be object, got string "gw"'), CEL_SKIPPED]);
  });

  describe('handles', () => {
    it('knows every Istio group and kind, in any version', () => {
      expect(istio.handles('networking.istio.io/v1', 'VirtualService')).toBe(true);
      expect(istio.handles('networking.istio.io/v1alpha3', 'VirtualService')).toBe(true);
      expect(istio.handles('networking.istio.io/v2', 'VirtualService')).toBe(true);
      expect(istio.handles('security.istio.io/v1', 'VirtualService')).toBe(false);
      expect(istio.handles('apps/v1', 'Deployment')).toBe(false);
      expect(istio.handles('v1', 'Service')).toBe(false);
    });
  });

  describe('rejects', () => {
    it('an unknown field at the top of spec', () => {
      expect(istio.validate(withSpec('VirtualService', (s) => (s.host = 'reviews')))).toEqual([unknownField('/spec/host')]);
    });

    it('an unknown field deep inside', () => {
      expect(istio.validate(withSpec('VirtualService', (s) => (s.http[0].route[1].weigth = 10)))).toEqual([
        unknownField('/spec/http/0/route/1/weigth'),
      ]);
    });

    it('unknown fields in an empty-object schema and at the top level, but not below preserve-unknown-fields', () => {
      const obj = withSpec('EnvoyFilter', (s) => (s.configPatches[0].patch.value.anything = { goes: [1] }));
      expect(istio.validate({ ...obj, extra: true })).toEqual([unknownField('/extra')]);
    });

    it('a wrong type, with one issue per mistake', () => {
      expect(istio.validate(withSpec('VirtualService', (s) => (s.http[0].route[0].weight = '50')))).toEqual([
        schema('/spec/http/0/route/0/weight', 'must be integer, got string "50"'), CEL_SKIPPED,
      ]);
      expect(istio.validate(withSpec('DestinationRule', (s) => (s.trafficPolicy.loadBalancer = 'ROUND_ROBIN')))).toEqual([
        schema('/spec/trafficPolicy/loadBalancer', 'must be object, got string "ROUND_ROBIN"'), CEL_SKIPPED,
      ]);
    });

    it('a value outside an enum', () => {
      expect(istio.validate(withSpec('DestinationRule', (s) => (s.trafficPolicy.tls.mode = 'FOO')))).toEqual([
        schema('/spec/trafficPolicy/tls/mode', 'must be one of [DISABLE, SIMPLE, MUTUAL, ISTIO_MUTUAL], got "FOO"'), CEL_SKIPPED,
      ]);
    });

    it('a missing required field', () => {
      expect(istio.validate(withSpec('VirtualService', (s) => delete s.http[0].route[0].destination.host))).toEqual([
        schema('/spec/http/0/route/0/destination/host', 'missing required field "host"'),
      ]);
      expect(istio.validate(withSpec('Gateway', (s) => delete s.servers[0].port.protocol))).toEqual([
        schema('/spec/servers/0/port/protocol', 'missing required field "protocol"'),
      ]);
    });

    it('an int32 out of range and an unsigned 32-bit value out of range', () => {
      expect(istio.validate(withSpec('VirtualService', (s) => (s.http[0].retries.attempts = 3_000_000_000)))).toEqual([
        schema('/spec/http/0/retries/attempts', 'must be a 32-bit integer (-2147483648 to 2147483647), got 3000000000'),
      ]);
      expect(istio.validate(withSpec('DestinationRule', (s) => (s.trafficPolicy.outlierDetection.consecutive5xxErrors = 4294967296)))).toEqual([
        schema('/spec/trafficPolicy/outlierDetection/consecutive5xxErrors', 'must be <= 4294967295, got 4294967296'),
      ]);
    });

    it('a pattern mismatch, a maxItems overflow and invalid base64', () => {
      expect(istio.validate(withSpec('TrafficExtension', (s) => (s.wasm.sha256 = 'xyz')))).toEqual([
        schema('/spec/wasm/sha256', 'must match pattern "(^$|^[a-f0-9]{64}$)", got "xyz"'),
      ]);
      expect(istio.validate(withSpec('Gateway', (s) => s.servers[2].tls.credentialNames.push('third')))).toEqual([
        schema('/spec/servers/2/tls/credentialNames', 'must have at most 2 items, got 3'),
      ]);
      expect(istio.validate(withSpec('VirtualService', (s) => (s.http[4].directResponse.body.bytes = 'not base64!')))).toEqual([
        schema('/spec/http/4/directResponse/body/bytes', 'must be base64-encoded data, got "not base64!"'),
      ]);
    });

    it('a oneOf violation (two members of a protobuf oneof), as one issue', () => {
      expect(istio.validate(withSpec('DestinationRule', (s) => (s.subsets[1].trafficPolicy.loadBalancer.consistentHash = { useSourceIp: true })))).toEqual([
        schema('/spec/subsets/1/trafficPolicy/loadBalancer', 'only one of [simple, consistentHash] may be set, got [simple, consistentHash]'),
      ]);
      expect(istio.validate(withSpec('DestinationRule', (s) => (s.trafficPolicy.portLevelSettings[0].loadBalancer.consistentHash.useSourceIp = true)))).toEqual([
        schema('/spec/trafficPolicy/portLevelSettings/0/loadBalancer/consistentHash',
          'only one of [httpHeaderName, httpCookie, useSourceIp, httpQueryParameterName] may be set, got [httpCookie, useSourceIp]'),
      ]);
    });

    it('a duplicate key in an x-kubernetes-list-type map', () => {
      expect(istio.validate(withSpec('ServiceEntry', (s) => (s.ports[1].name = 'https')))).toEqual([
        schema('/spec/ports/1', 'duplicate entry with name="https" (same as index 0)'),
      ]);
      expect(istio.validate(withSpec('WasmPlugin', (s) => s.match[0].ports.push({ number: 8080 })))).toEqual([
        schema('/spec/match/0/ports/2', 'duplicate entry with number=8080 (same as index 0)'),
      ]);
    });

    it('an apiVersion the CRD does not serve, and objects without apiVersion or kind', () => {
      expect(istio.validate({ ...VALID.VirtualService, apiVersion: 'networking.istio.io/v2' })).toEqual([
        schema('/apiVersion', 'VirtualService is not served as networking.istio.io/v2; ' +
          'served versions: [networking.istio.io/v1, networking.istio.io/v1alpha3, networking.istio.io/v1beta1]'),
      ]);
      expect(istio.validate({ kind: 'Gateway', spec: {} })).toEqual([schema('/apiVersion', 'missing required field "apiVersion"')]);
      expect(istio.validate({ apiVersion: 'networking.istio.io/v1', kind: 7 })).toEqual([schema('/kind', 'must be string, got integer 7')]);
      expect(istio.validate('VirtualService')).toEqual([schema('', 'must be object, got string "VirtualService"')]);
    });

    it('nothing for kinds no CRD defines, but says so', () => {
      expect(istio.validate({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x' } })).toEqual([{
        check: ValidationCheck.NOT_CHECKED,
        path: '',
        severity: FindingSeverity.INFO,
        message: 'apps/v1 Deployment is not defined by any of the loaded CRDs; the object was not checked',
      }]);
    });
  });

  describe('CEL rules', () => {
    it('rejects a duration below 1ms', () => {
      expect(istio.validate(withSpec('DestinationRule', (s) => (s.trafficPolicy.connectionPool.tcp.connectTimeout = '0.5ms')))).toEqual([
        cel('/spec/trafficPolicy/connectionPool/tcp/connectTimeout', 'must be a valid duration greater than 1ms', DURATION_RULE),
      ]);
    });

    it('rejects DNS_ROUND_ROBIN with two endpoints', () => {
      const obj = withSpec('ServiceEntry', (s) => {
        s.resolution = 'DNS_ROUND_ROBIN';
        s.endpoints.push({ address: 'api-2.example.com' });
      });
      expect(istio.validate(obj)).toEqual([
        cel('/spec', 'DNS_ROUND_ROBIN mode cannot have multiple endpoints',
          '((has(self.resolution) ? self.resolution : "") == "DNS_ROUND_ROBIN") ? ((has(self.endpoints) ? self.endpoints : []).size() <= 1) : true'),
      ]);
    });

    it('rejects duplicate ServiceEntry port numbers (a rule on a list)', () => {
      expect(istio.validate(withSpec('ServiceEntry', (s) => (s.ports[1].number = 443)))).toEqual([
        cel('/spec/ports', 'port number cannot be duplicated', 'self.all(l1, self.exists_one(l2, l1.number == l2.number))'),
      ]);
    });

    it('rejects portLevelMtls without a selector', () => {
      expect(istio.validate(withSpec('PeerAuthentication', (s) => delete s.selector))).toEqual([
        cel('/spec', 'portLevelMtls requires selector',
          'has(self.portLevelMtls) ? (((has(self.selector) && has(self.selector.matchLabels)) ? self.selector.matchLabels : {}).size() > 0) : true'),
      ]);
    });

    it('rejects a jwksUri with an ftp scheme', () => {
      expect(istio.validate(withSpec('RequestAuthentication', (s) => (s.jwtRules[0].jwksUri = 'ftp://keys.example.com/jwks.json')))).toEqual([
        cel('/spec/jwtRules/0/jwksUri', 'url must have scheme http:// or https://', 'url(self).getScheme() in ["http", "https"]'),
      ]);
    });

    it('rejects wildcards in selector label keys and values', () => {
      expect(istio.validate(withSpec('AuthorizationPolicy', (s) => (s.selector.matchLabels = { 'app*': 'reviews', 'version': '*' })))).toEqual([
        cel('/spec/selector/matchLabels', 'wildcard not allowed in label key match', 'self.all(key, !key.contains("*"))'),
        cel('/spec/selector/matchLabels/version', 'wildcard not allowed in label value match', '!self.contains("*")'),
      ]);
    });

    it('rejects both selector and targetRef', () => {
      const obj = withSpec('AuthorizationPolicy', (s) => (s.targetRef = { group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'waypoint' }));
      expect(istio.validate(obj)).toEqual([cel('/spec', 'only one of targetRefs or selector can be set', SELECTOR_RULE)]);
    });

    it('rejects a Telemetry tag UPSERT without a value, inside a map of objects', () => {
      expect(istio.validate(withSpec('Telemetry', (s) => (s.metrics[0].overrides[0].tagOverrides.app.value = '')))).toEqual([
        cel('/spec/metrics/0/overrides/0/tagOverrides/app', 'value must be set when operation is UPSERT',
          '((has(self.operation) ? self.operation : "") == "UPSERT") ? (self.value != "") : true'),
      ]);
    });

    it('treats a rule that cannot be evaluated as a rejection', () => {
      expect(istio.validate(withSpec('RequestAuthentication', (s) => (s.jwtRules[0].jwksUri = 'not a url')))).toEqual([{
        check: ValidationCheck.CEL,
        path: '/spec/jwtRules/0/jwksUri',
        message: 'CEL rule could not be evaluated: URL parse error during conversion from string: parse "not a url": invalid URI for request ' +
          '(rule: url(self).getScheme() in ["http", "https"])',
      }]);
      expect(istio.validate(withSpec('DestinationRule', (s) => (s.trafficPolicy.outlierDetection.interval = 'five minutes')))).toEqual([{
        check: ValidationCheck.CEL,
        path: '/spec/trafficPolicy/outlierDetection/interval',
        message: `CEL rule could not be evaluated: Invalid duration string: five minutes (rule: ${DURATION_RULE})`,
      }]);
    });

    it('accepts WasmPlugin URLs with and without a scheme, and rejects other schemes', () => {
      for (const url of ['oci://ghcr.io/a/b:1', 'ghcr.io/a/b:1', 'https://x.example/a.wasm', 'file:///opt/filter.wasm']) {
        expect(istio.validate(withSpec('WasmPlugin', (s) => (s.url = url)))).toEqual([]);
      }
      expect(istio.validate(withSpec('WasmPlugin', (s) => (s.url = 'ftp://x.example/a.wasm')))).toHaveLength(1);
    });
  });
});

/** Every distinct rule of the Istio CRDs with a value that passes and one that fails (CEL values: ints are BigInts). */
const RULE_SAMPLES: Record<string, { pass: unknown; fail: unknown }> = {
  '(has(self.selector) ? 1 : 0) + (has(self.targetRefs) ? 1 : 0) <= 1': { pass: { selector: {} }, fail: { selector: {}, targetRefs: [] } },
  [SELECTOR_RULE]: { pass: { targetRef: {} }, fail: { selector: {}, targetRefs: [] } },
  '(has(self.workloadSelector) ? 1 : 0) + (has(self.targetRefs) ? 1 : 0) <= 1': { pass: {}, fail: { workloadSelector: {}, targetRefs: [] } },
  '(has(self.workloadSelector) ? 1 : 0) + (has(self.endpoints) ? 1 : 0) <= 1': { pass: { endpoints: [] }, fail: { workloadSelector: {}, endpoints: [] } },
  'has(self.wasm) != has(self.lua)': { pass: { wasm: {} }, fail: {} },
  'self.all(key, !key.contains("*"))': { pass: { app: 'a' }, fail: { 'a*': 'b' } },
  'self.all(key, key.size() != 0)': { pass: { app: 'a' }, fail: { '': 'b' } },
  '!self.contains("*")': { pass: 'reviews', fail: 'rev*' },
  'self.size() == 0': { pass: '', fail: 'other' },
  'isURL(self) ? (url(self).getScheme() in ["", "http", "https", "file", "oci"]) : (isURL("http://" + self) &&\nurl("http://" + self).getScheme() in ["", "http", "https", "file", "oci"])':
    { pass: 'ghcr.io/a/b:1.0', fail: 'ftp://a/b' },
  'isURL(self) ? (url(self).getScheme() in ["", "http", "https", "oci", "file"]) : (isURL("http://" + self) &&\nurl("http://" + self).getScheme() in ["", "http", "https", "oci", "file"])':
    { pass: 'oci://ghcr.io/a/b:1.0', fail: 'localhost:5000/a' },
  '(has(self.valueFrom) ? self.valueFrom : "") != "HOST" || !has(self.value)': { pass: { valueFrom: 'HOST' }, fail: { valueFrom: 'HOST', value: 'x' } },
  [DURATION_RULE]: { pass: '1ms', fail: '999us' },
  'has(self.context) ? ((self.context == "WAYPOINT") ? has(self.waypoint) : !has(self.waypoint)) : !has(self.waypoint)':
    { pass: { context: 'WAYPOINT', waypoint: {} }, fail: { waypoint: {} } },
  '0 < self && self <= 65535': { pass: 65535n, fail: 0n },
  '(has(self.tlsCertificates) ? 1 : 0) + (has(self.credentialNames) ? 1 : 0) <= 1': { pass: { credentialNames: [] }, fail: { credentialNames: [], tlsCertificates: [] } },
  '(has(self.credentialName) ? 1 : 0) + (has(self.credentialNames) ? 1 : 0) <= 1': { pass: { credentialName: 'a' }, fail: { credentialName: 'a', credentialNames: [] } },
  '(has(self.credentialNames) ? 1 : 0) + (has(self.tlsCertificates) ? 1 : 0) <= 1': { pass: { tlsCertificates: [] }, fail: { credentialNames: [], tlsCertificates: [] } },
  '!((has(self.addresses) ? self.addresses : []).exists(k, k.contains("/")) && !((has(self.resolution) ? self.resolution : "NONE") in ["STATIC", "NONE"]))':
    { pass: { addresses: ['10.0.0.0/8'], resolution: 'STATIC' }, fail: { addresses: ['10.0.0.0/8'], resolution: 'DNS' } },
  '((has(self.resolution) ? self.resolution : "NONE") == "NONE") ? !has(self.endpoints) : true': { pass: { resolution: 'STATIC', endpoints: [] }, fail: { endpoints: [] } },
  '((has(self.resolution) ? self.resolution : "") == "DNS_ROUND_ROBIN") ? ((has(self.endpoints) ? self.endpoints : []).size() <= 1) : true':
    { pass: { resolution: 'DNS_ROUND_ROBIN', endpoints: [{}] }, fail: { resolution: 'DNS_ROUND_ROBIN', endpoints: [{}, {}] } },
  'has(self.address) || has(self.network)': { pass: { network: 'n' }, fail: {} },
  '(has(self.address) ? self.address : "").startsWith("unix://") ? !has(self.ports) : true':
    { pass: { address: 'unix:///var/run/app.sock' }, fail: { address: 'unix:///var/run/app.sock', ports: { http: 80n } } },
  'self.startsWith("unix://") ? (self.substring(7, 8) == "/" || self.substring(7, 8) == "@") : true': { pass: 'unix://@abstract', fail: 'unix://relative' },
  'self.startsWith("unix://") ? !self.endsWith("/") : true': { pass: 'unix:///a.sock', fail: 'unix:///dir/' },
  'self.all(key, size(key) < 63 && key.matches("^[a-zA-Z0-9](?:[-a-zA-Z0-9]*[a-zA-Z0-9])?$"))': { pass: { 'http-web': 80n }, fail: { '-http': 80n } },
  'self != "*"': { pass: '*.example.com', fail: '*' },
  'self.all(l1, self.exists_one(l2, l1.number == l2.number))': { pass: [{ number: 80n }, { number: 443n }], fail: [{ number: 80n }, { number: 80n }] },
  'self in ["", "HTTP", "HTTPS"]': { pass: 'HTTPS', fail: 'TCP' },
  '(has(self.serviceAccounts) || has(self.notServiceAccounts)) ? (!has(self.principals) &&\n!has(self.notPrincipals) && !has(self.namespaces) && !has(self.notNamespaces)) : true':
    { pass: { serviceAccounts: ['a'] }, fail: { notServiceAccounts: ['a'], namespaces: ['b'] } },
  'has(self.portLevelMtls) ? (((has(self.selector) && has(self.selector.matchLabels)) ? self.selector.matchLabels : {}).size() > 0) : true':
    { pass: { portLevelMtls: {}, selector: { matchLabels: { app: 'a' } } }, fail: { portLevelMtls: {}, selector: {} } },
  'self.all(key, 0 < int(key) && int(key) <= 65535)': { pass: { 8080: {} }, fail: { 65536: {} } },
  '(has(self.jwksUri) ? 1 : 0) + (has(self.jwks_uri) ? 1 : 0) + (has(self.jwks) ? 1 : 0) <= 1': { pass: { jwks: '{}' }, fail: { jwks: '{}', jwks_uri: 'https://a' } },
  'url(self).getScheme() in ["http", "https"]': { pass: 'http://keys.example.com', fail: 'file:///keys.json' },
  '((has(self.operation) ? self.operation : "") == "UPSERT") ? (self.value != "") : true': { pass: { operation: 'UPSERT', value: 'x' }, fail: { operation: 'UPSERT', value: '' } },
  '((has(self.operation) ? self.operation : "") == "REMOVE") ? !has(self.value) : true': { pass: { operation: 'REMOVE' }, fail: { operation: 'REMOVE', value: 'x' } },
};

function rulesOf(node: unknown, found: Map<string, ValidationRuleSpec> = new Map()): Map<string, ValidationRuleSpec> {
  if (Array.isArray(node)) {
    node.forEach((n) => rulesOf(n, found));
  } else if (typeof node === 'object' && node !== null) {
    for (const spec of (node as any)['x-kubernetes-validations'] ?? []) found.set(`${spec.rule}\u0000${spec.message}`, spec);
    Object.values(node).forEach((n) => rulesOf(n, found));
  }
  return found;
}

describe('CelRule', () => {
  const check = (spec: ValidationRuleSpec, self: unknown): string | undefined => CelRule.compile(spec)!.check(self);

  it('skips transition rules, but evaluates optionalOldSelf rules with no old value', () => {
    expect(CelRule.compile({ rule: 'self == oldSelf' })).toBeUndefined();
    expect(check({ rule: '!oldSelf.hasValue() || self == oldSelf.value()', optionalOldSelf: true }, 'x')).toBeUndefined();
  });

  it('falls back to the message when the messageExpression fails, and to a generic text without a message', () => {
    expect(check({ rule: 'self > 1', message: 'too small', messageExpression: 'self.missing' }, 1n)).toBe('too small (rule: self > 1)');
    expect(check({ rule: 'self > 1' }, 1n)).toBe('failed validation rule (rule: self > 1)');
  });

  it('reports rules that do not compile or do not return a bool', () => {
    const broken = CelRule.compile({ rule: 'self.size() >', message: 'm' })!;
    expect(broken.compileError).toBe('Unexpected token: EOF');
    expect(broken.check('x')).toBe('CEL rule could not be evaluated: Unexpected token: EOF (rule: self.size() >)');
    expect(check({ rule: 'self.size()', message: 'm' }, 'x')).toBe('CEL rule could not be evaluated: it returned int, not bool (rule: self.size())');
  });

  it('has() accepts any operand, as in Kubernetes (cel-js alone accepts only a.b.c chains)', () => {
    const rule = { rule: 'has(self.items[0].name) && !has(self["map"].other)', message: 'm' };
    expect(check(rule, { items: [{ name: 'a' }], map: {} })).toBeUndefined();
    expect(check(rule, { items: [{}], map: {} })).toBe(`m (rule: ${rule.rule})`);
  });

  it('matches() reads RE2 syntax', () => {
    expect(check({ rule: 'self.matches(r"(?i)^[a-z]+\\z") && matches(self, "^(?P<word>A)")', message: 'm' }, 'Abc')).toBeUndefined();
    expect(check({ rule: "'has(x)'.matches('has') && self.matches('^a$')", message: 'm' }, 'a')).toBeUndefined();
  });

  it('implements the Kubernetes URL library on Go url.ParseRequestURI semantics', () => {
    const parts = { rule: 'false', messageExpression: '[u.getScheme(), u.getHost(), u.getHostname(), u.getPort(), u.getEscapedPath()].join("|")' };
    const show = (url: string): string | undefined => check({ ...parts, messageExpression: `cel.bind(u, url(self), ${parts.messageExpression})` }, url);
    expect(show('https://[::1]:8443/a%20b?x=1')).toBe('https|[::1]:8443|::1|8443|/a%20b (rule: false)');
    expect(show('HTTP://user@Example.com/')).toBe('http|Example.com|Example.com||/ (rule: false)');
    expect(show('/absolute/path')).toBe('||||/absolute/path (rule: false)');
    expect(check({ rule: 'url(self).getQuery()["x"] == ["1", "2"]' }, 'https://h/p?x=1&x=2')).toBeUndefined();
    for (const [url, valid] of [['https://a.example', true], ['mailto:a@b', true], ['a.example/x', false], ['http://a b', false], ['http://h:8x', false], ['', false]] as const) {
      expect(check({ rule: 'isURL(self)' }, url) === undefined).toBe(valid);
    }
  });

  it('supports isIP, optional field selection and the string extensions', () => {
    expect(check({ rule: 'isIP("10.0.0.1") && isIP("::1") && !isIP("10.0.0.01") && !isIP("fe80::1%eth0")' }, '')).toBeUndefined();
    expect(check({ rule: 'self.?missing.orValue("d") == "d" && self.name.split("/")[1].lowerAscii() == "b"' }, { name: 'a/B' })).toBeUndefined();
  });
});

describe('CEL rules of the pinned CRDs', () => {
  const istioRules = [...rulesOf(istioCrds()).values()];

  it('finds the 36 distinct Istio rules', () => {
    expect(new Set(istioRules.map((r) => r.rule)).size).toBe(36);
  });

  it.each(istioRules.map((r) => [r.rule.replace(/\s+/g, ' '), r] as const))('compiles and evaluates %s', (_text, spec) => {
    const rule = CelRule.compile(spec)!;
    expect(rule.compileError).toBeUndefined();
    const sample = RULE_SAMPLES[spec.rule];
    expect(sample, 'add a sample for this rule to RULE_SAMPLES').toBeDefined();
    expect(rule.check(sample.pass)).toBeUndefined();
    expect(rule.check(sample.fail)).toBe(`${spec.message} (rule: ${spec.rule.replace(/\s*\n\s*/g, ' ')})`);
  });

  it('compiles every rule of the Gateway API and AWS Lattice CRDs (the other pinned CRD sets)', () => {
    const crds = pinnedFiles(/^(gateway-api|aws-lattice)\//).flatMap((name) => readUpstreamDocuments(name)).filter((d) => d.kind === 'CustomResourceDefinition');
    const rules = [...rulesOf(crds).values()].map((spec) => CelRule.compile(spec)).filter((r): r is CelRule => r !== undefined);
    expect(rules.length).toBeGreaterThan(70);
    expect(rules.filter((r) => r.compileError).map((r) => `${r.text}: ${r.compileError}`)).toEqual([]);
  });
});

describe('CrdSchemaValidator with the Gateway API CRDs', () => {
  const crds = pinnedFiles(/^gateway-api\//).flatMap((name) => readUpstreamDocuments(name)).filter((d) => d.kind === 'CustomResourceDefinition');
  const gatewayApi = CrdSchemaValidator.fromCrds(crds);

  it('accepts a valid HTTPRoute, with defaults applied before the CEL rules run', () => {
    expect(gatewayApi.validate({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: 'reviews' },
      spec: {
        parentRefs: [{ name: 'gateway', namespace: 'istio-ingress' }],
        hostnames: ['reviews.example.com'],
        rules: [{
          matches: [{ path: { type: 'PathPrefix', value: '/api' } }],
          filters: [{ type: 'URLRewrite', urlRewrite: { path: { type: 'ReplacePrefixMatch', replacePrefixMatch: '/' } } }],
          backendRefs: [{ name: 'reviews', port: 9080, weight: 90 }, { name: 'reviews-canary', port: 9080, weight: 10 }],
        }],
      },
    })).toEqual([]);
  });

  it('explains a oneOf whose alternatives constrain other fields', () => {
    const gateway = (addresses: unknown[]): any => ({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: { name: 'gw' },
      spec: { gatewayClassName: 'istio', listeners: [{ name: 'http', port: 80, protocol: 'HTTP' }], addresses },
    });
    expect(gatewayApi.validate(gateway([{ value: '10.0.0.1' }]))).toEqual([]);
    expect(gatewayApi.validate(gateway([{ type: 'IPAddress', value: 'not-an-ip' }]))).toEqual([
      schema('/spec/addresses/0', 'must match exactly one of the oneOf alternatives: ' +
        '/value: must be an IPv4 address or an IPv6 address, got "not-an-ip" | /type: must not be one of [IPAddress], got "IPAddress"'),
    ]);
  });
});

/** A CRD that exercises what the Istio CRDs do not: int-or-string, sets, defaults, formats, fieldPath, messageExpression. */
const WIDGET_CRD = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'widgets.example.com' },
  spec: {
    group: 'example.com',
    names: { kind: 'Widget', plural: 'widgets' },
    scope: 'Namespaced',
    versions: ['v1', 'v1beta1', 'v0'].map((name) => ({
      name,
      served: name !== 'v0',
      storage: name === 'v1',
      deprecated: name === 'v1beta1',
      deprecationWarning: name === 'v1beta1' ? 'example.com/v1beta1 Widget is deprecated; use example.com/v1' : undefined,
      schema: {
        openAPIV3Schema: {
          'type': 'object',
          'x-kubernetes-validations': [{ rule: "self.metadata.name != 'forbidden'", message: 'this name is reserved' }],
          'properties': {
            spec: {
              'type': 'object',
              'required': ['size'],
              'x-kubernetes-validations': [
                { rule: '!has(self.min) || !has(self.max) || self.min <= self.max', messageExpression: "'min ' + string(self.min) + ' exceeds max ' + string(self.max)", fieldPath: '.min' },
                { rule: "self.mode != 'Slow' || has(self.max)", message: 'Slow mode needs max' },
                { rule: "!has(self.__namespace__) || self.__namespace__ != 'kube-system'", message: 'must not target kube-system' },
                { rule: 'self.size == oldSelf.size', message: 'size is immutable' },
              ],
              'properties': {
                size: {
                  'x-kubernetes-int-or-string': true,
                  'anyOf': [{ type: 'integer' }, { type: 'string' }],
                  'x-kubernetes-validations': [{ rule: 'type(self) == string || self > 0', message: 'size must be positive' }],
                },
                min: { type: 'integer', format: 'int32' },
                max: { type: 'integer', format: 'int32' },
                count: { type: 'integer', format: 'uint32' },
                ratio: { type: 'number', nullable: true, minimum: 0, maximum: 1, exclusiveMaximum: true },
                mode: { type: 'string', enum: ['Fast', 'Slow'], default: 'Fast' },
                namespace: { type: 'string' },
                created: { type: 'string', format: 'date-time' },
                code: { type: 'string', pattern: '(?i)^[a-z]+$' },
                tags: { 'type': 'array', 'items': { type: 'string' }, 'x-kubernetes-list-type': 'set' },
                aliases: { type: 'array', items: { type: 'string', nullable: true } },
                ports: {
                  'type': 'array',
                  'x-kubernetes-list-type': 'map',
                  'x-kubernetes-list-map-keys': ['name', 'protocol'],
                  'items': {
                    type: 'object',
                    required: ['name'],
                    properties: { name: { type: 'string' }, protocol: { type: 'string', default: 'TCP' }, port: { type: 'integer' } },
                  },
                },
                parts: {
                  type: 'array',
                  items: {
                    'type': 'object',
                    'properties': { weight: { type: 'integer' } },
                    'x-kubernetes-validations': [{ rule: 'self.weight >= 0', message: 'weight must not be negative' }],
                  },
                },
                labels: { type: 'object', additionalProperties: { type: 'string', maxLength: 5 }, maxProperties: 2 },
                config: {
                  'type': 'object',
                  'x-kubernetes-preserve-unknown-fields': true,
                  'properties': { known: { type: 'object', properties: { level: { type: 'integer' } } } },
                },
                raw: { 'x-kubernetes-preserve-unknown-fields': true },
                empty: { type: 'object' },
                template: {
                  'type': 'object',
                  'x-kubernetes-embedded-resource': true,
                  'properties': { spec: { 'type': 'object', 'x-kubernetes-preserve-unknown-fields': true } },
                },
                source: {
                  type: 'object',
                  properties: { git: { type: 'string' }, image: { type: 'string' } },
                  oneOf: [{ required: ['git'] }, { required: ['image'] }],
                },
                contact: {
                  type: 'object',
                  properties: { email: { type: 'string' }, phone: { type: 'string' } },
                  anyOf: [{ required: ['email'] }, { required: ['phone'] }],
                },
              },
            },
            status: { type: 'object', properties: { ready: { type: 'boolean' } } },
          },
        },
      },
    })),
  },
};

describe('CrdSchemaValidator with a hand-written CRD', () => {
  const widgets = CrdSchemaValidator.fromCrds([WIDGET_CRD]);
  const widget = (spec: Record<string, unknown>, name: string = 'w'): any => ({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name }, spec });

  it('accepts a full widget', () => {
    expect(widgets.validate(widget({
      size: '10Gi',
      min: 1,
      max: 2,
      count: 4294967295,
      ratio: 0.5,
      mode: 'Slow',
      namespace: 'apps',
      created: '2024-02-29T12:00:00Z',
      code: 'AbC',
      tags: ['a', 'b'],
      aliases: ['x', null],
      ports: [{ name: 'http', port: 80 }, { name: 'http', protocol: 'UDP', port: 80 }],
      parts: [{ weight: 0 }, { weight: 3 }],
      labels: { a: 'short' },
      config: { known: { level: 3 }, anything: { else: [1, 'two'] } },
      raw: [1, { two: 2 }],
      empty: {},
      template: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c' }] } },
      source: { git: 'https://example.com/repo.git' },
      contact: { phone: '555' },
    }))).toEqual([]);
  });

  it('accepts int-or-string values both ways, and rejects other types', () => {
    expect(widgets.validate(widget({ size: 3 }))).toEqual([]);
    expect(widgets.validate(widget({ size: '3Gi' }))).toEqual([]);
    expect(widgets.validate(widget({ size: true }))).toEqual([schema('/spec/size', 'must be integer or string, got boolean true'), CEL_SKIPPED]);
    expect(widgets.validate(widget({ size: 1.5 }))).toEqual([schema('/spec/size', 'must be integer or string, got number 1.5'), CEL_SKIPPED]);
  });

  it('exposes integers as CEL ints, int-or-string values as they are', () => {
    expect(widgets.validate(widget({ size: 0 }))).toEqual([cel('/spec/size', 'size must be positive', 'type(self) == string || self > 0')]);
    expect(widgets.validate(widget({ size: '0' }))).toEqual([]);
  });

  it('allows null only where nullable (and drops non-nullable nulls from objects, as the API server does)', () => {
    expect(widgets.validate(widget({ size: 1, ratio: null, min: null, aliases: [null] }))).toEqual([]);
    expect(widgets.validate(widget({ size: 1, tags: [null] }))).toEqual([schema('/spec/tags/0', 'must be string, got null'), CEL_SKIPPED]);
  });

  it('applies defaults before validating, as the API server does', () => {
    expect(widgets.validate(widget({ size: 1, mode: null }))).toEqual([]);
    expect(widgets.validate(widget({ size: 1, ports: [{ name: 'dns' }, { name: 'dns', protocol: 'TCP' }] }))).toEqual([
      schema('/spec/ports/1', 'duplicate entry with name="dns", protocol="TCP" (same as index 0)'),
    ]);
  });

  it('rejects duplicates in a set', () => {
    expect(widgets.validate(widget({ size: 1, tags: ['a', 'b', 'a'] }))).toEqual([schema('/spec/tags/2', 'duplicate entry "a" (same as index 0)')]);
  });

  it('checks formats and ranges', () => {
    expect(widgets.validate(widget({ size: 1, min: 2147483648, count: -1, created: 'yesterday', ratio: 1 }))).toEqual([
      schema('/spec/min', 'must be a 32-bit integer (-2147483648 to 2147483647), got 2147483648'),
      schema('/spec/count', 'must be an unsigned 32-bit integer (0 to 4294967295), got -1'),
      schema('/spec/ratio', 'must be < 1, got 1'),
      schema('/spec/created', 'must be an RFC 3339 date-time, got "yesterday"'),
    ]);
  });

  it('reads patterns as RE2 (flags such as (?i))', () => {
    expect(widgets.validate(widget({ size: 1, code: 'a1' }))).toEqual([schema('/spec/code', 'must match pattern "(?i)^[a-z]+$", got "a1"')]);
  });

  it('checks map values and entry counts', () => {
    expect(widgets.validate(widget({ size: 1, labels: { a: 'toolong', b: 'x', c: 'y' } }))).toEqual([
      schema('/spec/labels', 'must have at most 2 entries, got 3'),
      schema('/spec/labels/a', 'must be at most 5 characters long, got 7'),
    ]);
  });

  it('rejects unknown fields below explicit properties of a preserve-unknown-fields object, and in empty objects', () => {
    expect(widgets.validate(widget({ size: 1, config: { known: { level: 1, extra: 2 } }, empty: { a: 1 }, template: { kind: 'Pod', status: {} } }))).toEqual([
      unknownField('/spec/config/known/extra'),
      unknownField('/spec/empty/a'),
      unknownField('/spec/template/status'),
    ]);
  });

  it('explains oneOf and anyOf of required fields', () => {
    expect(widgets.validate(widget({ size: 1, source: {}, contact: {} }))).toEqual([
      schema('/spec/source', 'exactly one of [git, image] must be set, got none'),
      schema('/spec/contact', 'at least one of [email, phone] must be set'),
    ]);
    expect(widgets.validate(widget({ size: 1, source: { git: 'a', image: 'b' } }))).toEqual([
      schema('/spec/source', 'exactly one of [git, image] must be set, got [git, image]'),
    ]);
  });

  it('reports a rule at its fieldPath, with its messageExpression', () => {
    expect(widgets.validate(widget({ size: 1, min: 5, max: 3 }))).toEqual([
      cel('/spec/min', 'min 5 exceeds max 3', '!has(self.min) || !has(self.max) || self.min <= self.max'),
    ]);
  });

  it('evaluates rules on defaulted values, escaped property names, list items and the root', () => {
    expect(widgets.validate(widget({ size: 1, mode: 'Slow', namespace: 'kube-system', parts: [{ weight: 1 }, { weight: -1 }] }, 'forbidden'))).toEqual([
      cel('', 'this name is reserved', "self.metadata.name != 'forbidden'"),
      cel('/spec', 'Slow mode needs max', "self.mode != 'Slow' || has(self.max)"),
      cel('/spec', 'must not target kube-system', "!has(self.__namespace__) || self.__namespace__ != 'kube-system'"),
      cel('/spec/parts/1', 'weight must not be negative', 'self.weight >= 0'),
    ]);
  });

  it('ignores status, reports deprecated versions and refuses versions that are not served', () => {
    expect(widgets.validate({ ...widget({ size: 1 }), status: { ready: 'maybe', extra: 1 } })).toEqual([]);
    expect(widgets.validate({ ...widget({ size: 1 }), apiVersion: 'example.com/v1beta1' })).toEqual([
      { ...schema('/apiVersion', 'example.com/v1beta1 Widget is deprecated; use example.com/v1'), severity: FindingSeverity.INFO },
    ]);
    expect(widgets.validate({ ...widget({ size: 1 }), apiVersion: 'example.com/v0' })).toEqual([
      schema('/apiVersion', 'Widget is not served as example.com/v0; served versions: [example.com/v1, example.com/v1beta1]'),
    ]);
  });

  it('does not modify the object it validates', () => {
    const obj = widget({ size: 1, mode: null, ports: [{ name: 'a' }] });
    const copy = structuredClone(obj);
    widgets.validate(obj);
    expect(obj).toEqual(copy);
  });

  it('refuses documents that are not CRDs', () => {
    expect(() => CrdSchemaValidator.fromCrds([{ apiVersion: 'v1', kind: 'ConfigMap' }])).toThrow(
      'CrdSchemaValidator: expected CustomResourceDefinition documents, got v1 ConfigMap');
  });
});
