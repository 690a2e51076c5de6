import { IConstruct } from 'constructs';
import { istioDuration } from '../../core/duration';
import { ValidationError } from '../../core/errors';
import { MeshConfig } from '../mesh-config';
import { checkInt, checkNonEmpty, show } from './checks';
import { Json } from './values';

/** Providers istiod defines itself (`pkg/config/mesh/mesh.go`). */
const BUILT_IN_PROVIDERS = ['prometheus', 'stackdriver', 'envoy'];

/**
 * Validates a typed `MeshConfig` and returns it as the Helm `meshConfig` values overlay (only the fields set, in
 * Istio's JSON field names).
 */
export function meshConfigOverlay(scope: IConstruct, config: MeshConfig | undefined, field = 'meshConfig'): Json {
  const out: Json = {};
  if (!config) return out;
  if (config.outboundTrafficPolicy !== undefined) out.outboundTrafficPolicy = { mode: config.outboundTrafficPolicy };
  if (config.accessLogFile !== undefined) out.accessLogFile = config.accessLogFile;
  if (config.accessLogFormat !== undefined) out.accessLogFormat = config.accessLogFormat;
  if (config.accessLogEncoding !== undefined) out.accessLogEncoding = config.accessLogEncoding;
  if (config.enableAutoMtls !== undefined) out.enableAutoMtls = config.enableAutoMtls;
  if (config.enablePrometheusMerge !== undefined) out.enablePrometheusMerge = config.enablePrometheusMerge;
  if (config.trustDomainAliases !== undefined) out.trustDomainAliases = [...config.trustDomainAliases];

  const dc = config.defaultConfig;
  if (dc) {
    const d: Json = {};
    if (dc.holdApplicationUntilProxyStarts !== undefined) d.holdApplicationUntilProxyStarts = dc.holdApplicationUntilProxyStarts;
    checkInt(scope, `${field}.defaultConfig.concurrency`, dc.concurrency, 0, 1024, 'use 0 for one worker per CPU core');
    if (dc.concurrency !== undefined) d.concurrency = dc.concurrency;
    if (dc.terminationDrainDuration !== undefined) d.terminationDrainDuration = istioDuration(dc.terminationDrainDuration);
    if (dc.proxyMetadata !== undefined) d.proxyMetadata = { ...dc.proxyMetadata };
    if (dc.tracing) {
      const sampling = dc.tracing.samplingPercentage;
      if (sampling !== undefined && (!(sampling >= 0) || sampling > 100)) {
        throw new ValidationError(scope, `${field}.defaultConfig.tracing.sampling`,
          `must be a percentage from 0 to 100, got ${sampling}; use e.g. 1 to trace one request in a hundred`);
      }
      const address = dc.tracing._address;
      if (address !== undefined) checkNonEmpty(scope, `${field}.defaultConfig.tracing.address`, address, 'give the collector as host:port');
      d.tracing = dc.tracing._toJson();
    }
    if (Object.keys(d).length) out.defaultConfig = d;
  }

  const names = new Set<string>();
  if (config.extensionProviders) {
    out.extensionProviders = config.extensionProviders.map((p, i) => {
      const f = `${field}.extensionProviders[${i}]`;
      if (!/^[a-zA-Z0-9]([-a-zA-Z0-9_.]*[a-zA-Z0-9])?$/.test(p.name)) {
        throw new ValidationError(scope, `${f}.name`, 'must be a non-empty name of letters, digits, \'-\', \'_\' or \'.\', ' +
          `got ${show(p.name)}; name the provider as Telemetry resources will reference it`);
      }
      if (names.has(p.name)) {
        throw new ValidationError(scope, `${f}.name`, `is already used by another extension provider, got ${show(p.name)}; ` +
          'give every provider a distinct name');
      }
      names.add(p.name);
      if (p._service) {
        checkNonEmpty(scope, `${f}.service`, p._service.service, 'give the fully qualified service host');
        checkInt(scope, `${f}.port`, p._service.port, 1, 65535, 'give the port the service listens on');
      }
      return p._toJson();
    });
  }

  const dp = config.defaultProviders;
  if (dp) {
    const d: Json = {};
    for (const kind of ['metrics', 'tracing', 'accessLogging'] as const) {
      const list = dp[kind];
      if (list === undefined) continue;
      list.forEach((name, i) => {
        if (!names.has(name) && !BUILT_IN_PROVIDERS.includes(name)) {
          throw new ValidationError(scope, `${field}.defaultProviders.${kind}[${i}]`, 'names no extension provider, got ' +
            `${show(name)}; define it in extensionProviders or use a built-in one (${BUILT_IN_PROVIDERS.join(', ')})`);
        }
      });
      d[kind] = [...list];
    }
    out.defaultProviders = d;
  }
  return out;
}
