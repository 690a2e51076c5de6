import { IConstruct } from 'constructs';
import { checkIstioDuration, istioDuration } from '../../core/duration';
import { ValidationError } from '../../core/errors';
import { isDns1123Subdomain } from '../../core/names';
import { checkPort } from '../../core/port';
import * as networking from '../../imports/networking';
import {
  ClientTlsMode, ClientTlsSettings, ConnectionPool, ConsistentHash, ConsistentHashKey, LoadBalancerSettings, OutlierDetection,
  TrafficPolicy,
} from '../traffic-policy';
import { checkHeaderName, checkInt, compact, INT32_MAX, l1, nonEmpty, UINT32_MAX } from './common';

type L1Policy = networking.DestinationRuleSpecTrafficPolicy;

function count(scope: IConstruct, field: string, value: number | undefined, max = INT32_MAX): number | undefined {
  return checkInt(scope, field, value, 0, max, 'use a non-negative whole number');
}

type L1ConsistentHash = networking.DestinationRuleSpecTrafficPolicyLoadBalancerConsistentHash;

function renderConsistentHash(scope: IConstruct, field: string, h: ConsistentHash): L1ConsistentHash {
  const o = h.options;
  if (o.ringHashMinimumRingSize !== undefined && o.maglevTableSize !== undefined) {
    throw new ValidationError(scope, field, `sets both ringHashMinimumRingSize and maglevTableSize, got ${o.ringHashMinimumRingSize} and ${o.maglevTableSize}; choose one hash algorithm`);
  }
  checkInt(scope, `${field}.ringHash.minimumRingSize`, o.ringHashMinimumRingSize, 1, Number.MAX_SAFE_INTEGER, 'use a positive number of virtual nodes');
  checkInt(scope, `${field}.maglev.tableSize`, o.maglevTableSize, 1, Number.MAX_SAFE_INTEGER, 'use a prime table size such as 65537');
  let cookie: networking.DestinationRuleSpecTrafficPolicyLoadBalancerConsistentHashHttpCookie | undefined;
  if (h.key === ConsistentHashKey.HTTP_COOKIE && h.cookie) {
    const c = h.cookie;
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(c.name)) {
      throw new ValidationError(scope, `${field}.httpCookie.name`, `must be a cookie name (an HTTP token), got '${c.name}'; use letters, digits and '-' or '_'`);
    }
    let ttl: string | undefined;
    if (c.ttl !== undefined) {
      const ms = c.ttl.toMilliseconds({ integral: false });
      if (!Number.isInteger(ms) || ms < 0) {
        throw new ValidationError(scope, `${field}.httpCookie.ttl`, `must be zero (session cookie) or a whole number of milliseconds, got ${ms}ms; use e.g. Duration.hours(1)`);
      }
      ttl = istioDuration(c.ttl);
    }
    cookie = {
      name: c.name,
      path: c.path,
      ttl,
      attributes: nonEmpty(c.attributes?.map((a) => ({ name: a.name, value: a.value }))),
    };
  }
  if ((h.key === ConsistentHashKey.HTTP_HEADER) && h.keyName !== undefined) checkHeaderName(scope, `${field}.httpHeaderName`, h.keyName.toLowerCase());
  if (h.key === ConsistentHashKey.QUERY_PARAMETER && !h.keyName) {
    throw new ValidationError(scope, `${field}.httpQueryParameterName`, "must not be empty, got ''; give the query parameter to hash on");
  }
  return {
    httpHeaderName: h.key === ConsistentHashKey.HTTP_HEADER ? h.keyName : undefined,
    httpCookie: cookie,
    useSourceIp: h.key === ConsistentHashKey.SOURCE_IP ? true : undefined,
    httpQueryParameterName: h.key === ConsistentHashKey.QUERY_PARAMETER ? h.keyName : undefined,
    ringHash: o.ringHashMinimumRingSize === undefined ? undefined : { minimumRingSize: o.ringHashMinimumRingSize },
    maglev: o.maglevTableSize === undefined ? undefined : { tableSize: o.maglevTableSize },
  };
}

