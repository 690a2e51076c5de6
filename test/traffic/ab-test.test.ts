import { Duration } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { constructErrors, newChart, ofKind, one, synth } from './util';
import { AbTest, AbTestProps, Host, HttpMatch, StringMatch, TrafficTarget } from '../../src';

const checkout = Host.fromServiceName('checkout', 'shop');
const a = TrafficTarget.subset('v1', { version: 'v1' });
const b = TrafficTarget.subset('v2', { version: 'v2' });

describe('AbTest', () => {
  it('routes each variant by its matches, in order, with a default route', () => {
    const chart = newChart();
    const test = new AbTest(chart, 'Ab', {
      host: checkout,
      variants: [
        { name: 'control', target: a },
        { name: 'new-flow', target: b, matches: [HttpMatch.cookie('ab', 'new-flow'), HttpMatch.queryParam('variant', StringMatch.exact('new'))] },
        { name: 'partners', target: TrafficTarget.service(Host.fromServiceName('checkout-partners', 'shop')), matches: [HttpMatch.sourceLabels({ team: 'partners' })] },
      ],
      defaultVariant: 'control',
      policy: { timeout: Duration.seconds(4) },
    });
    const objects = synth(chart);
    expect(one(objects, 'VirtualService').spec).toEqual({
      hosts: ['checkout.shop.svc.cluster.local'],
      http: [
        {
          name: 'new-flow',
          match: [{ headers: { cookie: { regex: '^(.*?;)?(ab=new-flow)(;.*)?$' } } }, { queryParams: { variant: { exact: 'new' } } }],
          route: [{ destination: { host: 'checkout.shop.svc.cluster.local', subset: 'v2' } }],
          timeout: '4s',
        },
        {
          name: 'partners',
          match: [{ sourceLabels: { team: 'partners' } }],
          route: [{ destination: { host: 'checkout-partners.shop.svc.cluster.local' } }],
          timeout: '4s',
        },
        { name: 'default', route: [{ destination: { host: 'checkout.shop.svc.cluster.local', subset: 'v1' } }], timeout: '4s' },
      ],
    });
    expect(one(objects, 'DestinationRule').spec).toEqual({
      host: 'checkout.shop.svc.cluster.local',
      subsets: [{ name: 'v1', labels: { version: 'v1' } }, { name: 'v2', labels: { version: 'v2' } }],
    });
    expect(test.destinationRules).toHaveLength(1);
    expect(constructErrors(chart)).toEqual([]);
    expect(objects).toMatchSnapshot();
  });

  it('emits no DestinationRule when every variant is a Service and there is no policy', () => {
    const chart = newChart();
    new AbTest(chart, 'Ab', {
      host: checkout,
      variants: [
        { name: 'a', target: TrafficTarget.service(Host.fromServiceName('checkout-a', 'shop')) },
        { name: 'b', target: TrafficTarget.service(Host.fromServiceName('checkout-b', 'shop')), matches: [HttpMatch.header('x-variant', StringMatch.exact('b'))] },
      ],
      defaultVariant: 'a',
    });
    expect(ofKind(synth(chart), 'DestinationRule')).toEqual([]);
  });
});

describe('AbTest validation', () => {
  const ab = (p: Partial<AbTestProps>) => () => new AbTest(newChart(), 'Ab', {
    host: checkout, variants: [{ name: 'a', target: a }, { name: 'b', target: b, matches: [HttpMatch.prefix('/b')] }], defaultVariant: 'a', ...p,
  });

  it.each<[string, () => unknown, string]>([
    ['no variants', ab({ variants: [] }), 'test/Ab: variants: must list at least one variant, got none; add the versions to test'],
    ['a variant named default', ab({ variants: [{ name: 'default', target: a }], defaultVariant: 'default' }),
      "test/Ab: variants[0].name: must be a non-empty name other than 'default' (the fallback route's name), got 'default'; name the variant"],
    ['a duplicate variant', ab({ variants: [{ name: 'a', target: a }, { name: 'a', target: b, matches: [HttpMatch.prefix('/b')] }] }),
      "test/Ab: variants[1].name: must be unique, got 'a' twice; give each variant its own name"],
    ['a variant without matches', ab({ variants: [{ name: 'a', target: a }, { name: 'b', target: b }] }),
      "test/Ab: variants[1].matches: must select requests for variant 'b', got none; add matches or make it the defaultVariant"],
    ['an unknown default variant', ab({ variants: [{ name: 'a', target: a, matches: [HttpMatch.prefix('/a')] }], defaultVariant: 'c' }),
      "test/Ab: defaultVariant: must name one of the variants, got 'c'; use one of [a]"],
  ])('rejects %s', (_name, build, message) => {
    expect(build).toThrow(message);
  });
});
