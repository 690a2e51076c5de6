import { describe, expect, it } from 'vitest';
import { istio, run } from './helpers';

const P = 'envoyfilter.EnvoyPatchAnalyzer';
const V = 'schema.ValidationAnalyzer.EnvoyFilter';

const lua = { name: 'envoy.lua', typed_config: { '@type': 'type.googleapis.com/envoy.extensions.filters.http.lua.v3.Lua', 'inlineCode': 'function envoy_on_request(h) end' } };
function patch(applyTo: string, operation: string, match: object = {}, value: object = lua) {
  return { applyTo, match: { context: 'SIDECAR_INBOUND', ...match }, patch: { operation, value } };
}
const hcm = { listener: { filterChain: { filter: { name: 'envoy.filters.network.http_connection_manager', subFilter: { name: 'envoy.filters.http.router' } } } } };

describe('envoyfilter.EnvoyPatchAnalyzer (IST0151-IST0155)', () => {
  it('reports relative operations without a priority', () => {
    const ef = istio.envoyFilter('lua', 'shop', { configPatches: [patch('HTTP_FILTER', 'INSERT_BEFORE', hcm)] });
    expect(run([P], [ef])).toEqual([
      'IST0151 EnvoyFilter lua.shop: This EnvoyFilter does not have a priority and has a relative patch operation set which can cause the EnvoyFilter not to be applied. Using the INSERT_FIRST of ADD option or setting the priority may help in ensuring the EnvoyFilter is applied correctly.',
    ]);
  });

  it('reports a relative operation on a filter an earlier EnvoyFilter patches for a proxyVersion (IST0155)', () => {
    const versioned = istio.envoyFilter('a', 'shop', { priority: 10, configPatches: [patch('HTTP_FILTER', 'INSERT_BEFORE', { ...hcm, proxy: { proxyVersion: '^1\\.30.*' } })] });
    const later = istio.envoyFilter('b', 'shop', { configPatches: [patch('HTTP_FILTER', 'REPLACE', hcm)] });
    expect(run([P], [versioned, later])).toEqual([
      'IST0155 EnvoyFilter b.shop: This EnvoyFilter does not have a priority and has a relative patch operation (NSTERT_BEFORE/AFTER, REPLACE, MERGE, DELETE) and proxyVersion set which can cause the EnvoyFilter not to be applied during an upgrade. Using the INSERT_FIRST or ADD option or setting the priority may help in ensuring the EnvoyFilter is applied correctly.',
    ]);
  });

  it('reports REPLACE outside filters and ADD/REMOVE on routes (IST0152-IST0154)', () => {
    const ef = istio.envoyFilter('bad', 'shop', {
      priority: 1,
      configPatches: [patch('CLUSTER', 'REPLACE'), patch('HTTP_ROUTE', 'ADD'), patch('ROUTE_CONFIGURATION', 'REMOVE')],
    });
    expect(run([P], [ef])).toEqual([
      'IST0152 EnvoyFilter bad.shop: The REPLACE operation is only valid for HTTP_FILTER and NETWORK_FILTER.',
      'IST0153 EnvoyFilter bad.shop: The ADD operation will be ignored when applyTo is set to ROUTE_CONFIGURATION, or HTTP_ROUTE.',
      'IST0154 EnvoyFilter bad.shop: The REMOVE operation will be ignored when applyTo is set to ROUTE_CONFIGURATION, or HTTP_ROUTE.',
    ]);
  });

  it('accepts absolute operations, and relative ones with a priority', () => {
    const ef = istio.envoyFilter('ok', 'shop', { priority: -5, configPatches: [patch('HTTP_FILTER', 'INSERT_FIRST', hcm), patch('CLUSTER', 'ADD'), patch('HTTP_FILTER', 'INSERT_AFTER', hcm), patch('LISTENER', 'MERGE', {}, { per_connection_buffer_limit_bytes: 1024 })] });
    const merge = istio.envoyFilter('merge', 'shop', { configPatches: [patch('LISTENER', 'MERGE', {}, { per_connection_buffer_limit_bytes: 1024 })] });
    expect(run([P], [ef, merge])).toEqual([]);
  });
});

describe('schema.ValidationAnalyzer.EnvoyFilter (IST0133 deprecated filter names)', () => {
  it('reports deprecated filter names in listener matches', () => {
    const ef = istio.envoyFilter('old', 'shop', {
      priority: 1,
      configPatches: [patch('HTTP_FILTER', 'INSERT_BEFORE', { listener: { filterChain: { filter: { name: 'envoy.http_connection_manager', subFilter: { name: 'envoy.router' } } } } })],
    });
    expect(run([V], [ef])).toEqual([
      'IST0133 EnvoyFilter old.shop: Schema validation warning: using deprecated filter name "envoy.http_connection_manager"; use "envoy.filters.network.http_connection_manager" instead',
      'IST0133 EnvoyFilter old.shop: Schema validation warning: using deprecated filter name "envoy.router"; use "envoy.filters.http.router" instead',
    ]);
  });

  it('accepts canonical names', () => {
    expect(run([V], [istio.envoyFilter('new', 'shop', { configPatches: [patch('HTTP_FILTER', 'INSERT_FIRST', hcm)] })])).toEqual([]);
  });
});
