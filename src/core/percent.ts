import { IConstruct } from 'constructs';
import { ValidationError } from './errors';

/**
 * A percentage from 0 to 100, fractions allowed (Istio's `Percent`, e.g. `0.1` for one request in a thousand).
 * Checked when a construct uses it, so that an error names the construct and the field.
 *
 * @example
 * Percent.of(10)          // 10 %
 * Percent.fromRatio(0.5)  // 50 %
 */
export class Percent {
  /**
   * A percentage, 0–100.
   * @param value the percentage
   */
  public static of(value: number): Percent {
    return new Percent(value);
  }

  /**
   * A percentage from a ratio, 0–1 (`0.25` is 25 %).
   * @param ratio the ratio
   */
  public static fromRatio(ratio: number): Percent {
    return new Percent(ratio * 100);
  }

  /** Every request (100 %). */
  public static all(): Percent {
    return new Percent(100);
  }

  /** The percentage, 0–100. */
  public readonly value: number;

  private constructor(value: number) {
    this.value = value;
  }

  /**
   * Checks the value and returns it; throws a `ValidationError` naming the construct and field.
   * @internal
   */
  public _resolve(scope: IConstruct, field: string): number {
    if (!Number.isFinite(this.value) || this.value < 0 || this.value > 100) {
      throw new ValidationError(scope, field, `must be a percentage from 0 to 100, got ${this.value}; use Percent.of(0..100) or Percent.fromRatio(0..1)`);
    }
    return this.value;
  }
}
