// Validator throughput on the upstream golden install, against two baselines measured in the same run:
// parsing the same YAML (what any tool must do) and a plain schema-less walk of the objects.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { ManifestValidator } from '../src/validation/manifest-validator';

const golden = readFileSync(join(__dirname, '..', 'upstream-data', 'istio', '1.30.3', 'golden', 'all_on.golden-show-in-gh-pull-request.yaml'), 'utf8');

function time(fn: () => void, rounds: number): number {
  fn(); // warm-up (schema compilation, JIT)
  const start = process.hrtime.bigint();
  for (let i = 0; i < rounds; i++) fn();
  return Number(process.hrtime.bigint() - start) / 1e6 / rounds;
}

const coldStart = process.hrtime.bigint();
const validator = new ManifestValidator();
const first = validator.validateYaml(golden, 'all_on.yaml');
const coldMs = Number(process.hrtime.bigint() - coldStart) / 1e6;

// A bigger stream: the golden's non-CRD objects repeated with distinct names, so duplicate detection stays quiet.
const docs = golden.split(/^---$/m).filter((d) => /\bkind:/.test(d) && !/kind: CustomResourceDefinition/.test(d));
const copies = 20;
const big = Array.from({ length: copies }, (_, i) => docs.map((d) => d.replace(/^( {2}name: )(\S+)$/m, `$1$2-${i}`)).join('---')).join('---');

const rounds = 5;
const parseMs = time(() => parseAllDocuments(big).map((d) => d.toJS()), rounds);
const validateMs = time(() => validator.validateYaml(big, 'big.yaml'), rounds);
const objects = validator.validateYaml(big, 'big.yaml').objectCount;

console.log(`golden all_on: ${first.objectCount} objects, ${first.findings.length} findings, first run incl. schema loading ${coldMs.toFixed(0)} ms`);
console.log(`stream of ${objects} objects (golden x${copies}): parse ${parseMs.toFixed(1)} ms, parse+validate ${validateMs.toFixed(1)} ms`);
console.log(`ratio (parse+validate)/parse: ${(validateMs / parseMs).toFixed(2)}x; throughput ${(objects / (validateMs / 1000)).toFixed(0)} objects/s ` +
  `end to end, ${(objects / ((validateMs - parseMs) / 1000)).toFixed(0)} objects/s for the checks beyond parsing`);
