import { Duration } from 'cdk8s';

/**
 * Renders a cdk8s `Duration` the way Istio's API expects durations (protobuf `Duration` JSON): seconds with a
 * decimal fraction, e.g. `10s`, `1.5s`, `0.25s`. This form is also what Kubernetes CEL's `duration()` and Go's
 * `time.ParseDuration` accept, so the CRD rules evaluate it exactly.
 */
export function istioDuration(duration: Duration): string {
  const millis = duration.toMilliseconds();
  if (millis % 1000 === 0) return `${millis / 1000}s`;
  return `${(millis / 1000).toFixed(3).replace(/0+$/, '')}s`;
}
