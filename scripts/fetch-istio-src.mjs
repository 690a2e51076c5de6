#!/usr/bin/env node
// Extracts the parts of Istio's source the tests compare against (the analyzer test table and its inputs, the
// analysis message catalogue) into .cache/istio-src/, from the istio.io/istio module zip pinned in
// imports/istio-src.json.
//
// The zip is taken, in order, from:
//   1. $CDK8S_ISTIO_SRC_ZIP, when set (a path);
//   2. the Go module cache ($GOMODCACHE, else $GOPATH/pkg/mod, else ~/go/pkg/mod), where `go mod download` puts it;
//   3. the Go module proxy ($GOPROXY's first entry, else the public proxy).
// Its sha256 is verified in every case; a mismatch is a hard error. Nothing here is committed or packaged: the
// files are upstream data, used by tests only. A stamp skips the work when the pinned zip was already extracted.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateRawSync } from 'node:zlib';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const pinPath = process.env.CDK8S_ISTIO_SRC_PIN ?? join(root, 'imports', 'istio-src.json');
const outDir = process.env.CDK8S_ISTIO_SRC_OUT ?? join(root, '.cache', 'istio-src');
const pin = JSON.parse(readFileSync(pinPath, 'utf8'));
const stampPath = join(outDir, '.stamp');

const sha256 = (buf) => createHash('sha256').update(buf).digest('hex');

/** The entries of a zip archive (no zip64: module zips are far below 4 GB), with their data on demand. */
function zipEntries(buf) {
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new Error('not a zip archive: no end of central directory record');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const entries = [];
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error(`zip central directory entry ${i} is corrupt`);
    const method = buf.readUInt16LE(p + 10);
    const compressedSize = buf.readUInt32LE(p + 20);
    const nameLength = buf.readUInt16LE(p + 28);
    const extraLength = buf.readUInt16LE(p + 30);
    const commentLength = buf.readUInt16LE(p + 32);
    const localHeader = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLength);
    entries.push({
      name,
      data() {
        const start = localHeader + 30 + buf.readUInt16LE(localHeader + 26) + buf.readUInt16LE(localHeader + 28);
        const raw = buf.subarray(start, start + compressedSize);
        if (method === 0) return raw;
        if (method === 8) return inflateRawSync(raw);
        throw new Error(`${name}: unsupported zip compression method ${method}`);
      },
    });
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

function moduleCacheZip() {
  const modCache = process.env.GOMODCACHE || join(process.env.GOPATH || join(homedir(), 'go'), 'pkg', 'mod');
  return join(modCache, 'cache', 'download', ...pin.module.split('/'), '@v', `${pin.version}.zip`);
}

async function download() {
  const proxy = (process.env.GOPROXY ?? '').split(/[,|]/).find((p) => p.startsWith('http')) ?? 'https://proxy.golang.org';
  const url = `${proxy.replace(/\/$/, '')}/${pin.module}/@v/${pin.version}.zip`;
  let lastError;
  for (let attempt = 1; attempt <= 3; attempt++) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(120_000) });
      if (!res.ok) throw new Error(`HTTP ${res.status} ${res.statusText}`);
      return { buf: Buffer.from(await res.arrayBuffer()), from: url };
    } catch (err) {
      lastError = err;
    }
  }
  throw new Error(`cannot download ${pin.module}@${pin.version} from ${url}: ${lastError?.message ?? lastError}; ` +
    `run \`go mod download ${pin.module}@${pin.version}\` or set CDK8S_ISTIO_SRC_ZIP to the module zip`);
}

async function main() {
  if (existsSync(stampPath) && readFileSync(stampPath, 'utf8').trim() === pin.zipSha256) return;
  let source;
  if (process.env.CDK8S_ISTIO_SRC_ZIP) source = { buf: readFileSync(process.env.CDK8S_ISTIO_SRC_ZIP), from: process.env.CDK8S_ISTIO_SRC_ZIP };
  else if (existsSync(moduleCacheZip())) source = { buf: readFileSync(moduleCacheZip()), from: moduleCacheZip() };
  else source = await download();
  const actual = sha256(source.buf);
  if (actual !== pin.zipSha256) {
    throw new Error(`checksum mismatch for ${pin.module}@${pin.version} (read from ${source.from}): expected sha256 ${pin.zipSha256}, got ${actual}. ` +
      'The module zip is corrupt or not the pinned one; do not edit imports/istio-src.json to silence this unless the pin was deliberately moved.');
  }
  const prefix = `${pin.module}@${pin.version}/`;
  rmSync(outDir, { recursive: true, force: true });
  let written = 0;
  for (const entry of zipEntries(source.buf)) {
    if (!entry.name.startsWith(prefix) || entry.name.endsWith('/')) continue;
    const path = entry.name.slice(prefix.length);
    if (!pin.paths.some((p) => (p.endsWith('/') ? path.startsWith(p) : path === p))) continue;
    const dest = join(outDir, path);
    mkdirSync(dirname(dest), { recursive: true });
    writeFileSync(dest, entry.data());
    written++;
  }
  for (const p of pin.paths) {
    if (!p.endsWith('/') && !existsSync(join(outDir, p))) throw new Error(`${pin.module}@${pin.version} has no ${p}`);
  }
  writeFileSync(stampPath, `${pin.zipSha256}\n`);
  console.log(`istio-src: ${written} files of ${pin.module}@${pin.version} (from ${source.from}) in ${outDir}`);
}

main().catch((err) => {
  console.error(`fetch-istio-src: ${err.message}`);
  process.exit(1);
});
