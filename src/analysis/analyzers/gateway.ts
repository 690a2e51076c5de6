// Mirrors istio/istio pkg/config/analysis/analyzers/gateway: gateway.go (IngressGatewayPortAnalyzer: IST0101,
// IST0162), secret.go (SecretAnalyzer: IST0101, IST0161, with pilot/pkg/credentials/kube ExtractCertInfo and
// pilot/pkg/xds ValidateCertificate), certificate.go (CertificateAnalyzer: IST0138) and conflictinggateway.go
// (ConflictingGatewayAnalyzer: IST0101, IST0145).
//
// Gateway selectors are matched against pods and the pod templates of workloads in every namespace, as upstream
// matches pods. Service ports without a protocol count as TCP (the API server's default; istioctl reading files
// sees the field empty).
import { X509Certificate } from 'node:crypto';
import { Analyzer } from '../analyzer';
import { MSG } from '../catalogue';
import { AnalysisContext, stringList, stringRecord } from '../context';
import { selectorLabelPointer, selectorString } from '../labels';
import { GROUP, Resource, fullName } from '../resource';

function gatewaySelector(r: Resource): Record<string, string> {
  return stringRecord(r.spec.selector) ?? {};
}

/** util.GatewaySelector: selector messages are placed at the first selector label. */
function selectorPointer(selector: Record<string, string>): string {
  return selectorLabelPointer('/spec/selector', selector);
}

function servers(r: Resource): any[] {
  return Array.isArray(r.spec.servers) ? r.spec.servers : [];
}

/** IntOrString.IntValue(): the number, or the number a string holds, else 0. */
function intValue(v: unknown): number {
  if (typeof v === 'number') return Math.trunc(v);
  if (typeof v === 'string' && /^-?[0-9]+$/.test(v)) return Number(v);
  return 0;
}

/** gateway.IngressGatewayPortAnalyzer */
export const ingressGatewayPortAnalyzer: Analyzer = {
  name: 'gateway.IngressGatewayPortAnalyzer',
  description: "Checks a gateway's ports against the gateway's Kubernetes service ports",
  upstream: 'pkg/config/analysis/analyzers/gateway/gateway.go',
  analyze(ctx) {
    for (const r of ctx.ofKind(GROUP.NETWORKING, 'Gateway')) {
      const selector = gatewaySelector(r);
      const pods = ctx.workloads.select(selector);
      if (pods.length === 0) {
        ctx.report(r, MSG.ReferencedResourceNotFound, ['selector', selectorString(selector)], selectorPointer(selector));
        continue;
      }
      // Ports the Services selecting the gateway pods forward to (targetPort, else port), and the Service ports
      // that have a targetPort (upstream's portMapping): a server port matching either is served.
      const servicePorts = new Set<number>();
      const mappedPorts = new Set<number>();
      for (const pod of pods) {
        for (const svc of ctx.servicesSelecting(pod.namespace, pod.labels)) {
          for (const p of Array.isArray(svc.spec.ports) ? svc.spec.ports : []) {
            if ((p?.protocol ?? 'TCP') !== 'TCP') continue;
            const tp = intValue(p?.targetPort);
            servicePorts.add(tp !== 0 ? tp : Number(p?.port));
            if (tp !== 0) mappedPorts.add(Number(p?.port));
          }
        }
      }
      servers(r).forEach((server) => {
        const number = server?.port?.number;
        if (typeof number === 'number' && !servicePorts.has(number) && !mappedPorts.has(number)) {
          ctx.report(r, MSG.GatewayPortNotDefinedOnService, [number, selectorString(selector)], selectorPointer(selector));
        }
      });
    }
  },
};

function secretValue(secret: Resource, key: string): string | undefined {
  const plain = secret.object.stringData?.[key];
  if (typeof plain === 'string' && plain !== '') return plain;
  const encoded = secret.object.data?.[key];
  if (typeof encoded === 'string' && encoded !== '') return Buffer.from(encoded, 'base64').toString('utf8');
  return undefined;
}

/**
 * gateway.isValidSecret: the Secret holds a certificate and key (`cert`/`key`, else `tls.crt`/`tls.key`, both
 * non-empty), and the first PEM block of the certificate parses as X.509 certificates valid now.
 * @internal
 */