function renderLoadBalancer(scope: IConstruct, field: string, lb: LoadBalancerSettings): networking.DestinationRuleSpecTrafficPolicyLoadBalancer {
  if (lb.algorithm !== undefined && lb.consistentHash !== undefined) {
    throw new ValidationError(scope, field, `sets both algorithm and consistentHash, got ${lb.algorithm} and a consistent hash; choose one`);
  }
  let locality: networking.DestinationRuleSpecTrafficPolicyLoadBalancerLocalityLbSetting | undefined;
  if (lb.locality) {
    const l = lb.locality;
    const distribute = l.distribute ?? [];
    if (distribute.length > 0 && ((l.failover ?? []).length > 0 || (l.failoverPriority ?? []).length > 0)) {
      throw new ValidationError(scope, `${field}.locality`, 'sets distribute together with failover or failoverPriority, got both; use either an explicit distribution or failover');
    }
    distribute.forEach((d, i) => {
      const weights = Object.values(d.toLocalities);
      weights.forEach((w) => checkInt(scope, `${field}.locality.distribute[${i}].toLocalities`, w, 0, 100, 'weights are percentages'));
      const sum = weights.reduce((a, b) => a + b, 0);
      if (sum !== 100) {
        throw new ValidationError(scope, `${field}.locality.distribute[${i}].toLocalities`, `weights must sum to 100, got ${sum}; adjust the weights`);
      }
    });
    locality = compact({
      enabled: l.enabled,
      distribute: nonEmpty(distribute.map((d) => ({ from: d.fromLocality, to: { ...d.toLocalities } }))),
      failover: nonEmpty(l.failover?.map((f) => ({ from: f.fromRegion, to: f.toRegion }))),
      failoverPriority: nonEmpty(l.failoverPriority),
    });
  }
  let warmup: networking.DestinationRuleSpecTrafficPolicyLoadBalancerWarmup | undefined;
  if (lb.warmup) {
    const w = lb.warmup;
    if (w.aggression !== undefined && (!Number.isFinite(w.aggression) || w.aggression <= 0)) {
      throw new ValidationError(scope, `${field}.warmup.aggression`, `must be a number above 0, got ${w.aggression}; use 1 for a linear ramp`);
    }
    warmup = {
      duration: checkIstioDuration(scope, `${field}.warmup.duration`, w.duration),
      minimumPercent: w.minimumPercent?._resolve(scope, `${field}.warmup.minimumPercent`),
      aggression: w.aggression,
    };
  }
  return {
    simple: l1(lb.algorithm),
    consistentHash: lb.consistentHash === undefined ? undefined : renderConsistentHash(scope, `${field}.consistentHash`, lb.consistentHash),
    localityLbSetting: locality,
    warmup,
  };
}

