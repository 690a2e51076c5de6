import { parse } from 'yaml';
import { ISTIO_VERSION, readUpstreamDocuments } from '../../src/upstream/upstream-data';

/** Placeholders in upstream's goldens and what they stand for in a real 1.30.3 install. */
export interface Placeholders {
  /** Replace the goldens' test image registry `registry.istio.io/testing` and tag `latest` with the release ones. */
  readonly testImages: boolean;
}

/** A listed difference between our output and a golden. */
export interface AllowedDifference {
  /** `Kind/namespace/name` (`-` for cluster-scoped), or `*` for every object. */
  readonly object: string;
  /** JSON pointer prefix of the difference inside the object; `''` for the whole object (missing / extra). */
  readonly path: string;
  /** Why the difference is right. */
  readonly reason: string;
}

/** One difference found. */
export interface Difference {
  readonly object: string;
  readonly path: string;
  readonly golden: unknown;
  readonly ours: unknown;
}

const ISTIOCTL_LABELS = ['install.operator.istio.io/owning-resource', 'operator.istio.io/component'];
const EMBEDDED_JSON = ['values', 'merged-values', 'original-values'];
const EMBEDDED_YAML = ['mesh', 'meshNetworks', 'config'];

export function objectKey(o: any): string {
  return `${o.kind}/${o.metadata?.namespace ?? '-'}/${o.metadata?.name}`;
}

/** The golden's objects (CRDs included), normalised for upstream's placeholders only. */
export function goldenObjects(file: string, placeholders: Placeholders): any[] {
  return readUpstreamDocuments(`istio/${ISTIO_VERSION}/golden/${file}`).map((o) => normalise(o, placeholders));
}

function walkStrings(value: any, fn: (s: string, key: string | undefined) => string, key?: string): any {
  if (typeof value === 'string') return fn(value, key);
  if (Array.isArray(value)) return value.map((v) => walkStrings(v, fn));
  if (value && typeof value === 'object') {
    const out: any = {};
    for (const [k, v] of Object.entries(value)) out[k] = walkStrings(v, fn, k);
    return out;
  }
  return value;
}

function fixLabels(labels: Record<string, string> | undefined): Record<string, string> | undefined {
  if (!labels) return labels;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(labels)) {
    if (ISTIOCTL_LABELS.includes(k)) continue;
    if (k === 'app.kubernetes.io/version' && v === '1.0.0') out[k] = ISTIO_VERSION;
    else if (k === 'helm.sh/chart') out[k] = v.replace(/-1\.0\.0$/, `-${ISTIO_VERSION}`);
    else out[k] = v;
  }
  return out;
}

/** Applies the placeholder normalisation to one golden object. */
export function normalise(object: any, placeholders: Placeholders): any {
  let o = JSON.parse(JSON.stringify(object));
  if (o.metadata?.labels) o.metadata.labels = fixLabels(o.metadata.labels);
  if (o.spec?.template?.metadata?.labels) o.spec.template.metadata.labels = fixLabels(o.spec.template.metadata.labels);
  if (placeholders.testImages) {
    o = walkStrings(o, (s, key) => {
      let r = s.replace(/registry\.istio\.io\/testing/g, 'docker.io/istio').replace(/^(docker\.io\/istio\/[a-z0-9]+):latest$/, `$1:${ISTIO_VERSION}`);
      if (key === 'tag' && r === 'latest') r = ISTIO_VERSION;
      return r;
    });
    // the same placeholders inside the JSON documents the ConfigMaps embed
    if (o.kind === 'ConfigMap') {
      for (const key of EMBEDDED_JSON) {
        if (typeof o.data?.[key] === 'string') {
          o.data[key] = o.data[key]
            .replace(/"hub": "registry\.istio\.io\/testing"/g, '"hub": "docker.io/istio"')
            .replace(/"tag": "latest"/g, `"tag": "${ISTIO_VERSION}"`);
        }
      }
    }
  }
  return o;
}

/** Parses the JSON / YAML documents ConfigMaps embed, so differences point inside them. */
export function expandEmbedded(object: any): any {
  if (object.kind !== 'ConfigMap' || !object.data) return object;
  const o = JSON.parse(JSON.stringify(object));
  for (const key of Object.keys(o.data)) {
    if (EMBEDDED_JSON.includes(key)) o.data[key] = JSON.parse(o.data[key]);
    else if (EMBEDDED_YAML.includes(key)) o.data[key] = parse(o.data[key]);
  }
  return o;
}

function escape(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

function diffValue(golden: unknown, ours: unknown, path: string, out: Array<{ path: string; golden: unknown; ours: unknown }>): void {
  if (Array.isArray(golden) && Array.isArray(ours)) {
    const n = Math.max(golden.length, ours.length);
    for (let i = 0; i < n; i++) diffValue(golden[i], ours[i], `${path}/${i}`, out);
    return;
  }
  const isObj = (v: unknown) => v !== null && typeof v === 'object' && !Array.isArray(v);
  if (isObj(golden) && isObj(ours)) {
    const keys = new Set([...Object.keys(golden as object), ...Object.keys(ours as object)]);
    for (const k of [...keys].sort()) diffValue((golden as any)[k], (ours as any)[k], `${path}/${escape(k)}`, out);
    return;
  }
  if (JSON.stringify(golden) !== JSON.stringify(ours)) out.push({ path, golden, ours });
}

/** Every difference between the golden objects and ours, objects matched by (kind, namespace, name). */
export function compare(golden: any[], ours: any[]): Difference[] {
  const diffs: Difference[] = [];
  const g = new Map(golden.map((o) => [objectKey(o), o]));
  const u = new Map(ours.map((o) => [objectKey(o), o]));
  for (const key of [...new Set([...g.keys(), ...u.keys()])].sort()) {
    const a = g.get(key);
    const b = u.get(key);
    if (!a || !b) {
      diffs.push({ object: key, path: '', golden: a ? 'present' : 'absent', ours: b ? 'present' : 'absent' });
      continue;
    }
    const found: Array<{ path: string; golden: unknown; ours: unknown }> = [];
    diffValue(expandEmbedded(a), expandEmbedded(b), '', found);
    for (const d of found) diffs.push({ object: key, ...d });
  }
  return diffs;
}

function matches(entry: AllowedDifference, diff: Difference): boolean {
  const objectOk = entry.object === '*' || entry.object === diff.object ||
    (entry.object.endsWith('*') && diff.object.startsWith(entry.object.slice(0, -1)));
  const pathOk = entry.path === '' ? diff.path === '' : diff.path === entry.path || diff.path.startsWith(`${entry.path}/`);
  return objectOk && pathOk;
}

/** Differences no allowlist entry covers, and allowlist entries that cover nothing (stale). */
export function review(diffs: Difference[], allowlist: AllowedDifference[]): { unexpected: Difference[]; unused: AllowedDifference[] } {
  const used = new Set<AllowedDifference>();
  const unexpected: Difference[] = [];
  for (const d of diffs) {
    const entry = allowlist.find((e) => matches(e, d));
    if (entry) used.add(entry);
    else unexpected.push(d);
  }
  return { unexpected, unused: allowlist.filter((e) => !used.has(e)) };
}
