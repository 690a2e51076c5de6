import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { describe, expect, it } from 'vitest';
import { constructErrors, newChart, one, synth } from './util';
import {
  AuthorizationAction, AuthorizationPolicy, AuthorizationPolicyProps, AuthorizationRule, ConditionKey, EgressGateway, Host, IngressGateway,
  Peer, PolicyTargetRef, Principal, WorkloadSelector,
} from '../../src';

const web = WorkloadSelector.fromLabels({ app: 'web' });

describe('AuthorizationPolicy', () => {
  it('renders typed sources, operations and conditions', () => {
    const chart = newChart();
    const sa = new kplus.ServiceAccount(chart, 'Front', { metadata: { name: 'front' } });
    const policy = new AuthorizationPolicy(chart, 'Ap', {
      metadata: { name: 'web' },
      selector: web,
      rules: [{
        from: [
          { principals: [Principal.fromServiceAccount(sa), Principal.of('cluster.local/ns/ops/sa/*')], notPrincipals: [Principal.serviceAccount('shop', 'legacy')] },
          { namespaces: ['monitoring', 'team-*'], notNamespaces: ['team-x'], ipBlocks: ['10.0.0.0/8'], notIpBlocks: ['10.1.0.0/16'] },
          { requestPrincipals: ['https://accounts.example.com/*'], notRequestPrincipals: ['https://accounts.example.com/blocked'] },
          { serviceAccounts: ['shop/front', 'batch'], notServiceAccounts: ['shop/legacy'] },
          { remoteIpBlocks: ['203.0.113.0/24', '2001:db8::/32'], notRemoteIpBlocks: ['203.0.113.7'] },
        ],
        to: [{
          hosts: [Host.fromName('web.example.com'), Host.wildcard('example.org')],
          notHosts: [Host.fromName('admin.example.com')],
          ports: [8080],
          notPorts: [9090],
          methods: ['GET', 'POST'],
          notMethods: ['DELETE'],
          paths: ['/api/*', '/users/{*}/orders/{**}'],
          notPaths: ['*.php', '/admin'],
        }],
        when: [
          { key: ConditionKey.requestClaim('groups'), values: ['admins'] },
          { key: ConditionKey.requestClaim('realm_access', 'roles'), notValues: ['guest'] },
          { key: ConditionKey.requestHeader('x-tenant'), values: ['acme'] },
          { key: ConditionKey.sourceIp(), values: ['10.0.0.0/8'] },
          { key: ConditionKey.remoteIp(), notValues: ['192.0.2.1'] },
          { key: ConditionKey.sourceNamespace(), values: ['shop'] },
          { key: ConditionKey.sourceServiceAccount(), values: ['shop/front'] },
          { key: ConditionKey.sourcePrincipal(), values: ['cluster.local/ns/shop/sa/front'] },
          { key: ConditionKey.requestPrincipal(), values: ['https://accounts.example.com/1'] },
          { key: ConditionKey.requestAudiences(), values: ['web'] },
          { key: ConditionKey.requestPresenter(), values: ['cli'] },
          { key: ConditionKey.destinationIp(), values: ['10.0.0.1'] },
          { key: ConditionKey.destinationPort(), values: ['8080'] },
          { key: ConditionKey.connectionSni(), values: ['web.example.com'] },
          { key: ConditionKey.of('experimental.envoy.filters.network.mysql_proxy[db.table]'), values: ['[update]'] },
          { key: ConditionKey.of('request.auth.claims[iss]'), values: ['https://accounts.example.com'] },
        ],
      }],
    });
    const spec = one(synth(chart), 'AuthorizationPolicy').spec;
    expect(spec.action).toEqual('ALLOW');
    expect(spec.selector).toEqual({ matchLabels: { app: 'web' } });
    expect(spec.rules[0].from).toEqual([
      { source: { principals: ['cluster.local/ns/shop/sa/front', 'cluster.local/ns/ops/sa/*'], notPrincipals: ['cluster.local/ns/shop/sa/legacy'] } },
      { source: { namespaces: ['monitoring', 'team-*'], notNamespaces: ['team-x'], ipBlocks: ['10.0.0.0/8'], notIpBlocks: ['10.1.0.0/16'] } },
      { source: { requestPrincipals: ['https://accounts.example.com/*'], notRequestPrincipals: ['https://accounts.example.com/blocked'] } },
      { source: { serviceAccounts: ['shop/front', 'batch'], notServiceAccounts: ['shop/legacy'] } },
      { source: { remoteIpBlocks: ['203.0.113.0/24', '2001:db8::/32'], notRemoteIpBlocks: ['203.0.113.7'] } },
    ]);
    expect(spec.rules[0].to).toEqual([{
      operation: {
        hosts: ['web.example.com', '*.example.org'],
        notHosts: ['admin.example.com'],
        ports: ['8080'],
        notPorts: ['9090'],
        methods: ['GET', 'POST'],
        notMethods: ['DELETE'],
        paths: ['/api/*', '/users/{*}/orders/{**}'],
        notPaths: ['*.php', '/admin'],
      },
    }]);
    expect(spec.rules[0].when.map((w: any) => w.key)).toEqual([
      'request.auth.claims[groups]', 'request.auth.claims[realm_access][roles]', 'request.headers[x-tenant]', 'source.ip', 'remote.ip',
      'source.namespace', 'source.serviceAccount', 'source.principal', 'request.auth.principal', 'request.auth.audiences',
      'request.auth.presenter', 'destination.ip', 'destination.port', 'connection.sni',
      'experimental.envoy.filters.network.mysql_proxy[db.table]', 'request.auth.claims[iss]',
    ]);
    expect(spec.rules[0].when[1]).toEqual({ key: 'request.auth.claims[realm_access][roles]', notValues: ['guest'] });
    expect([policy.action, policy.ruleCount, policy.namespace, policy.trustDomain]).toEqual([AuthorizationAction.ALLOW, 1, 'shop', 'cluster.local']);
  });

  it('allowFrom() admits ServiceAccounts, gateways and principals by identity and namespaces by name, in its trust domain', () => {
    const app = Testing.app();
    const mesh = new Chart(app, 'mesh');
    const ingress = new IngressGateway(mesh, 'Ingress');
    const chart = new Chart(app, 'test', { namespace: 'shop' });
    const front = new kplus.ServiceAccount(chart, 'Front', { metadata: { name: 'front' } });
    const imported = kplus.ServiceAccount.fromServiceAccountName(chart, 'Batch', 'batch', { namespaceName: 'jobs' });
    const monitoring = new kplus.Namespace(chart, 'Monitoring', { metadata: { name: 'monitoring' } });
    const policy = new AuthorizationPolicy(chart, 'Ap', { metadata: { name: 'web' }, selector: web, trustDomain: 'prod.example.com' });
    expect(policy.allowFrom([
      Peer.serviceAccount(front), Peer.serviceAccount(imported), Peer.gateway(ingress), Peer.serviceAccountName('ops', 'deployer', 'cluster.local'),
      Peer.principal(Principal.anyAuthenticated()), Peer.namespace(monitoring), Peer.namespaceName('tools'), Peer.serviceAccount(front),
    ], { to: [{ methods: ['GET'] }], when: [{ key: ConditionKey.requestHeader('x-env'), values: ['prod'] }] })).toEqual(0);
    expect(policy.allowFrom([Peer.namespaceName('audit')])).toEqual(1);
    expect(one(synth(chart), 'AuthorizationPolicy').spec.rules).toEqual([
      {
        from: [
          {
            source: {
              principals: [
                'prod.example.com/ns/shop/sa/front',
                'prod.example.com/ns/jobs/sa/batch',
                'prod.example.com/ns/istio-system/sa/istio-ingressgateway-service-account',
                'cluster.local/ns/ops/sa/deployer',
                '*',
              ],
            },
          },
          { source: { namespaces: ['monitoring', 'tools'] } },
        ],
        to: [{ operation: { methods: ['GET'] } }],
        when: [{ key: 'request.headers[x-env]', values: ['prod'] }],
      },
      { from: [{ source: { namespaces: ['audit'] } }] },
    ]);
  });

  it('renders allow-nothing, deny-all, CUSTOM and AUDIT policies, and targetRefs', () => {
    const chart = newChart();
    const svc = new kplus.Service(chart, 'Web', { metadata: { name: 'web' }, ports: [{ port: 80 }] });
    AuthorizationPolicy.allowNothing(chart, 'Nothing', { metadata: { name: 'allow-nothing' } });
    AuthorizationPolicy.denyAll(chart, 'DenyAll', { metadata: { name: 'deny-all' }, selector: web });
    new AuthorizationPolicy(chart, 'Custom', {
      metadata: { name: 'ext-authz' },
      action: AuthorizationAction.CUSTOM,
      provider: 'opa',
      targetRefs: [PolicyTargetRef.kubernetesGateway('public')],
      rules: [{ to: [{ paths: ['/admin/*'] }], when: [{ key: ConditionKey.remoteIp(), notValues: ['10.0.0.0/8'] }] }],
    });
    new AuthorizationPolicy(chart, 'Audit', {
      metadata: { name: 'audit' },
      action: AuthorizationAction.AUDIT,
      targetRefs: [PolicyTargetRef.fromService(svc), PolicyTargetRef.service('api'), PolicyTargetRef.serviceEntry('ext'), PolicyTargetRef.gatewayClass('istio')],
      rules: [{ to: [{ methods: ['DELETE'] }] }],
    });
    const objects = synth(chart).filter((o) => o.kind === 'AuthorizationPolicy');
    expect(objects.map((o) => [o.metadata.name, o.spec])).toEqual([
      ['allow-nothing', {}],
      ['deny-all', { action: 'DENY', selector: { matchLabels: { app: 'web' } }, rules: [{}] }],
      ['ext-authz', {
        action: 'CUSTOM',
        provider: { name: 'opa' },
        targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'public' }],
        rules: [{ to: [{ operation: { paths: ['/admin/*'] } }], when: [{ key: 'remote.ip', notValues: ['10.0.0.0/8'] }] }],
      }],
      ['audit', {
        action: 'AUDIT',
        targetRefs: [
          { group: '', kind: 'Service', name: 'web' },
          { group: '', kind: 'Service', name: 'api' },
          { group: 'networking.istio.io', kind: 'ServiceEntry', name: 'ext' },
          { group: 'gateway.networking.k8s.io', kind: 'GatewayClass', name: 'istio' },
        ],
        rules: [{ to: [{ operation: { methods: ['DELETE'] } }] }],
      }],
    ]);
    expect(constructErrors(chart)).toEqual([]);
    expect(objects).toMatchSnapshot();
  });
});