/** Renders connection pool settings (DestinationRule, Sidecar). */
export function renderConnectionPool(scope: IConstruct, field: string, p: ConnectionPool): networking.DestinationRuleSpecTrafficPolicyConnectionPool {
  const dur = (f: string, d: Parameters<typeof checkIstioDuration>[2] | undefined) => d === undefined ? undefined : checkIstioDuration(scope, f, d);
  const tcp = p.tcp === undefined ? undefined : {
    maxConnections: count(scope, `${field}.tcp.maxConnections`, p.tcp.maxConnections),
    connectTimeout: dur(`${field}.tcp.connectTimeout`, p.tcp.connectTimeout),
    maxConnectionDuration: dur(`${field}.tcp.maxConnectionDuration`, p.tcp.maxConnectionDuration),
    idleTimeout: dur(`${field}.tcp.idleTimeout`, p.tcp.idleTimeout),
    tcpKeepalive: p.tcp.tcpKeepalive === undefined ? undefined : ({
      probes: count(scope, `${field}.tcp.tcpKeepalive.probes`, p.tcp.tcpKeepalive.probes, UINT32_MAX),
      time: dur(`${field}.tcp.tcpKeepalive.time`, p.tcp.tcpKeepalive.time),
      interval: dur(`${field}.tcp.tcpKeepalive.interval`, p.tcp.tcpKeepalive.interval),
    }),
  };
  const h = p.http;
  const http = h === undefined ? undefined : {
    http1MaxPendingRequests: count(scope, `${field}.http.http1MaxPendingRequests`, h.http1MaxPendingRequests),
    http2MaxRequests: count(scope, `${field}.http.http2MaxRequests`, h.http2MaxRequests),
    maxRequestsPerConnection: count(scope, `${field}.http.maxRequestsPerConnection`, h.maxRequestsPerConnection),
    maxRetries: count(scope, `${field}.http.maxRetries`, h.maxRetries),
    idleTimeout: dur(`${field}.http.idleTimeout`, h.idleTimeout),
    h2UpgradePolicy: l1<networking.DestinationRuleSpecTrafficPolicyConnectionPoolHttpH2UpgradePolicy>(h.h2UpgradePolicy),
    useClientProtocol: h.useClientProtocol,
    maxConcurrentStreams: count(scope, `${field}.http.maxConcurrentStreams`, h.maxConcurrentStreams),
  };
  return { tcp, http };
}

/** Renders outlier detection. */
export function renderOutlierDetection(
  scope: IConstruct, field: string, o: OutlierDetection,
): networking.DestinationRuleSpecTrafficPolicyOutlierDetection {
  return {
    consecutive5XxErrors: count(scope, `${field}.consecutive5xxErrors`, o.consecutive5xxErrors, UINT32_MAX),
    consecutiveGatewayErrors: count(scope, `${field}.consecutiveGatewayErrors`, o.consecutiveGatewayErrors, UINT32_MAX),
    consecutiveLocalOriginFailures: count(scope, `${field}.consecutiveLocalOriginFailures`, o.consecutiveLocalOriginFailures, UINT32_MAX),
    splitExternalLocalOriginErrors: o.splitExternalLocalOriginErrors,
    interval: o.interval === undefined ? undefined : checkIstioDuration(scope, `${field}.interval`, o.interval),
    baseEjectionTime: o.baseEjectionTime === undefined ? undefined : checkIstioDuration(scope, `${field}.baseEjectionTime`, o.baseEjectionTime),
    maxEjectionPercent: checkInt(scope, `${field}.maxEjectionPercent`, o.maxEjectionPercent, 0, 100, 'it is a percentage of the endpoints'),
    minHealthPercent: checkInt(scope, `${field}.minHealthPercent`, o.minHealthPercent, 0, 100, 'it is a percentage of the endpoints'),
  };
}

/** Renders client TLS settings. */
export function renderClientTls(scope: IConstruct, field: string, t: ClientTlsSettings): networking.DestinationRuleSpecTrafficPolicyTls {
  if (t.mode === ClientTlsMode.ISTIO_MUTUAL) {
    const set = (['credentialName', 'clientCertificate', 'privateKey', 'caCertificates', 'caCrl'] as const).filter((k) => t[k] !== undefined);
    if (set.length > 0) {
      throw new ValidationError(scope, field, `ISTIO_MUTUAL uses Istio's workload certificates and takes no certificate settings, got ${set.join(', ')}; ` +
        'remove them, or use mode MUTUAL with your own certificates');
    }
  }
  if (t.mode === ClientTlsMode.MUTUAL && t.credentialName === undefined && (t.clientCertificate === undefined || t.privateKey === undefined)) {
    throw new ValidationError(scope, field, 'MUTUAL needs a client certificate, got no credentialName and no clientCertificate/privateKey pair; ' +
      'set credentialName (a Secret) or both clientCertificate and privateKey');
  }
  if (t.credentialName !== undefined && !isDns1123Subdomain(t.credentialName)) {
    throw new ValidationError(scope, `${field}.credentialName`, `must be a Secret name (DNS-1123 subdomain), got '${t.credentialName}'; use the name of the TLS Secret`);
  }
  return {
    mode: l1(t.mode),
    credentialName: t.credentialName,
    clientCertificate: t.clientCertificate,
    privateKey: t.privateKey,
    caCertificates: t.caCertificates,
    caCrl: t.caCrl,
    subjectAltNames: nonEmpty(t.subjectAltNames),
    sni: t.sni,
    insecureSkipVerify: t.insecureSkipVerify,
  };
}

