// Synth time of the default Istio install (IstioMesh, default profile + egress), against a baseline measured in the
// same run: serializing the same objects to YAML, which any cdk8s app pays (cdk8s uses the same `yaml` library).
import { Chart, Testing } from 'cdk8s';
import { stringify } from 'yaml';
import { IstioMesh } from '../src/mesh';

function build(): Chart {
  const chart = new Chart(Testing.app(), 'istio');
  new IstioMesh(chart, 'Istio', { egressGateway: { enabled: true } });
  return chart;
}

function time<T>(fn: () => T, rounds: number): { ms: number; value: T } {
  let value = fn(); // warm-up
  const start = process.hrtime.bigint();
  for (let i = 0; i < rounds; i++) value = fn();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6 / rounds, value };
}

const coldStart = process.hrtime.bigint();
const first = build().toJson();
const coldMs = Number(process.hrtime.bigint() - coldStart) / 1e6;

const rounds = 20;
const construct = time(() => build(), rounds);
const toJson = time(() => construct.value.toJson(), rounds);
const yaml = time(() => toJson.value.map((o: unknown) => stringify(o)).join('---\n'), rounds);

console.log(`default install + egress: ${first.length} objects, ${(yaml.value.length / 1024).toFixed(0)} KiB of YAML; ` +
  `first synth in a fresh process ${coldMs.toFixed(0)} ms (loads and verifies the pinned CRDs once)`);
console.log(`warm: build constructs ${construct.ms.toFixed(1)} ms, toJson ${toJson.ms.toFixed(1)} ms, YAML serialization (baseline) ${yaml.ms.toFixed(1)} ms`);
console.log(`ratio (build + toJson) / YAML serialization: ${((construct.ms + toJson.ms) / yaml.ms).toFixed(2)}x`);
