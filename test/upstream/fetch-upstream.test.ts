import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const script = join(__dirname, '..', '..', 'scripts', 'fetch-upstream.mjs');

function scratch(content: string, pinned: string) {
  const dir = mkdtempSync(join(tmpdir(), 'fetch-upstream-'));
  mkdirSync(join(dir, 'shared', 'istio'), { recursive: true });
  writeFileSync(join(dir, 'shared', 'istio', 'crds.yaml'), content);
  const sources = {
    sources: [{ name: 'istio/crds.yaml', url: 'http://127.0.0.1:9/unreachable.yaml', sha256: createHash('sha256').update(pinned).digest('hex') }],
  };
  writeFileSync(join(dir, 'sources.json'), JSON.stringify(sources));
  const run = () => spawnSync(process.execPath, [script], {
    encoding: 'utf8',
    env: { ...process.env, CDK8S_ISTIO_SOURCES: join(dir, 'sources.json'), CDK8S_ISTIO_SHARED: join(dir, 'shared'), CDK8S_ISTIO_UPSTREAM_OUT: join(dir, 'out') },
  });
  return { dir, run, sha: sources.sources[0].sha256 };
}

describe('scripts/fetch-upstream.mjs', () => {
  it('copies a file whose sha256 matches, with the checksum list beside it, and reuses it on the next run', () => {
    const { dir, run } = scratch('kind: CustomResourceDefinition\n', 'kind: CustomResourceDefinition\n');
    const first = run();
    expect(first.status).toBe(0);
    expect(first.stdout).toContain('1 files verified (0 cached, 1 from');
    expect(readFileSync(join(dir, 'out', 'istio', 'crds.yaml'), 'utf8')).toBe('kind: CustomResourceDefinition\n');
    expect(JSON.parse(readFileSync(join(dir, 'out', 'sources.json'), 'utf8')).sources[0].name).toBe('istio/crds.yaml');
    const second = run();
    expect(second.stdout).toContain('1 files verified (1 cached, 0 from');
  });

  it('fails hard, naming the file and both checksums, when the content does not match the pin', () => {
    const { dir, run, sha } = scratch('tampered\n', 'original\n');
    const result = run();
    const actual = createHash('sha256').update('tampered\n').digest('hex');
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      `fetch-upstream: checksum mismatch for istio/crds.yaml (read from ${join(dir, 'shared', 'istio', 'crds.yaml')}): ` +
      `expected sha256 ${sha}, got ${actual}. The pinned upstream file changed or is corrupt; ` +
      'do not edit imports/sources.json to silence this unless the pin was deliberately moved.\n',
    );
  });

  it('names the file and the URL when it is neither local nor downloadable', () => {
    const { dir } = scratch('x', 'x');
    const result = spawnSync(process.execPath, [script], {
      encoding: 'utf8',
      env: { ...process.env, CDK8S_ISTIO_SOURCES: join(dir, 'sources.json'), CDK8S_ISTIO_SHARED: join(dir, 'nowhere'), CDK8S_ISTIO_UPSTREAM_OUT: join(dir, 'out') },
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^fetch-upstream: cannot download istio\/crds\.yaml from http:\/\/127\.0\.0\.1:9\/unreachable\.yaml: .+; place the file at .*nowhere\/istio\/crds\.yaml or set CDK8S_ISTIO_SHARED to a folder that holds it\n$/);
  });
});
