#!/usr/bin/env node
// Resolves every pinned upstream file listed in imports/sources.json into upstream-data/<name>.
//
// For each entry, in order:
//   1. upstream-data/<name> already present with the pinned sha256: nothing to do;
//   2. ../shared/<name> (or $CDK8S_ISTIO_SHARED/<name>) present: copy it;
//   3. otherwise download `url` (the upstream file at the pinned tag).
// The sha256 is verified in every case; a mismatch is a hard error naming the file.
// The files are upstream data: they are git-ignored and never committed.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// The three locations can be overridden (tests use this to exercise the checks on scratch folders).
const manifestPath = process.env.CDK8S_ISTIO_SOURCES ?? join(root, 'imports', 'sources.json');
const outDir = process.env.CDK8S_ISTIO_UPSTREAM_OUT ?? join(root, 'upstream-data');
const sharedDir = process.env.CDK8S_ISTIO_SHARED ?? resolve(root, '..', 'shared');

const sha256 = (buf) => createHash('sha256').update(buf).digest('hex');

class ChecksumError extends Error {}

function verify(entry, buf, from) {
  const actual = sha256(buf);
  if (actual !== entry.sha256) {
    throw new ChecksumError(
      `checksum mismatch for ${entry.name} (read from ${from}): expected sha256 ${entry.sha256}, got ${actual}. ` +
      'The pinned upstream file changed or is corrupt; do not edit imports/sources.json to silence this unless the pin was deliberately moved.',
    );
  }
  return buf;
}

async function download(entry) {
  let lastError;
  for (let attempt = 1; attempt <= 3; attempt++) {
    try {
      const res = await fetch(entry.url, { signal: AbortSignal.timeout(60_000) });
      if (!res.ok) throw new Error(`HTTP ${res.status} ${res.statusText}`);
      return Buffer.from(await res.arrayBuffer());
    } catch (err) {
      lastError = err;
    }
  }
  throw new Error(`cannot download ${entry.name} from ${entry.url}: ${lastError?.message ?? lastError}; ` +
    `place the file at ${join(sharedDir, entry.name)} or set CDK8S_ISTIO_SHARED to a folder that holds it`);
}

async function resolveEntry(entry) {
  const dest = join(outDir, entry.name);
  if (existsSync(dest) && sha256(readFileSync(dest)) === entry.sha256) return 'cached';
  const local = join(sharedDir, entry.name);
  let buf;
  let origin;
  if (existsSync(local)) {
    buf = verify(entry, readFileSync(local), local);
    origin = 'shared';
  } else {
    buf = verify(entry, await download(entry), entry.url);
    origin = 'downloaded';
  }
  mkdirSync(dirname(dest), { recursive: true });
  const tmp = `${dest}.tmp-${process.pid}`;
  writeFileSync(tmp, buf);
  renameSync(tmp, dest);
  return origin;
}

async function main() {
  const { sources } = JSON.parse(readFileSync(manifestPath, 'utf8'));
  const counts = { cached: 0, shared: 0, downloaded: 0 };
  const seen = new Set();
  for (const entry of sources) {
    if (seen.has(entry.name)) throw new Error(`imports/sources.json lists ${entry.name} twice`);
    seen.add(entry.name);
    if (!/^[0-9a-f]{64}$/.test(entry.sha256)) throw new Error(`imports/sources.json: ${entry.name}: sha256 must be 64 hex digits`);
    counts[await resolveEntry(entry)]++;
  }
  // The checksum list travels with the data so the library can verify what it loads at run time.
  const list = JSON.stringify({ sources: sources.map(({ name, url, sha256 }) => ({ name, url, sha256 })) }, null, 2) + '\n';
  const listPath = join(outDir, 'sources.json');
  if (!existsSync(listPath) || readFileSync(listPath, 'utf8') !== list) writeFileSync(listPath, list);
  console.log(`upstream-data: ${sources.length} files verified (${counts.cached} cached, ${counts.shared} from ${sharedDir}, ${counts.downloaded} downloaded)`);
}

main().catch((err) => {
  console.error(`fetch-upstream: ${err.message}`);
  process.exit(1);
});
