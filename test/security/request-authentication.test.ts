import { Duration } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { constructErrors, newChart, one, synth } from './util';
import { JwtRule, PolicyTargetRef, RequestAuthentication, RequestAuthenticationProps, WorkloadSelector } from '../../src';

const google: JwtRule = { issuer: 'https://accounts.google.com', jwksUri: 'https://www.googleapis.com/oauth2/v3/certs' };
const web = WorkloadSelector.fromLabels({ app: 'web' });
const JWKS = '{"keys":[{"kty":"RSA","e":"AQAB","n":"xAE7eB6qugXyCAG3yhh7pkDkT65pHymX-P7KfIupjf59vsdo91bSP9C8H07pSAGQO1MV_xFj9VswgsCg4R6otmg5PV2He95lZdHtOcU5DXIg_pbhLdKXbi66GlVeK6ABZOUW3WYtnNHD-91gVuoeJT_DwtGGcp4ignkgXfkiEm4sw-4sfb4qdt5oLbyVpmW6x9cfa7vs2WTfURiCrBoUqgBo_-4WTiULmmHSGZHOjzwa8WtrtOQGsAFjIbno85jp6MnGGGZPYZbDAa_b3y5u-YpW7ypZrvD8BgtKVjgtQgZhLAGezMt0ua3DRrWnKqTZ0BJ_EyxOGuHJrLsn00fnMQ"}]}';

describe('RequestAuthentication', () => {
  it('renders every field of a JWT rule', () => {
    const chart = newChart();
    const ra = new RequestAuthentication(chart, 'Ra', {
      metadata: { name: 'web' },
      selector: web,
      jwtRules: [{
        issuer: 'https://accounts.example.com',
        jwksUri: 'https://accounts.example.com/.well-known/jwks.json',
        audiences: ['web', 'api'],
        fromHeaders: [{ name: 'x-jwt-assertion', prefix: 'Bearer ' }, { name: 'authorization' }],
        fromParams: ['token'],
        fromCookies: ['session'],
        forwardOriginalToken: true,
        outputPayloadToHeader: 'x-jwt-payload',
        outputClaimToHeaders: [{ header: 'x-jwt-sub', claim: 'sub' }],
        timeout: Duration.seconds(10),
        spaceDelimitedClaims: ['scope', 'roles'],
      }],
    });
    expect(ra.addJwtRule({ issuer: 'testing@secure.istio.io', jwks: JWKS })).toEqual('testing@secure.istio.io');
    expect(one(synth(chart), 'RequestAuthentication').spec).toEqual({
      selector: { matchLabels: { app: 'web' } },
      jwtRules: [
        {
          issuer: 'https://accounts.example.com',
          jwksUri: 'https://accounts.example.com/.well-known/jwks.json',
          audiences: ['web', 'api'],
          fromHeaders: [{ name: 'x-jwt-assertion', prefix: 'Bearer ' }, { name: 'authorization' }],
          fromParams: ['token'],
          fromCookies: ['session'],
          forwardOriginalToken: true,
          outputPayloadToHeader: 'x-jwt-payload',
          outputClaimToHeaders: [{ header: 'x-jwt-sub', claim: 'sub' }],
          timeout: '10s',
          spaceDelimitedClaims: ['scope', 'roles'],
        },
        { issuer: 'testing@secure.istio.io', jwks: JWKS },
      ],
    });
    expect(ra.issuers).toEqual(['https://accounts.example.com', 'testing@secure.istio.io']);
  });

  it('attaches to a gateway and discovers the JWKS of an https issuer', () => {
    const chart = newChart();
    new RequestAuthentication(chart, 'Ra', {
      metadata: { name: 'gateway' },
      targetRefs: [PolicyTargetRef.kubernetesGateway('public')],
      jwtRules: [{ issuer: 'https://accounts.google.com' }],
    });
    const objects = synth(chart);
    expect(one(objects, 'RequestAuthentication').spec).toEqual({
      targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'public' }],
      jwtRules: [{ issuer: 'https://accounts.google.com' }],
    });
    expect(objects).toMatchSnapshot();
  });
});

