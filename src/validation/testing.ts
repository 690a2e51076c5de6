import { Chart, Testing } from 'cdk8s';
import { FindingSeverity } from './finding';
import { formatFinding } from './format';
import { ManifestValidator, ValidationReport } from './manifest-validator';

/**
 * Test helpers for apps and libraries built on cdk8s-istio: synthesize a chart, run its construct validations (as
 * `app.synth()` does) and validate every object strictly.
 */
export class IstioTesting {
  /**
   * Runs the construct validations of the chart (as `app.synth()` does), synthesizes it like `cdk8s.Testing.synth`,
   * validates every object with `ManifestValidator` and throws an error listing every finding when any is an error. Returns the synthesized objects (plain JSON, as
   * `Testing.synth` does).
   * @param chart the chart to synthesize
   */
  public static synth(chart: Chart): any[] {
    IstioTesting.assertConstructsValid(chart);
    const objects = Testing.synth(chart);
    IstioTesting.assertValid(IstioTesting.validate(chart), chart.node.path);
    return objects;
  }

  /**
   * Runs the construct validations (`node.addValidation`) of the chart and everything in it, as `app.synth()` does
   * (`Testing.synth` does not), and throws listing every message.
   * @param chart the chart to check
   */
  public static assertConstructsValid(chart: Chart): void {
    const errors = chart.node.findAll().flatMap((c) => c.node.validate().map((message) => `  [${c.node.path}] ${message}`));
    if (errors.length > 0) throw new Error(`${chart.node.path}: ${errors.length} construct validation error(s):\n${errors.join('\n')}`);
  }

  /**
   * Validates everything the chart synthesizes and returns the report without throwing.
   * @param chart the chart to validate
   */
  public static validate(chart: Chart): ValidationReport {
    return new ManifestValidator({ reportNotChecked: false }).validateChart(chart);
  }

  /**
   * Throws when the report has errors, with one line per finding.
   * @param report a validation report
   * @param subject what was validated, for the error message
   */
  public static assertValid(report: ValidationReport, subject: string = 'manifest'): void {
    if (report.valid) return;
    const errors = report.findings.filter((f) => f.severity === FindingSeverity.ERROR);
    throw new Error(`${subject}: ${errors.length} validation error(s):\n${errors.map((f) => '  ' + formatFinding(f)).join('\n')}`);
  }

  /** Static helpers only. */
  private constructor() {}
}