/** Renders a traffic policy (DestinationRule top level and subsets share the shape). */
export function renderTrafficPolicy(scope: IConstruct, field: string, p: TrafficPolicy): L1Policy | undefined {
  const ports = p.portLevelSettings ?? [];
  const seen = new Set<number>();
  ports.forEach((pl, i) => {
    checkPort(scope, `${field}.portLevelSettings[${i}].port`, pl.port);
    if (seen.has(pl.port)) {
      throw new ValidationError(scope, `${field}.portLevelSettings[${i}].port`, `must be unique, got port ${pl.port} twice; merge the settings for that port`);
    }
    seen.add(pl.port);
  });
  let tunnel: networking.DestinationRuleSpecTrafficPolicyTunnel | undefined;
  if (p.tunnel) {
    if (p.tunnel.targetHost === '') {
      throw new ValidationError(scope, `${field}.tunnel.targetHost`, "must not be empty, got ''; give the host to tunnel to");
    }
    tunnel = { targetHost: p.tunnel.targetHost, targetPort: checkPort(scope, `${field}.tunnel.targetPort`, p.tunnel.targetPort), protocol: p.tunnel.protocol };
  }
  return compact<L1Policy>({
    loadBalancer: p.loadBalancer === undefined ? undefined : renderLoadBalancer(scope, `${field}.loadBalancer`, p.loadBalancer),
    connectionPool: p.connectionPool === undefined ? undefined : renderConnectionPool(scope, `${field}.connectionPool`, p.connectionPool),
    outlierDetection: p.outlierDetection === undefined ? undefined : renderOutlierDetection(scope, `${field}.outlierDetection`, p.outlierDetection),
    tls: p.tls === undefined ? undefined : renderClientTls(scope, `${field}.tls`, p.tls),
    portLevelSettings: nonEmpty(ports.map((pl, i) => ({
      port: { number: pl.port },
      loadBalancer: pl.loadBalancer === undefined ? undefined : renderLoadBalancer(scope, `${field}.portLevelSettings[${i}].loadBalancer`, pl.loadBalancer),
      connectionPool: pl.connectionPool === undefined ? undefined : renderConnectionPool(scope, `${field}.portLevelSettings[${i}].connectionPool`, pl.connectionPool),
      outlierDetection: pl.outlierDetection === undefined ? undefined
        : renderOutlierDetection(scope, `${field}.portLevelSettings[${i}].outlierDetection`, pl.outlierDetection),
      tls: pl.tls === undefined ? undefined : renderClientTls(scope, `${field}.portLevelSettings[${i}].tls`, pl.tls) as networking.DestinationRuleSpecTrafficPolicyPortLevelSettingsTls,
    }) as networking.DestinationRuleSpecTrafficPolicyPortLevelSettings)),
    proxyProtocol: p.proxyProtocol === undefined ? undefined : { version: l1(p.proxyProtocol) },
    tunnel,
    retryBudget: p.retryBudget === undefined ? undefined : ({
      percent: p.retryBudget.percent?._resolve(scope, `${field}.retryBudget.percent`),
      minRetryConcurrency: count(scope, `${field}.retryBudget.minRetryConcurrency`, p.retryBudget.minRetryConcurrency, UINT32_MAX),
    }),
  });
}
