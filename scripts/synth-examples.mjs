#!/usr/bin/env node
// Synthesizes every cdk8s app in examples/ (a folder with cdk8s.yaml and main.ts) into dist/<example>/.
// Each app runs from source through tsx, exactly as `cdk8s synth` would run it inside the example folder.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const examplesDir = join(root, 'examples');
const only = process.argv.slice(2);
const examples = readdirSync(examplesDir, { withFileTypes: true })
  .filter((e) => e.isDirectory() && existsSync(join(examplesDir, e.name, 'cdk8s.yaml')) && existsSync(join(examplesDir, e.name, 'main.ts')))
  .map((e) => e.name)
  .filter((name) => only.length === 0 || only.includes(name))
  .sort();
if (examples.length === 0) {
  console.error(`synth-examples: no example found${only.length ? ` named ${only.join(', ')}` : ''} in ${examplesDir}`);
  process.exit(1);
}
const tsx = join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');
for (const name of examples) {
  const outdir = join(root, 'dist', name);
  rmSync(outdir, { recursive: true, force: true });
  const started = Date.now();
  execFileSync(process.execPath, [tsx, 'main.ts'], {
    cwd: join(examplesDir, name),
    env: { ...process.env, CDK8S_OUTDIR: outdir },
    stdio: 'inherit',
  });
  const files = readdirSync(outdir).sort();
  console.log(`synth ${name}: ${files.length} file(s) in dist/${name}/ (${Date.now() - started} ms): ${files.join(', ')}`);
}
