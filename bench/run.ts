// Runs every benchmark in bench/ (files named *.bench.ts), one process each so they do not share caches.
// Benchmarks print ratios against a baseline measured in the same run; absolute times are for orientation only.
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const dir = __dirname;
const tsx = join(dir, '..', 'node_modules', 'tsx', 'dist', 'cli.mjs');
const only = process.argv.slice(2);
for (const file of readdirSync(dir).filter((f) => f.endsWith('.bench.ts')).sort()) {
  if (only.length > 0 && !only.some((o) => file.includes(o))) continue;
  console.log(`\n## ${file}`);
  execFileSync(process.execPath, [tsx, join(dir, file)], { stdio: 'inherit' });
}
