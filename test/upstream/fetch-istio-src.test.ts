import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

const script = join(__dirname, '..', '..', 'scripts', 'fetch-istio-src.mjs');
const MODULE = 'example.com/mod';
const VERSION = 'v0.0.0-20260101000000-abcdefabcdef';

/** A minimal zip archive (no CRCs: the script does not check them); odd entries are deflated, even ones stored. */
function zip(files: Record<string, string>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  Object.entries(files).forEach(([name, content], i) => {
    const raw = Buffer.from(content);
    const method = i % 2 === 1 ? 8 : 0;
    const data = method === 8 ? deflateRawSync(raw) : raw;
    const nameBuf = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(raw.length, 22);
    local.writeUInt16LE(nameBuf.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(raw.length, 24);
    central.writeUInt16LE(nameBuf.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBuf, data);
    centrals.push(central, nameBuf);
    offset += 30 + nameBuf.length + data.length;
  });
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const prefix = `${MODULE}@${VERSION}/`;
const archive = zip({
  [`${prefix}pkg/a.go`]: 'package a\n',
  [`${prefix}pkg/testdata/one.yaml`]: 'kind: One\n',
  [`${prefix}pkg/testdata/sub/two.yaml`]: 'kind: Two\n',
  [`${prefix}pkg/other.go`]: 'package other\n',
});

function scratch(zipContent: Buffer, paths = ['pkg/a.go', 'pkg/testdata/']) {
  const dir = mkdtempSync(join(tmpdir(), 'fetch-istio-src-'));
  const zipSha256 = createHash('sha256').update(zipContent).digest('hex');
  writeFileSync(join(dir, 'pin.json'), JSON.stringify({ module: MODULE, version: VERSION, zipSha256, paths }));
  writeFileSync(join(dir, 'mod.zip'), zipContent);
  const run = (env: Record<string, string> = { CDK8S_ISTIO_SRC_ZIP: join(dir, 'mod.zip') }) => spawnSync(process.execPath, [script], {
    encoding: 'utf8',
    env: {
      ...process.env,
      GOMODCACHE: join(dir, 'gomod'),
      GOPROXY: 'http://127.0.0.1:9',
      CDK8S_ISTIO_SRC_PIN: join(dir, 'pin.json'),
      CDK8S_ISTIO_SRC_OUT: join(dir, 'out'),
      CDK8S_ISTIO_SRC_ZIP: '',
      ...env,
    },
  });
  return { dir, run, zipSha256 };
}

describe('scripts/fetch-istio-src.mjs', () => {
  it('extracts the pinned files and folders (stored or deflated), nothing else, and skips the work next time', () => {
    const { dir, run, zipSha256 } = scratch(archive);
    const first = run();
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(first.stdout).toBe(`istio-src: 3 files of ${MODULE}@${VERSION} (from ${join(dir, 'mod.zip')}) in ${join(dir, 'out')}\n`);
    expect(readFileSync(join(dir, 'out', 'pkg', 'a.go'), 'utf8')).toBe('package a\n');
    expect(readFileSync(join(dir, 'out', 'pkg', 'testdata', 'one.yaml'), 'utf8')).toBe('kind: One\n');
    expect(readFileSync(join(dir, 'out', 'pkg', 'testdata', 'sub', 'two.yaml'), 'utf8')).toBe('kind: Two\n');
    expect(existsSync(join(dir, 'out', 'pkg', 'other.go'))).toBe(false);
    expect(readFileSync(join(dir, 'out', '.stamp'), 'utf8')).toBe(`${zipSha256}\n`);
    expect(run().stdout).toBe('');
  });

  it('takes the zip from the Go module cache', () => {
    const { dir, run } = scratch(archive);
    const cached = join(dir, 'gomod', 'cache', 'download', 'example.com', 'mod', '@v', `${VERSION}.zip`);
    mkdirSync(join(cached, '..'), { recursive: true });
    writeFileSync(cached, archive);
    const result = run({});
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`(from ${cached})`);
  });

  it('fails hard, naming the module and both checksums, when the zip is not the pinned one', () => {
    const { dir, run, zipSha256 } = scratch(archive);
    writeFileSync(join(dir, 'mod.zip'), 'tampered');
    const result = run();
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      `fetch-istio-src: checksum mismatch for ${MODULE}@${VERSION} (read from ${join(dir, 'mod.zip')}): expected sha256 ${zipSha256}, ` +
      `got ${createHash('sha256').update('tampered').digest('hex')}. The module zip is corrupt or not the pinned one; ` +
      'do not edit imports/istio-src.json to silence this unless the pin was deliberately moved.\n',
    );
  });

  it('rejects a pinned file that is not a zip archive', () => {
    const { run } = scratch(Buffer.from('not a zip'));
    const result = run();
    expect(result.status).toBe(1);
    expect(result.stderr).toBe('fetch-istio-src: not a zip archive: no end of central directory record\n');
  });

  it('fails when a pinned file is not in the module', () => {
    const { run } = scratch(archive, ['pkg/a.go', 'pkg/missing.go']);
    const result = run();
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(`fetch-istio-src: ${MODULE}@${VERSION} has no pkg/missing.go\n`);
  });

  it('names the URL and the ways out when the zip is neither local nor downloadable', () => {
    const { run } = scratch(archive);
    const result = run({});
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(new RegExp(
      `^fetch-istio-src: cannot download ${MODULE}@${VERSION} from http://127\\.0\\.0\\.1:9/${MODULE}/@v/${VERSION}\\.zip: .+; ` +
      `run \`go mod download ${MODULE}@${VERSION}\` or set CDK8S_ISTIO_SRC_ZIP to the module zip\\n$`,
    ));
  });
});
