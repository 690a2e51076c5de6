import { describe, expect, it } from 'vitest';
import { ids, newChart, one, synth } from './util';
import { JwtAuth, JwtAuthProps, JwtRule, WorkloadSelector } from '../../src';

const google: JwtRule = { issuer: 'https://accounts.google.com', jwksUri: 'https://www.googleapis.com/oauth2/v3/certs' };
const web = WorkloadSelector.fromLabels({ app: 'web' });

describe('JwtAuth', () => {
  it('validates tokens and denies requests without one, except on exempt paths of the given ports', () => {
    const chart = newChart();
    const jwt = new JwtAuth(chart, 'Jwt', {
      metadata: { name: 'web-jwt' },
      selector: web,
      issuers: [google],
      exemptPaths: ['/healthz', '/static/*'],
      ports: [8080],
    });
    const objects = synth(chart);
    expect(ids(objects)).toEqual(['RequestAuthentication/shop/web-jwt', 'AuthorizationPolicy/shop/web-jwt-require-jwt']);
    expect(one(objects, 'RequestAuthentication').spec).toEqual({
      selector: { matchLabels: { app: 'web' } },
      jwtRules: [{ issuer: 'https://accounts.google.com', jwksUri: 'https://www.googleapis.com/oauth2/v3/certs' }],
    });
    expect(one(objects, 'AuthorizationPolicy').spec).toEqual({
      action: 'DENY',
      selector: { matchLabels: { app: 'web' } },
      rules: [{
        from: [{ source: { notRequestPrincipals: ['*'] } }],
        to: [{ operation: { ports: ['8080'], notPaths: ['/healthz', '/static/*'] } }],
      }],
    });
    expect(jwt.requireTokenPolicy?.name).toEqual('web-jwt-require-jwt');
    expect(objects).toMatchSnapshot();
  });

  it('requires a token on every path of the namespace by default, and only validates with requireToken false', () => {
    const chart = newChart();
    new JwtAuth(chart, 'All', { metadata: { name: 'all' }, issuers: [google] });
    const optional = new JwtAuth(chart, 'Optional', { metadata: { name: 'optional', namespace: 'public' }, issuers: [google], requireToken: false });
    const objects = synth(chart);
    expect(ids(objects)).toEqual(['RequestAuthentication/shop/all', 'AuthorizationPolicy/shop/all-require-jwt', 'RequestAuthentication/public/optional']);
    expect(one(objects, 'AuthorizationPolicy').spec).toEqual({ action: 'DENY', rules: [{ from: [{ source: { notRequestPrincipals: ['*'] } }] }] });
    expect(optional.requireTokenPolicy).toBeUndefined();
  });
});

describe('JwtAuth validation', () => {
  const jwt = (p: Partial<JwtAuthProps>) => () => new JwtAuth(newChart(), 'Jwt', { issuers: [google], ...p });

  it.each<[string, () => unknown, string]>([
    ['no issuers', jwt({ issuers: [] }), 'test/Jwt: issuers: must list at least one issuer, got none; give the issuer and its jwksUri'],
    ['exemptions without requirement', jwt({ requireToken: false, exemptPaths: ['/healthz'] }),
      'test/Jwt: exemptPaths: only apply when a token is required, got exemptPaths with requireToken false; remove exemptPaths or require the token'],
    ['ports without requirement', jwt({ requireToken: false, ports: [8080] }),
      'test/Jwt: ports: only apply when a token is required, got ports with requireToken false; remove ports or require the token'],
    ['an empty exemption list', jwt({ exemptPaths: [] }), 'test/Jwt: exemptPaths: must not be an empty list, got []; leave it out to require the token on every path'],
    ['a bad exempt path', jwt({ exemptPaths: ['healthz'] }),
      "test/Jwt/RequireToken: rules[0].to[0].notPaths[0]: must start with '/' (or be a '*' match), got 'healthz'; " +
      "e.g. '/api/v1/products', '/static/*', '*.png' or '/users/{*}/orders'"],
    ['a bad issuer', jwt({ issuers: [{ issuer: 'http://insecure.example.com' }] }),
      "test/Jwt/RequestAuthentication: jwtRules[0].issuer: must be a valid https:// URL, got 'http://insecure.example.com'; OIDC issuers are https URLs, e.g. 'https://accounts.google.com'"],
  ])('rejects %s', (_, create, message) => {
    expect(create).toThrow(message);
  });
});
