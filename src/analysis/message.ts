/** How serious an analysis message is (Istio's `diag.Level`). */
export enum AnalysisLevel {
  /** The configuration is wrong: Istio rejects it or it does not do what it says. */
  ERROR = 'Error',
  /** The configuration is probably wrong, or works in a way that is easy to get wrong. */
  WARNING = 'Warning',
  /** Worth knowing; not a problem by itself. */
  INFO = 'Info',
}

/** The object an analysis message is about. */
export interface AnalysisResource {
  /** `kind` of the object, e.g. `VirtualService`. */
  readonly kind: string;
  /**
   * `apiVersion` of the object.
   * @default - the object has none
   */
  readonly apiVersion?: string;
  /**
   * Namespace of the object, after namespace defaulting (objects without one are in the default namespace).
   * @default - a cluster-scoped object
   */
  readonly namespace?: string;
  /** `metadata.name` of the object (empty when it has none). */
  readonly name: string;
}

/** One finding of the analysis, worded exactly as `istioctl analyze` words it. */
export interface AnalysisMessage {
  /** Istio's message code, e.g. `IST0101`. */
  readonly code: string;
  /** Istio's message name, e.g. `ReferencedResourceNotFound`. */
  readonly name: string;
  /** Istio's level for the code. */
  readonly level: AnalysisLevel;
  /** The message text (Istio's template with its arguments). */
  readonly message: string;
  /** The object the message is about. */
  readonly resource: AnalysisResource;
  /** The analyzer that produced it, named as istioctl names it (e.g. `virtualservice.GatewayAnalyzer`). */
  readonly analyzer: string;
  /**
   * The file the object came from (`-` for standard input).
   * @default - the object did not come from a file
   */
  readonly file?: string;
  /**
   * Zero-based index of the YAML document in its file.
   * @default - the object did not come from a file
   */
  readonly documentIndex?: number;
  /**
   * One-based line of the field the message is about (or of the object).
   * @default - not known
   */
  readonly line?: number;
  /**
   * One-based column of that field.
   * @default - not known
   */
  readonly column?: number;
}

/** An entry of Istio's analysis message catalogue (`pkg/config/analysis/msg/messages.yaml`). */
export interface AnalysisMessageType {
  /** The code, e.g. `IST0101`. */
  readonly code: string;
  /** The name, e.g. `ReferencedResourceNotFound`. */
  readonly name: string;
  /** The level. */
  readonly level: AnalysisLevel;
  /** What the message means. */
  readonly description: string;
  /** The Go format template of the message text. */
  readonly template: string;
  /** The istio.io documentation page of the message. */
  readonly url: string;
}