describe('AuthorizationPolicy validation', () => {
  const ap = (p: AuthorizationPolicyProps) => () => new AuthorizationPolicy(newChart(), 'Ap', p);
  const rule = (r: AuthorizationRule, action?: AuthorizationAction) => ap({ action, provider: action === AuthorizationAction.CUSTOM ? 'opa' : undefined, rules: [r] });
  const from = (source: object) => rule({ from: [source] });
  const to = (operation: object) => rule({ to: [operation] });

  it.each<[string, () => unknown, string]>([
    ['selector with targetRefs', ap({ selector: web, targetRefs: [PolicyTargetRef.service('web')] }),
      'test/Ap: targetRefs: cannot be combined with selector, got both; select workloads or target gateways/services, not both'],
    ['empty targetRefs', ap({ targetRefs: [] }), 'test/Ap: targetRefs: must list 1 to 16 targets, got 0; leave targetRefs out to use the selector'],
    ['a bad target name', ap({ targetRefs: [PolicyTargetRef.service('Web')] }),
      "test/Ap: targetRefs[0].name: must be a DNS-1123 subdomain, got 'Web'; use the Service's metadata.name"],
    ['CUSTOM without provider', ap({ action: AuthorizationAction.CUSTOM }),
      'test/Ap: provider: is required with action CUSTOM, got undefined; name the extension provider (meshConfig.extensionProviders, ' +
      'e.g. ExtensionProvider.extAuthzHttp()) that decides'],
    ['a provider without CUSTOM', ap({ provider: 'opa' }),
      "test/Ap: provider: applies only to action CUSTOM, got provider 'opa' with ALLOW; remove provider or use AuthorizationAction.CUSTOM"],
    ['a bad provider name', ap({ action: AuthorizationAction.CUSTOM, provider: 'my opa' }),
      "test/Ap: provider: must be an extension provider name (letters, digits, '-', '_' or '.'), got 'my opa'; use the name given in meshConfig.extensionProviders"],
    ['a bad trust domain', ap({ trustDomain: 'Cluster.Local' }),
      "test/Ap: trustDomain: must be a trust domain (a lowercase DNS name such as 'cluster.local'), got 'Cluster.Local'; use the mesh's trust domain (Istiod trustDomain)"],
    ['an empty DENY rule', rule({}, AuthorizationAction.DENY),
      'test/Ap: rules[0]: is empty and would match every request, got {}; use AuthorizationPolicy.denyAll() if every request should be denied'],
    ['an empty ALLOW rule', rule({}),
      'test/Ap: rules[0]: is empty and would match every request, got {}; give from, to or when; to admit everything, do not create an ALLOW policy for these workloads'],
    ['an empty from list', rule({ from: [] }), 'test/Ap: rules[0].from: must not be an empty list, got []; leave from out to match everything'],
    ['an empty field list', from({ principals: [] }), 'test/Ap: rules[0].from[0].principals: must not be an empty list, got []; leave it out to match everything'],
    ['an empty source', from({}), 'test/Ap: rules[0].from[0]: must set at least one field, got an empty source; leave the source out to match every caller'],
    ['an empty operation', to({}), 'test/Ap: rules[0].to[0]: must set at least one field, got an empty operation; leave the operation out to match every request'],
    ['serviceAccounts with principals', from({ serviceAccounts: ['shop/a'], namespaces: ['shop'] }),
      'test/Ap: rules[0].from[0].serviceAccounts: cannot be combined with principals or namespaces in one source, got both; put them in separate sources (any source may match)'],
    ['more than 16 serviceAccounts', from({ serviceAccounts: Array.from({ length: 17 }, (_, i) => `sa-${i}`) }),
      'test/Ap: rules[0].from[0].serviceAccounts: may list at most 16 ServiceAccounts, got 17; split them over several sources'],
    ['a bad serviceAccount', from({ serviceAccounts: ['shop/*'] }),
      "test/Ap: rules[0].from[0].serviceAccounts[0]: must be '<namespace>/<service account>' or '<service account>' without wildcards, got 'shop/*'; e.g. 'shop/checkout'"],
    ['a bad namespace', from({ namespaces: ['Shop'] }),
      "test/Ap: rules[0].from[0].namespaces[0]: must be a namespace name (DNS-1123 label), optionally with '*' at the start or end, got 'Shop'; e.g. 'shop' or 'team-*'"],
    ['a bad request principal', from({ requestPrincipals: ['alice'] }),
      "test/Ap: rules[0].from[0].requestPrincipals[0]: must be '<issuer>/<subject>' of a validated JWT, optionally with '*' at the start or end, got 'alice'; " +
      "e.g. 'https://accounts.example.com/1234' or '*' for any valid token"],
    ['a bad IP block', from({ ipBlocks: ['10.0.0.0/33'] }),
      "test/Ap: rules[0].from[0].ipBlocks[0]: must be an IPv4 or IPv6 address or CIDR block, got '10.0.0.0/33'; e.g. '10.0.0.0/16' or '192.0.2.7'"],
    ['a principal with scheme', from({ principals: [Principal.of('spiffe://cluster.local/ns/a/sa/b')] }),
      "test/Ap: rules[0].from[0].principals[0]: must not include the spiffe:// scheme, got 'spiffe://cluster.local/ns/a/sa/b'; write 'cluster.local/ns/a/sa/b'"],
    ['a principal with a wildcard inside', from({ principals: [Principal.of('cluster.local/ns/*/sa/b')] }),
      "test/Ap: rules[0].from[0].principals[0]: may contain '*' only once, at the start or the end, got 'cluster.local/ns/*/sa/b'; " +
      "write '<trust domain>/ns/<namespace>/sa/<service account>' (e.g. 'cluster.local/ns/shop/sa/checkout'), or use Principal.fromServiceAccount()"],
    ['a malformed principal', from({ principals: [Principal.of('shop/checkout')] }),
      "test/Ap: rules[0].from[0].principals[0]: must be a SPIFFE identity without scheme, got 'shop/checkout'; " +
      "write '<trust domain>/ns/<namespace>/sa/<service account>' (e.g. 'cluster.local/ns/shop/sa/checkout'), or use Principal.fromServiceAccount()"],
    ['a principal in a bad namespace', from({ principals: [Principal.serviceAccount('Shop', 'a')] }),
      "test/Ap: rules[0].from[0].principals[0]: namespace must be a DNS-1123 label, got 'Shop'; use the ServiceAccount's namespace"],
    ['a principal with a bad account name', from({ principals: [Principal.serviceAccount('shop', 'A_B')] }),
      "test/Ap: rules[0].from[0].principals[0]: service account name must be a DNS-1123 subdomain, got 'A_B'; use the ServiceAccount's metadata.name"],
    ['a principal with a bad trust domain', from({ principals: [Principal.allInNamespace('shop', 'not a domain')] }),
      "test/Ap: rules[0].from[0].principals[0].trustDomain: must be a trust domain (a lowercase DNS name such as 'cluster.local'), got 'not a domain'; " +
      "use the mesh's trust domain (Istiod trustDomain)"],
    ['a bad port', to({ ports: [70000] }), "test/Ap: rules[0].to[0].ports[0]: must be a port number from 1 to 65535, got 70000; use the workload's container port"],
    ['a lowercase method', to({ methods: ['get'] }), "test/Ap: rules[0].to[0].methods[0]: must be an uppercase HTTP method, got 'get'; e.g. 'GET' or 'POST'"],
    ['a relative path', to({ paths: ['api'] }),
      "test/Ap: rules[0].to[0].paths[0]: must start with '/' (or be a '*' match), got 'api'; e.g. '/api/v1/products', '/static/*', '*.png' or '/users/{*}/orders'"],
    ['a misplaced path template', to({ paths: ['/a/{**}/b/{*}'] }),
      "test/Ap: rules[0].to[0].paths[0]: uses path templates wrongly, got '/a/{**}/b/{*}'; '{*}' and '{**}' must be whole segments, '{**}' the last template, " +
      "and other segments plain characters — e.g. '/api/v1/products', '/static/*', '*.png' or '/users/{*}/orders'"],
    ['a wildcard inside a path', to({ paths: ['/a*b/*'] }),
      "test/Ap: rules[0].to[0].paths[0]: may contain '*' only once, at the start or the end, got '/a*b/*'; e.g. '/api/v1/products', '/static/*', '*.png' or '/users/{*}/orders'"],
    ['a condition without values', rule({ when: [{ key: ConditionKey.sourceIp() }] }),
      'test/Ap: rules[0].when[0]: must give values or notValues, got neither for source.ip; list the values the attribute must (not) have'],
    ['an empty condition value', rule({ when: [{ key: ConditionKey.sourceNamespace(), values: [''] }] }),
      "test/Ap: rules[0].when[0].values[0]: must not be empty, got ''; give a value for source.namespace"],
    ['a bad IP condition value', rule({ when: [{ key: ConditionKey.destinationIp(), notValues: ['10.0.0.300'] }] }),
      "test/Ap: rules[0].when[0].notValues[0]: must be an IPv4 or IPv6 address or CIDR block, got '10.0.0.300'; e.g. '10.0.0.0/16' or '192.0.2.7'"],
    ['a bad port condition value', rule({ when: [{ key: ConditionKey.destinationPort(), values: ['http'] }] }),
      "test/Ap: rules[0].when[0].values[0]: must be a port number from 0 to 65535, got 'http'; write the port as a decimal string"],
    ['a bad serviceAccount condition value', rule({ when: [{ key: ConditionKey.sourceServiceAccount(), values: ['a/b/c'] }] }),
      "test/Ap: rules[0].when[0].values[0]: must be '<namespace>/<service account>' or '<service account>' without wildcards, got 'a/b/c'; e.g. 'shop/checkout'"],
    ['a bad claim name', rule({ when: [{ key: ConditionKey.requestClaim('a', ''), values: ['x'] }] }),
      "test/Ap: rules[0].when[0].key: claim names must be non-empty and contain no '[' or ']', got ''; pass each level of a nested claim separately"],
    ['a bad header name', rule({ when: [{ key: ConditionKey.requestHeader('x tenant'), values: ['x'] }] }),
      "test/Ap: rules[0].when[0].key: header name must be an HTTP token, got 'x tenant'; e.g. 'x-tenant'"],
    ['destination.namespace', rule({ when: [{ key: ConditionKey.of('destination.namespace'), values: ['x'] }] }),
      "test/Ap: rules[0].when[0].key: is not an attribute Istio's AuthorizationPolicy supports, got 'destination.namespace'; use the policy's namespace (metadata.namespace)"],
    ['destination.labels', rule({ when: [{ key: ConditionKey.of('destination.labels[app]'), values: ['x'] }] }),
      "test/Ap: rules[0].when[0].key: is not an attribute Istio's AuthorizationPolicy supports, got 'destination.labels[app]'; use the policy's selector"],
    ['destination.user', rule({ when: [{ key: ConditionKey.of('destination.user'), values: ['x'] }] }),
      "test/Ap: rules[0].when[0].key: is not an attribute Istio's AuthorizationPolicy supports, got 'destination.user'; these v1alpha1 attributes are gone; use the selector"],
    ['an unknown key', rule({ when: [{ key: ConditionKey.of('request.auth.claims'), values: ['x'] }] }),
      "test/Ap: rules[0].when[0].key: is not an attribute Istio's AuthorizationPolicy supports, got 'request.auth.claims'; " +
      'use a ConditionKey factory (sourceIp(), requestClaim(), requestHeader(), ...)'],
    ['principals with CUSTOM', rule({ from: [{ principals: [Principal.anyAuthenticated()] }] }, AuthorizationAction.CUSTOM),
      'test/Ap: rules[0].from[0].principals: is not supported with action CUSTOM, got a value; match on ipBlocks, operations or request headers, ' +
      'and let the external authorizer check identities'],
    ['a request.auth condition with CUSTOM', rule({ when: [{ key: ConditionKey.requestClaim('sub'), values: ['x'] }] }, AuthorizationAction.CUSTOM),
      "test/Ap: rules[0].when[0].key: is not supported with action CUSTOM, got 'request.auth.claims[sub]'; let the external authorizer check identities"],
  ])('rejects %s', (_, create, message) => {
    expect(create).toThrow(message);
  });

  it('rejects a repeated rule, more than 512 rules, and rules on allow-nothing and deny-all policies', () => {
    const chart = newChart();
    const p = new AuthorizationPolicy(chart, 'Ap', { rules: [{ to: [{ methods: ['GET'] }] }] });
    expect(() => p.addRule({ to: [{ methods: ['GET'] }] })).toThrow('test/Ap: rules[1]: repeats rules[0], got the same rule twice; add each rule once');
    for (let i = 1; i < 512; i++) p.addRule({ to: [{ ports: [i] }] });
    expect(() => p.addRule({ to: [{ ports: [600] }] })).toThrow('test/Ap: rules[512]: exceeds the 512 rules a policy may have, got one more; split the policy');
    const nothing = AuthorizationPolicy.allowNothing(chart, 'Nothing');
    expect(() => nothing.allowFrom([Peer.namespaceName('shop')])).toThrow('test/Nothing: rules[0]: cannot be added to an allow-nothing policy, got a rule; ' +
      'create a separate ALLOW policy (or use allowFrom() on StrictMtlsNamespace) next to it');
    const deny = AuthorizationPolicy.denyAll(chart, 'Deny');
    expect(() => deny.addRule({ to: [{ methods: ['GET'] }] })).toThrow('test/Deny: rules[1]: cannot be added to a deny-all policy, got a rule; ' +
      'it already denies every request — create a separate policy');
  });

  it('rejects allowFrom() on a DENY policy, without peers, and with bad peers', () => {
    const chart = newChart(null);
    const deny = new AuthorizationPolicy(chart, 'Deny', { action: AuthorizationAction.DENY });
    expect(() => deny.allowFrom([Peer.namespaceName('shop')])).toThrow('test/Deny: allowFrom: adds ALLOW rules, got a DENY policy; use addRule() for DENY rules');
    const allow = new AuthorizationPolicy(chart, 'Allow');
    expect(() => allow.allowFrom([])).toThrow('test/Allow: rules[0].from: must name at least one peer, got none; e.g. Peer.serviceAccount(sa) or Peer.namespace(ns)');
    expect(() => allow.allowFrom([Peer.namespaceName('Shop')])).toThrow('test/Allow: rules[0].from[0]: must be a namespace name (DNS-1123 label: lowercase letters, ' +
      "digits and '-', at most 63 characters), got 'Shop'; use the namespace of the callers");
    const sa = new kplus.ServiceAccount(chart, 'Sa', { metadata: { name: 'web' } });
    expect(() => allow.allowFrom([Peer.serviceAccount(sa)])).toThrow('test/Allow: rules[0].from[0]: ServiceAccount test/Sa has no namespace, got metadata.namespace ' +
      'undefined and no chart namespace; set metadata.namespace on the ServiceAccount (or a namespace on its chart), or use Principal.serviceAccount(namespace, name)');
  });

  it('rejects a Service target in another namespace', () => {
    const app = Testing.app();
    const svc = new kplus.Service(new Chart(app, 'other', { namespace: 'other' }), 'Web', { ports: [{ port: 80 }] });
    expect(() => new AuthorizationPolicy(new Chart(app, 'test', { namespace: 'shop' }), 'Ap', { targetRefs: [PolicyTargetRef.fromService(svc)], rules: [{ to: [{ methods: ['GET'] }] }] }))
      .toThrow(`test/Ap: targetRefs[0]: must be in the policy's namespace shop, got Service ${svc.name} in other; ` +
        'create the policy in the namespace of its target (Istio does not support cross-namespace targetRefs)');
  });

  it('reports policies left without rules at synthesis (ALLOW denies everything, DENY nothing)', () => {
    const chart = newChart();
    new AuthorizationPolicy(chart, 'Allow');
    new AuthorizationPolicy(chart, 'Deny', { action: AuthorizationAction.DENY });
    new AuthorizationPolicy(chart, 'Audit', { action: AuthorizationAction.AUDIT });
    AuthorizationPolicy.allowNothing(chart, 'Nothing');
    AuthorizationPolicy.denyAll(chart, 'DenyAll');
    expect(constructErrors(chart)).toEqual([
      'test/Allow: rules: an ALLOW policy needs rules, got none, which denies every request to the selected workloads; ' +
      'add rules (addRule(), allowFrom()), or use AuthorizationPolicy.allowNothing() if denying everything is the intent',
      'test/Deny: rules: a DENY policy needs rules, got none, so it would never deny anything; add rules, or use AuthorizationPolicy.denyAll() to deny every request',
      'test/Audit: rules: a AUDIT policy needs rules, got none, so it would never apply; add rules',
    ]);
  });

  it('takes the principal of an egress gateway too', () => {
    const chart = newChart();
    const egress = new EgressGateway(chart, 'Egress', { namespace: 'istio-egress' });
    const p = new AuthorizationPolicy(chart, 'Ap', { rules: [{ from: [{ principals: [Principal.fromGateway(egress)] }] }] });
    expect(p.ruleCount).toEqual(1);
    expect(one(synth(chart), 'AuthorizationPolicy').spec.rules[0].from[0].source.principals)
      .toEqual(['cluster.local/ns/istio-egress/sa/istio-egressgateway-service-account']);
  });
});
