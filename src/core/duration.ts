import { Duration } from 'cdk8s';
import { IConstruct } from 'constructs';
import { ValidationError } from './errors';

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

/**
 * Checks a duration the way the Istio CRDs' CEL rules do (`duration(self) >= duration('1ms')`), eagerly, and that it
 * is a whole number of milliseconds (`istioDuration` renders milliseconds); returns the rendered duration.
 * @internal
 * @jsii ignore
 */
export function checkIstioDuration(scope: IConstruct, field: string, duration: Duration): string {
  const millis = duration.toMilliseconds({ integral: false });
  if (!Number.isFinite(millis) || millis < 1) {
    throw new ValidationError(scope, field, `must be at least 1ms, got ${millis}ms; use e.g. Duration.millis(100) or Duration.seconds(1)`);
  }
  if (!Number.isInteger(millis)) {
    throw new ValidationError(scope, field, `must be a whole number of milliseconds, got ${millis}ms; round it to milliseconds`);
  }
  return istioDuration(duration);
}
