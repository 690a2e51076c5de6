import { AnalysisContext } from './context';

/**
 * One analysis, mirroring one istioctl analyzer: it reads objects through the context's indexes and reports
 * messages from Istio's catalogue.
 * @internal
 */
export interface Analyzer {
  /** istioctl's name for it (`Metadata().Name`), e.g. `virtualservice.GatewayAnalyzer`. */
  readonly name: string;
  /** What it checks. */
  readonly description: string;
  /** The istio/istio source file it mirrors. */
  readonly upstream: string;
  /** False for analyzers istioctl leaves out of `analyze` (they run only when named). @default true */
  readonly enabledByDefault?: boolean;
  /** Runs it. */
  analyze(ctx: AnalysisContext): void;
}

/**
 * A set of analyzers by name.
 * @internal
 */
export class AnalyzerRegistry {
  private readonly analyzers = new Map<string, Analyzer>();

  constructor(analyzers: ReadonlyArray<Analyzer> = []) {
    for (const a of analyzers) this.register(a);
  }

  /** Adds an analyzer; names are unique. */
  public register(analyzer: Analyzer): Analyzer {
    if (this.analyzers.has(analyzer.name)) throw new Error(`analyzer ${analyzer.name} is already registered`);
    this.analyzers.set(analyzer.name, analyzer);
    return analyzer;
  }

  /** Every analyzer, in registration order. */
  public all(): Analyzer[] {
    return [...this.analyzers.values()];
  }

  /**
   * The analyzers with these names, in registration order; when `names` is empty, those enabled by default. Throws
   * on an unknown name, listing the known ones.
   */
  public select(names: ReadonlyArray<string> = []): Analyzer[] {
    if (names.length === 0) return this.all().filter((a) => a.enabledByDefault !== false);
    const unknown = names.filter((n) => !this.analyzers.has(n));
    if (unknown.length > 0) {
      throw new Error(`unknown analyzer ${unknown.join(', ')}; known analyzers: ${[...this.analyzers.keys()].join(', ')}`);
    }
    return this.all().filter((a) => names.includes(a.name));
  }
}
