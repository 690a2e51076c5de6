import { Chart, Duration, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { newChart } from './util';
import { checkIstioDuration } from '../../src/core/duration';
import { GatewayWorkload } from '../../src/core/gateway-workload';
import { Host } from '../../src/core/host';
import { Percent } from '../../src/core/percent';
import { checkPort } from '../../src/core/port';
import { checkRe2, re2Problem } from '../../src/core/re2';
import { WorkloadSelector } from '../../src/core/workload-selector';

describe('Host', () => {
  it('renders a cdk8s-plus Service as its FQDN, with its own or its chart namespace', () => {
    const chart = newChart('shop');
    const own = new kplus.Service(chart, 'A', { metadata: { name: 'reviews', namespace: 'books' }, ports: [{ port: 80 }] });
    const inherited = new kplus.Service(chart, 'B', { metadata: { name: 'ratings' }, ports: [{ port: 80 }] });
    expect(Host.fromService(own)._resolve(chart, 'host')).toEqual('reviews.books.svc.cluster.local');
    expect(Host.fromService(inherited, { clusterDomain: 'corp.internal' }).value).toEqual('ratings.shop.svc.corp.internal');
    expect(Host.fromServiceName('details', 'shop').toString()).toEqual('details.shop.svc.cluster.local');
  });

  it('accepts exact names and explicit wildcards', () => {
    const chart = newChart();
    expect(Host.fromName('api.example.com')._resolve(chart, 'h')).toEqual('api.example.com');
    expect(Host.fromName('reviews').isWildcard).toBe(false);
    expect(Host.wildcard('example.com')._resolve(chart, 'h')).toEqual('*.example.com');
    expect(Host.wildcard('example.com').isWildcard).toBe(true);
    expect(Host.any()._resolve(chart, 'h')).toEqual('*');
  });

  it('rejects a Service without namespace', () => {
    const chart = new Chart(Testing.app(), 'test');
    const svc = new kplus.Service(chart, 'Svc', { metadata: { name: 'reviews' }, ports: [{ port: 80 }] });
    expect(() => Host.fromService(svc)._resolve(chart, 'host')).toThrow(
      'test: host: Service test/Svc has no namespace, got metadata.namespace undefined and no chart namespace; set metadata.namespace on the Service (or a namespace on its chart), or use Host.fromServiceName()');
  });

  it('rejects a bad Service name, namespace and cluster domain', () => {
    const chart = newChart();
    expect(() => Host.fromServiceName('1reviews', 'shop')._resolve(chart, 'host')).toThrow(
      "test: host: Service name must be a DNS-1035 label (lowercase letters, digits and '-', starting with a letter, at most 63), got '1reviews'; use the Service's metadata.name");
    expect(() => Host.fromServiceName('reviews', 'Shop')._resolve(chart, 'host')).toThrow(
      "test: host: namespace must be a DNS-1123 label (lowercase letters, digits and '-', at most 63), got 'Shop'; use the Service's namespace");
    expect(() => Host.fromServiceName('reviews', 'shop', { clusterDomain: 'bad_domain' })._resolve(chart, 'host')).toThrow(
      "test: host: cluster domain must be a DNS-1123 subdomain, got 'bad_domain'; use the cluster's DNS domain, e.g. 'cluster.local'");
  });

  it('rejects a wildcard outside Host.wildcard()', () => {
    expect(() => Host.fromName('*.example.com')._resolve(newChart(), 'hosts[0]')).toThrow(
      "test: hosts[0]: must not contain a wildcard, got '*.example.com'; use Host.wildcard('example.com') or Host.any() to ask for one explicitly");
  });

  it('rejects an uppercase host', () => {
    expect(() => Host.fromName('API.example.com')._resolve(newChart(), 'hosts[0]')).toThrow(
      "test: hosts[0]: must be lowercase (a DNS-1123 subdomain), got 'API.example.com'; write it as 'api.example.com'");
  });

  it('rejects a host that is not DNS-1123', () => {
    expect(() => Host.fromName('https://api.example.com')._resolve(newChart(), 'hosts[0]')).toThrow(
      "test: hosts[0]: must be a DNS-1123 subdomain (dot-separated labels of lowercase letters, digits and '-', at most 253 characters), got 'https://api.example.com'; remove the scheme, port, path or invalid characters");
  });

  it('rejects a bad wildcard suffix', () => {
    expect(() => Host.wildcard('*.example.com')._resolve(newChart(), 'hosts[0]')).toThrow(
      "test: hosts[0]: wildcard suffix must not contain '*', got '*.example.com'; pass the domain only, e.g. Host.wildcard('example.com') for *.example.com");
    expect(() => Host.wildcard('example..com')._resolve(newChart(), 'hosts[0]')).toThrow(
      "test: hosts[0]: wildcard suffix must be a DNS-1123 subdomain (dot-separated labels of lowercase letters, digits and '-', at most 253 characters), got 'example..com'; remove the scheme, port, path or invalid characters");
  });
});

describe('Percent', () => {
  it('accepts 0–100 and ratios', () => {
    const chart = newChart();
    expect(Percent.of(12.5)._resolve(chart, 'p')).toEqual(12.5);
    expect(Percent.fromRatio(0.25).value).toEqual(25);
    expect(Percent.all().value).toEqual(100);
  });

  it('rejects values outside 0–100', () => {
    expect(() => Percent.of(120)._resolve(newChart(), 'fault.delay.percentage')).toThrow(
      'test: fault.delay.percentage: must be a percentage from 0 to 100, got 120; use Percent.of(0..100) or Percent.fromRatio(0..1)');
  });
});

describe('ports and durations', () => {
  it('rejects ports outside 1–65535', () => {
    expect(() => checkPort(newChart(), 'port', 70000)).toThrow('test: port: must be a port number from 1 to 65535, got 70000; use the port the service listens on');
  });

  it('renders durations and rejects durations under 1ms', () => {
    const chart = newChart();
    expect(checkIstioDuration(chart, 'timeout', Duration.millis(1500))).toEqual('1.5s');
    expect(() => checkIstioDuration(chart, 'timeout', Duration.millis(0))).toThrow(
      'test: timeout: must be at least 1ms, got 0ms; use e.g. Duration.millis(100) or Duration.seconds(1)');
  });

  it('rejects fractional milliseconds', () => {
    expect(() => checkIstioDuration(newChart(), 'timeout', Duration.millis(1.5))).toThrow(
      'test: timeout: must be a whole number of milliseconds, got 1.5ms; round it to milliseconds');
  });
});

describe('WorkloadSelector', () => {
  it('takes a workload\'s pod selector labels, read when used', () => {
    const chart = newChart();
    const deployment = new kplus.Deployment(chart, 'D', { select: false, containers: [{ image: 'nginx' }] });
    const selector = WorkloadSelector.fromWorkload(deployment);
    deployment.select(kplus.LabelSelector.of({ labels: { app: 'web' } }));
    expect(selector._resolve(chart, 'workloadSelector')).toEqual({ app: 'web' });
    expect(WorkloadSelector.fromLabels({ app: 'api' }).labels).toEqual({ app: 'api' });
  });

  it('rejects an empty selector', () => {
    expect(() => WorkloadSelector.fromLabels({})._resolve(newChart(), 'workloadSelector')).toThrow(
      'test: workloadSelector: must select workloads by at least one label, got empty labels; an empty selector would apply to every workload — give the labels of the pods it is meant for');
  });

  it('rejects bad label keys and values', () => {
    expect(() => WorkloadSelector.fromLabels({ 'bad key': 'x' })._resolve(newChart(), 'selector')).toThrow(
      "test: selector.bad key: must be a label key ([prefix/]name, at most 63 characters in the name), got 'bad key'; use the pods' label key");
    expect(() => WorkloadSelector.fromLabels({ app: 'web*' })._resolve(newChart(), 'selector')).toThrow(
      "test: selector.app: must be a label value (at most 63 alphanumerics, '-', '_' or '.', no wildcard), got 'web*'; use the pods' label value");
  });
});

describe('GatewayWorkload', () => {
  it('describes the default gateways and any other', () => {
    const classic = [{ port: 80, targetPort: 8080 }, { port: 443, targetPort: 8443 }];
    expect(GatewayWorkload.defaultIngress()).toEqual({
      selectorLabels: { istio: 'ingressgateway' }, namespace: 'istio-system', name: 'istio-ingressgateway', servicePorts: [{ port: 15021, targetPort: 15021 }, ...classic],
    });
    expect(GatewayWorkload.defaultEgress('gateways')).toEqual({
      selectorLabels: { istio: 'egressgateway' }, namespace: 'gateways', name: 'istio-egressgateway', servicePorts: classic,
    });
    const other = GatewayWorkload.fromAttributes({ selectorLabels: { app: 'gw' }, namespace: 'edge', name: 'gw' });
    expect([other.selectorLabels, other.servicePorts]).toEqual([{ app: 'gw' }, undefined]);
  });

  it('maps a Service port to the container port behind it (the port a Gateway server listens on)', () => {
    expect([80, 443, 15021, 8080].map((p) => GatewayWorkload.targetPortFor(GatewayWorkload.defaultIngress(), p))).toEqual([8080, 8443, 15021, 8080]);
    expect([80, 443].map((p) => GatewayWorkload.targetPortFor(GatewayWorkload.defaultEgress(), p))).toEqual([8080, 8443]);
    const other = GatewayWorkload.fromAttributes({ selectorLabels: { app: 'gw' }, namespace: 'edge', name: 'gw', servicePorts: [{ port: 443, targetPort: 9443 }, { port: 80 }] });
    expect(other.servicePorts).toEqual([{ port: 443, targetPort: 9443 }, { port: 80, targetPort: 80 }]);
    expect([443, 80, 8443].map((p) => GatewayWorkload.targetPortFor(other, p))).toEqual([9443, 80, 8443]);
    // Any IGatewayWorkload, e.g. one without servicePorts: the Service port itself.
    expect(GatewayWorkload.targetPortFor({ selectorLabels: { app: 'gw' }, namespace: 'edge', name: 'gw' }, 443)).toEqual(443);
  });
});

describe('RE2 syntax check', () => {
  it.each([
    ['^/api/v[0-9]+/.*$'],
    ['(?i)^/Products'],
    ['(?:a|b)+c*?'],
    ['(?P<id>[0-9]+)'],
    ['(?<id>[0-9]+)'],
    ['[]a]x'],
    ['[[:alpha:]]+'],
    ['\\d{1,3}\\.\\d{1,3}'],
    ['\\12'],
    ['a{1000}'],
    ['^(.*?;)?(user=jason)(;.*)?$'],
  ])('accepts %s', (pattern) => {
    expect(re2Problem(pattern)).toBeUndefined();
  });

  it.each([
    ['foo(?=bar)', "lookahead '(?=' at offset 3"],
    ['foo(?!bar)', "negative lookahead '(?!' at offset 3"],
    ['(?<=a)b', "lookbehind '(?<=' at offset 0"],
    ['(?<!a)b', "negative lookbehind '(?<!' at offset 0"],
    ['(?>a+)b', "atomic group '(?>' at offset 0"],
    ['(a)\\1', "backreference '\\1' at offset 3"],
    ['(?<x>a)\\k<x>', "backreference '\\k' at offset 7"],
    ['(?P<x>a)(?P=x)', "named backreference '(?P=' at offset 8"],
    ['a++', "possessive quantifier '++' at offset 1"],
    ['a{2}+', "possessive quantifier '{2}+' at offset 1"],
    ['a*{2}', "repeated quantifier '*{2}' at offset 1"],
    ['a**', "repeated quantifier '**' at offset 1"],
    ['(?R)', "recursion '(?R' at offset 0"],
    ['(?#note)a', "comment group '(?#' at offset 0"],
    ['(?x)a b', "inline flags '(?x' (RE2 supports i, m, s, U) at offset 0"],
    ['a\\Z', "escape '\\Z' at offset 1"],
    ['a{1001}', "repeat count above 1000 '{1001}' at offset 1"],
    ['(a', "unbalanced '(' (1 group(s) not closed)"],
    ['a)', "unbalanced ')' at offset 1"],
    ['[a', "unterminated character class '[' at offset 0"],
    ['(?(1)a|b)', "conditional group '(?(' at offset 0"],
    ['(?|a)', "branch reset group '(?|' at offset 0"],
  ])('rejects %s', (pattern, problem) => {
    expect(re2Problem(pattern)).toContain(problem);
  });

  it('reports a regex RE2 would reject with the construct path', () => {
    expect(() => checkRe2(new Construct(newChart(), 'Vs'), 'http[0].matches[0].uri.regex', '^/(?!admin).*')).toThrow(
      "test/Vs: http[0].matches[0].uri.regex: must be an RE2 regular expression (Envoy matches with RE2), got '^/(?!admin).*' with negative lookahead '(?!' at offset 2; " +
      'rewrite it without lookaround, backreferences, possessive quantifiers or atomic groups (https://github.com/google/re2/wiki/Syntax)');
  });
});
