import { App, Chart } from 'cdk8s';
import { ALL_ANALYZERS, defaultRegistry } from './analyzers';
import { ALL_MESSAGE_TYPES } from './catalogue';
import { parseSuppression, runAnalysis, Suppression } from './engine';
import { parseMeshConfig } from './mesh-config';
import { AnalysisLevel, AnalysisMessage, AnalysisMessageType } from './message';
import { chartObjects, fromJson } from './synth-objects';
import { readYamlStream, ReadResult } from '../validation/yaml-reader';

/** Options for `MeshAnalyzer`. */
export interface MeshAnalyzerOptions {
  /**
   * Namespace of namespaced objects that have none (istioctl's `--namespace`).
   * @default 'default'
   */
  readonly defaultNamespace?: string;
  /**
   * Namespace Istio is installed in (istioctl's `--istioNamespace`): where the `istio` ConfigMap holding the mesh
   * config is looked for, and the default MeshConfig `rootNamespace`.
   * @default 'istio-system'
   */
  readonly istioNamespace?: string;
  /**
   * The mesh configuration as YAML: a MeshConfig document, or an istio ConfigMap whose `mesh` (and `meshNetworks`)
   * keys hold it.
   * @default - the `istio` ConfigMap of the Istio namespace if the input has one, else Istio's defaults
   */
  readonly meshConfig?: string;
  /**
   * Messages to suppress, as istioctl's `--suppress`: `CODE=Kind name.namespace`, where `*` matches any part of the
   * resource (e.g. `IST0102=Namespace *`, `IST0118=Service *.shop`). Objects can also suppress codes themselves
   * with the annotation `galley.istio.io/analyze-suppress: IST0118,IST0102` (or `*`).
   * @default - none
   */
  readonly suppress?: string[];
  /**
   * Names of the analyzers to run (see `MeshAnalyzer.analyzerNames()`). Name `annotations.AlphaAnalyzer` to report
   * alpha-phase annotations: like istioctl, the default set leaves it out.
   * @default - every analyzer istioctl analyze runs by default
   */
  readonly analyzers?: string[];
}

/** The outcome of analyzing a set of objects. */
export interface AnalysisReport {
  /** Every message, sorted as istioctl sorts them (level, code, resource, text), duplicates removed. */
  readonly messages: AnalysisMessage[];
  /** Number of objects analyzed. */
  readonly objectCount: number;
  /** Number of messages at level Error. */
  readonly errorCount: number;
  /** Number of messages at level Warning. */
  readonly warningCount: number;
  /** Number of messages at level Info. */
  readonly infoCount: number;
}

/**
 * Analyzes Kubernetes objects for Istio misconfigurations the way `istioctl analyze` does, offline: the same
 * analyzers (ported from Istio's source), the same message catalogue (codes, names, levels and texts), namespace
 * defaulting and suppressions. Pod templates of workloads stand in for the pods istioctl would read from a
 * cluster.
 */
export class MeshAnalyzer {
  /** Names of every analyzer, as istioctl names them (e.g. `virtualservice.GatewayAnalyzer`). */
  public static analyzerNames(): string[] {
    return ALL_ANALYZERS.map((a) => a.name);
  }

  /** Names of the analyzers that run when the `analyzers` option is not given. */
  public static defaultAnalyzerNames(): string[] {
    return defaultRegistry().select([]).map((a) => a.name);
  }

  /** Istio's analysis message catalogue, in code order. */
  public static messageTypes(): AnalysisMessageType[] {
    return ALL_MESSAGE_TYPES.map((t) => ({ ...t }));
  }

  private readonly options: MeshAnalyzerOptions;
  private readonly suppressions: Suppression[];
  private readonly mesh?: { meshConfig: any; meshNetworks?: any };

  /**
   * @param options what to analyze and how; invalid suppressions, unknown analyzer names and unreadable mesh
   * configs are rejected here
   */
  constructor(options: MeshAnalyzerOptions = {}) {
    this.options = options;
    this.suppressions = (options.suppress ?? []).map(parseSuppression);
    defaultRegistry().select(options.analyzers ?? []);
    this.mesh = options.meshConfig !== undefined ? parseMeshConfig(options.meshConfig, 'meshConfig') : undefined;
  }

  /**
   * Analyzes a multi-document YAML (or JSON) stream.
   * @param text the YAML text
   * @param file the file name to put in messages
   */
  public analyzeYaml(text: string, file?: string): AnalysisReport {
    return this._analyzeSources([readYamlStream(text, file)]);
  }

  /**
   * Analyzes the API objects of a chart, as synthesis would render them (without running the app's validations,
   * so that it can run inside one).
   * @param chart the chart
   */
  public analyzeChart(chart: Chart): AnalysisReport {
    return this._analyzeSources([fromJson(chartObjects(chart))]);
  }

  /**
   * Analyzes the API objects of every chart of an app, as one set.
   * @param app the app
   */
  public analyzeApp(app: App): AnalysisReport {
    return this._analyzeSources([fromJson(app.charts.flatMap(chartObjects))]);
  }

  /**
   * Analyzes several read streams as one set.
   * @internal
   */
  public _analyzeSources(sources: ReadonlyArray<ReadResult>): AnalysisReport {
    const result = runAnalysis(sources, {
      defaultNamespace: this.options.defaultNamespace,
      istioNamespace: this.options.istioNamespace,
      mesh: this.mesh,
      suppressions: this.suppressions,
      analyzers: this.options.analyzers,
    });
    const count = (level: AnalysisLevel) => result.messages.filter((m) => m.level === level).length;
    return {
      messages: result.messages,
      objectCount: result.objectCount,
      errorCount: count(AnalysisLevel.ERROR),
      warningCount: count(AnalysisLevel.WARNING),
      infoCount: count(AnalysisLevel.INFO),
    };
  }
}