export function isValidCredential(secret: Resource, now: Date = new Date()): boolean {
  const cert = secretValue(secret, 'cert') !== undefined && secretValue(secret, 'key') !== undefined
    ? secretValue(secret, 'cert')!
    : secretValue(secret, 'tls.crt') !== undefined && secretValue(secret, 'tls.key') !== undefined ? secretValue(secret, 'tls.crt')! : undefined;
  if (cert === undefined) return false;
  const block = /-----BEGIN ([^-\n]+)-----\r?\n([\s\S]*?)-----END \1-----/.exec(cert);
  if (!block) return false;
  try {
    const x509 = new X509Certificate(Buffer.from(block[2].replace(/[^A-Za-z0-9+/=]/g, ''), 'base64'));
    return now >= new Date(x509.validFrom) && now <= new Date(x509.validTo);
  } catch {
    return false;
  }
}

/** gateway.SecretAnalyzer */
export const gatewaySecretAnalyzer: Analyzer = {
  name: 'gateway.SecretAnalyzer',
  description: "Checks a gateway's referenced secrets for correctness",
  upstream: 'pkg/config/analysis/analyzers/gateway/secret.go',
  analyze(ctx) {
    for (const r of ctx.ofKind(GROUP.NETWORKING, 'Gateway')) {
      const selector = gatewaySelector(r);
      // The namespace of the gateway workload (not of the Gateway object): credentials live there.
      const pod = ctx.workloads.select(selector)[0];
      if (!pod) {
        ctx.report(r, MSG.ReferencedResourceNotFound, ['selector', selectorString(selector)], selectorPointer(selector));
        continue;
      }
      servers(r).forEach((server, i) => {
        const cn = server?.tls?.credentialName;
        if (typeof cn !== 'string' || cn === '') return;
        const [ns, name] = cn.includes('/') ? cn.split('/', 2) : [pod.namespace, cn];
        const secret = ctx.find(GROUP.CORE, 'Secret', ns, name);
        const pointer = `/spec/servers/${i}/tls/credentialName`;
        if (!secret) ctx.report(r, MSG.ReferencedResourceNotFound, ['credentialName', cn], pointer);
        else if (!isValidCredential(secret)) ctx.report(r, MSG.InvalidGatewayCredential, [r.name, pod.namespace], pointer);
      });
    }
  },
};

/** gateway.selectorSubset: every pair of x is in y. */
function selectorSubset(x: Record<string, string>, y: Record<string, string>): boolean {
  return Object.keys(x).every((k) => k in y && y[k] === x[k]);
}

function certificateKey(tls: any): string | undefined {
  if (typeof tls?.credentialName === 'string' && tls.credentialName !== '') return `credential\u0000${tls.credentialName}`;
  if (typeof tls?.serverCertificate === 'string' && tls.serverCertificate !== '' && typeof tls?.privateKey === 'string' && tls.privateKey !== '') {
    return `files\u0000${tls.serverCertificate}\u0000${tls.privateKey}`;
  }
  return undefined;
}

/** gateway.CertificateAnalyzer (features.ScopeGatewayToNamespace off, its default) */
export const gatewayCertificateAnalyzer: Analyzer = {
  name: 'gateway.CertificateAnalyzer',
  description: 'Checks a gateway certificate',
  upstream: 'pkg/config/analysis/analyzers/gateway/certificate.go',
  analyze(ctx) {
    // Servers by the certificate they present (haveSameCertificate: same credentialName, or same certificate and
    // key files), so that a gateway is compared with the gateways sharing its certificates only.
    const byCertificate = new Map<string, Resource[]>();
    const gateways = ctx.ofKind(GROUP.NETWORKING, 'Gateway');
    for (const gw of gateways) {
      for (const server of servers(gw)) {
        const key = certificateKey(server?.tls);
        if (!key) continue;
        if (!byCertificate.has(key)) byCertificate.set(key, []);
        const list = byCertificate.get(key)!;
        if (list[list.length - 1] !== gw) list.push(gw);
      }
    }
    for (const gw of gateways) {
      const selector = gatewaySelector(gw);
      const reported = new Set<Resource>();
      for (const server of servers(gw)) {
        const key = certificateKey(server?.tls);
        if (!key) continue;
        for (const other of byCertificate.get(key)!) {
          if (other === gw || reported.has(other) || !selectorSubset(selector, gatewaySelector(other))) continue;
          reported.add(other);
          ctx.report(gw, MSG.GatewayDuplicateCertificate, [[fullName(gw), fullName(other)]], '/metadata/name');
        }
      }
    }
  },
};