describe('RequestAuthentication validation', () => {
  const ra = (p: RequestAuthenticationProps) => () => new RequestAuthentication(newChart(), 'Ra', p);
  const rule = (r: Partial<JwtRule>) => ra({ jwtRules: [{ ...google, ...r }] });

  it.each<[string, () => unknown, string]>([
    ['selector with targetRefs', ra({ selector: web, targetRefs: [PolicyTargetRef.service('web')] }),
      'test/Ra: targetRefs: cannot be combined with selector, got both; select workloads or target gateways/services, not both'],
    ['too many targetRefs', ra({ targetRefs: Array.from({ length: 17 }, (_, i) => PolicyTargetRef.service(`s${i}`)) }),
      'test/Ra: targetRefs: must list 1 to 16 targets, got 17; leave targetRefs out to use the selector'],
    ['an http issuer', rule({ issuer: 'http://accounts.example.com' }),
      "test/Ra: jwtRules[0].issuer: must be a valid https:// URL, got 'http://accounts.example.com'; OIDC issuers are https URLs, e.g. 'https://accounts.google.com'"],
    ['a malformed issuer URL', rule({ issuer: 'https://' }),
      "test/Ra: jwtRules[0].issuer: must be a valid https:// URL, got 'https://'; OIDC issuers are https URLs, e.g. 'https://accounts.google.com'"],
    ['an issuer with whitespace', rule({ issuer: 'my issuer' }),
      "test/Ra: jwtRules[0].issuer: must be an https URL or an identifier without whitespace, got 'my issuer'; use the token's iss claim"],
    ['an http jwksUri', rule({ jwksUri: 'http://example.com/jwks' }),
      "test/Ra: jwtRules[0].jwksUri: must be a valid https:// URL, got 'http://example.com/jwks'; use the issuer's https JWKS endpoint, " +
      "e.g. 'https://www.googleapis.com/oauth2/v3/certs'"],
    ['a jwksUri with credentials', rule({ jwksUri: 'https://user:pw@example.com/jwks' }),
      "test/Ra: jwtRules[0].jwksUri: must be a valid https:// URL, got 'https://user:pw@example.com/jwks'; use the issuer's https JWKS endpoint, " +
      "e.g. 'https://www.googleapis.com/oauth2/v3/certs'"],
    ['jwks with jwksUri', rule({ jwks: JWKS }), 'test/Ra: jwtRules[0].jwks: cannot be combined with jwksUri, got both; give the key set inline or by URL'],
    ['a bad jwks', rule({ jwksUri: undefined, jwks: '{"keys":[]}' }),
      'test/Ra: jwtRules[0].jwks: must be a JSON Web Key Set (a JSON object with a non-empty "keys" list of keys with "kty"), got \'{"keys":[]}\'; ' +
      "paste the issuer's JWKS document, or use jwksUri"],
    ['jwks that is not JSON (shortened)', rule({ jwksUri: undefined, jwks: `-----BEGIN PUBLIC KEY-----${'A'.repeat(80)}` }),
      "test/Ra: jwtRules[0].jwks: must be a JSON Web Key Set (a JSON object with a non-empty \"keys\" list of keys with \"kty\"), got '-----BEGIN PUBLIC KEY-----AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA...'; " +
      "paste the issuer's JWKS document, or use jwksUri"],
    ['a non-URL issuer without keys', rule({ issuer: 'testing@secure.istio.io', jwksUri: undefined }),
      "test/Ra: jwtRules[0].jwksUri: is required when the issuer is not an https URL (no OpenID discovery), got issuer 'testing@secure.istio.io'; give jwksUri or jwks"],
    ['an empty audience', rule({ audiences: ['web', ''] }), "test/Ra: jwtRules[0].audiences[1]: must not be empty, got ''; remove the entry or give a value"],
    ['a bad header name', rule({ fromHeaders: [{ name: 'x jwt' }] }), "test/Ra: jwtRules[0].fromHeaders[0].name: must be an HTTP header name, got 'x jwt'; e.g. 'x-jwt-assertion'"],
    ['a bad claim header', rule({ outputClaimToHeaders: [{ header: 'x.sub', claim: 'sub' }] }),
      "test/Ra: jwtRules[0].outputClaimToHeaders[0].header: must be letters, digits, '-' or '_', got 'x.sub'; e.g. 'x-jwt-sub'"],
    ['an empty claim', rule({ outputClaimToHeaders: [{ header: 'x-sub', claim: '' }] }),
      "test/Ra: jwtRules[0].outputClaimToHeaders[0].claim: must not be empty, got ''; name the claim, e.g. 'sub'"],
    ['a bad payload header', rule({ outputPayloadToHeader: 'x payload' }),
      "test/Ra: jwtRules[0].outputPayloadToHeader: must be an HTTP header name, got 'x payload'; e.g. 'x-jwt-payload'"],
    ['too many space-delimited claims', rule({ spaceDelimitedClaims: Array.from({ length: 65 }, (_, i) => `c${i}`) }),
      'test/Ra: jwtRules[0].spaceDelimitedClaims: may list at most 64 claims, got 65; list only the claims conditions use'],
    ['a zero timeout', rule({ timeout: Duration.millis(0) }),
      'test/Ra: jwtRules[0].timeout: must be at least 1ms, got 0ms; use e.g. Duration.millis(100) or Duration.seconds(1)'],
  ])('rejects %s', (_, create, message) => {
    expect(create).toThrow(message);
  });

  it('rejects an issuer twice, and a policy left without issuers at synthesis', () => {
    const chart = newChart();
    const r = new RequestAuthentication(chart, 'Ra', { jwtRules: [google] });
    expect(() => r.addJwtRule(google)).toThrow("test/Ra: jwtRules[1].issuer: is already configured, got 'https://accounts.google.com' twice; list each issuer once");
    new RequestAuthentication(chart, 'Empty');
    expect(constructErrors(chart)).toEqual([
      'test/Empty: jwtRules: must list at least one issuer, got none; call addJwtRule() (without rules the policy does nothing)',
    ]);
  });
});
