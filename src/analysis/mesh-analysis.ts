import { App, Chart } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { SUPPRESS_ANNOTATION } from './engine';
import { AnalysisReport, MeshAnalyzer, MeshAnalyzerOptions } from './mesh-analyzer';
import { AnalysisLevel, AnalysisMessage } from './message';
import { formatMessage } from './output';

/** Props for `MeshAnalysis`. */
export interface MeshAnalysisProps extends MeshAnalyzerOptions {
  /**
   * The level at which a message fails synthesis: `ERROR` fails on errors, `WARNING` on warnings and errors, `INFO`
   * on any message.
   * @default AnalysisLevel.ERROR
   */
  readonly failOn?: AnalysisLevel;
  /**
   * Print the messages below the fail level to standard error when synthesis validates the app.
   * @default true
   */
  readonly printMessages?: boolean;
}

const RANK: Record<AnalysisLevel, number> = { [AnalysisLevel.ERROR]: 0, [AnalysisLevel.WARNING]: 1, [AnalysisLevel.INFO]: 2 };

/**
 * Analyzes everything an app (or a chart) emits, as `istioctl analyze` would, and fails synthesis when a message
 * is at or above the fail level.
 *
 * Add it to the app to analyze every chart together, or to a chart to analyze that chart alone. It registers a
 * validation on itself (`node.addValidation`), so it runs whenever cdk8s validates the app: on `app.synth()` and
 * in `Testing.synth(chart)` / `IstioTesting.synth(chart)`. `report()` runs the analysis on demand, for tests.
 *
 * For example `new MeshAnalysis(app, 'Analysis', { suppress: ['IST0102=Namespace default'] })` makes `app.synth()`
 * throw `Validation failed with the following errors: [Analysis] Error [IST0101] (VirtualService reviews.shop)
 * Referenced host not found: "reviews"` when a route points at a host nothing serves.
 */
export class MeshAnalysis extends Construct {
  /** The annotation an object uses to suppress message codes on itself (istioctl's). */
  public static readonly SUPPRESS_ANNOTATION: string = SUPPRESS_ANNOTATION;

  /**
   * The annotations that suppress codes on one object, e.g. `{ 'galley.istio.io/analyze-suppress': 'IST0118' }`.
   * @param codes message codes, or `*` for all
   */
  public static suppressAnnotation(...codes: string[]): { [key: string]: string } {
    return { [SUPPRESS_ANNOTATION]: codes.join(',') };
  }

  /** The level at which a message fails synthesis. */
  public readonly failOn: AnalysisLevel;
  private readonly analyzer: MeshAnalyzer;
  private readonly printMessages: boolean;

  constructor(scope: Construct, id: string, props: MeshAnalysisProps = {}) {
    super(scope, id);
    this.failOn = props.failOn ?? AnalysisLevel.ERROR;
    this.printMessages = props.printMessages ?? true;
    this.analyzer = new MeshAnalyzer(props);
    this.node.addValidation({ validate: () => this.validateMesh() });
  }

  /** Analyzes what the scope emits now: the chart this construct is in, or every chart of the app. */
  public report(): AnalysisReport {
    const chart = this.node.scopes.slice().reverse().find((s: IConstruct) => Chart.isChart(s)) as Chart | undefined;
    return chart ? this.analyzer.analyzeChart(chart) : this.analyzer.analyzeApp(App.of(this));
  }

  /** True when a message is at or above the fail level. */
  public fails(message: AnalysisMessage): boolean {
    return RANK[message.level] <= RANK[this.failOn];
  }

  private validateMesh(): string[] {
    const report = this.report();
    const failing = report.messages.filter((m) => this.fails(m));
    if (this.printMessages) {
      for (const m of report.messages.filter((x) => !this.fails(x))) process.stderr.write(`${this.node.path}: ${formatMessage(m)}\n`);
    }
    return failing.map(formatMessage);
  }
}