/** gateway.ConflictingGatewayAnalyzer */
export const conflictingGatewayAnalyzer: Analyzer = {
  name: 'gateway.ConflictingGatewayAnalyzer',
  description: "Checks a gateway's selector, port number and hosts",
  upstream: 'pkg/config/analysis/analyzers/gateway/conflictinggateway.go',
  analyze(ctx) {
    const gateways = ctx.ofKind(GROUP.NETWORKING, 'Gateway');
    // initGatewaysMap: `selector~port` -> gateway -> host -> bind (the last server of a gateway on a port wins),
    // indexed here by `host\0bind` so that a conflict is a lookup.
    const byKey = new Map<string, Map<string, Map<string, string>>>();
    for (const gw of gateways) {
      const sel = selectorString(gatewaySelector(gw));
      for (const server of servers(gw)) {
        const key = `${sel}~${Number(server?.port?.number ?? 0)}`;
        if (!byKey.has(key)) byKey.set(key, new Map());
        const hostsBind = new Map<string, string>();
        for (const h of stringList(server?.hosts)) hostsBind.set(h, String(server?.bind ?? ''));
        byKey.get(key)!.set(fullName(gw), hostsBind);
      }
    }
    const index = new Map<string, Map<string, Set<string>>>();
    for (const [key, byGateway] of byKey) {
      const hostIndex = new Map<string, Set<string>>();
      for (const [gwName, hostsBind] of byGateway) {
        for (const [h, bind] of hostsBind) {
          const hk = `${h}\u0000${bind}`;
          if (!hostIndex.has(hk)) hostIndex.set(hk, new Set());
          hostIndex.get(hk)!.add(gwName);
        }
      }
      index.set(key, hostIndex);
    }
    const selectors = new Set([...byKey.keys()].map((k) => k.slice(0, k.lastIndexOf('~'))));
    const sameSelectorsOf = sameSelectorFinder(ctx, selectors);
    for (const gw of gateways) {
      const selector = gatewaySelector(gw);
      const sel = selectorString(selector);
      const sameSelectors = sameSelectorsOf(sel, selector);
      if (sel !== '' && sameSelectors.length === 0) {
        ctx.report(gw, MSG.ReferencedResourceNotFound, ['selector', sel], selectorPointer(selector));
        continue;
      }
      const name = fullName(gw);
      for (const server of servers(gw)) {
        const port = String(Number(server?.port?.number ?? 0));
        const bind = String(server?.bind ?? '');
        const conflicting = new Set<string>();
        for (const x of sameSelectors) {
          const hostIndex = index.get(`${x}~${port}`);
          if (!hostIndex) continue;
          for (const h of stringList(server?.hosts)) {
            for (const other of hostIndex.get(`${h}\u0000${bind}`) ?? []) if (other !== name) conflicting.add(other);
          }
        }
        if (conflicting.size > 0) {
          ctx.report(gw, MSG.ConflictingGateways, [[...conflicting].sort().join(','), sel, port, stringList(server?.hosts).join(',')]);
        }
      }
    }
  },
};

function parseSelector(s: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of s.split(',')) {
    const kv = pair.split('=');
    if (kv.length === 2) out[kv[0]] = kv[1];
  }
  return out;
}

/**
 * For a gateway selector, the gateway selectors (of the map keys) that pick the same pods: the same selector, or one
 * that contains the other as a string and shares a pod with it. Selectors are indexed by their `key=value` pairs, so
 * the candidates are found from the pods the selector matches, not by comparing every pair of selectors.
 */
function sameSelectorFinder(ctx: AnalysisContext, selectors: ReadonlySet<string>): (sel: string, selector: Record<string, string>) => string[] {
  const parsed = new Map([...selectors].map((x) => [x, parseSelector(x)]));
  const byPair = new Map<string, string[]>();
  const everything: string[] = [];
  for (const [x, labels] of parsed) {
    const keys = Object.keys(labels);
    if (keys.length === 0) everything.push(x);
    for (const k of keys) {
      const key = `${k}=${labels[k]}`;
      if (!byPair.has(key)) byPair.set(key, []);
      byPair.get(key)!.push(x);
    }
  }
  return (sel, selector) => {
    const found = new Set<string>(selectors.has(sel) ? [sel] : []);
    for (const pod of ctx.workloads.select(selector)) {
      const hits = new Map<string, number>();
      for (const [k, v] of Object.entries(pod.labels)) for (const x of byPair.get(`${k}=${v}`) ?? []) hits.set(x, (hits.get(x) ?? 0) + 1);
      const matching = [...everything, ...[...hits].filter(([x, n]) => n === Object.keys(parsed.get(x)!).length).map(([x]) => x)];
      for (const x of matching) if (x.includes(sel) || sel.includes(x)) found.add(x);
    }
    return [...found];
  };
}
