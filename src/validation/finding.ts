/** Which check produced a finding. */
export enum ValidationCheck {
  /** The document is not valid YAML. */
  YAML_SYNTAX = 'yaml-syntax',
  /** The document is YAML but not a Kubernetes object (a mapping with string apiVersion and kind). */
  NOT_AN_OBJECT = 'not-an-object',
  /** A mapping repeats a key (the API server keeps the last one; most tools keep one silently). */
  DUPLICATE_KEY = 'duplicate-key',
  /** Two objects share group, kind, namespace and name: one silently replaces the other on apply. */
  DUPLICATE_OBJECT = 'duplicate-object',
  /** An unquoted scalar that YAML 1.1 (Go, kubectl, kustomize) and YAML 1.2 (JavaScript) parsers read differently. */
  AMBIGUOUS_SCALAR = 'ambiguous-scalar',
  /** A field the schema does not define (kubectl's default strict field validation rejects it). */
  UNKNOWN_FIELD = 'unknown-field',
  /** A type, enum, format, range, pattern or required-field violation of the OpenAPI schema. */
  SCHEMA = 'schema',
  /** An `x-kubernetes-validations` CEL rule of the CRD evaluated to false, or could not be evaluated. */
  CEL = 'cel',
  /** A check the API server codes in Go: object names, label selectors, unique port names. */
  API_SERVER = 'api-server',
  /** The kind is not known to the validator, so the document was read but not checked. */
  NOT_CHECKED = 'not-checked',
}

/** How serious a finding is. */
export enum FindingSeverity {
  /** The API server (or Istio) would reject the object, or the YAML would be read differently than written. */
  ERROR = 'error',
  /** Not checked: reported so that nothing is skipped silently, but not a failure. */
  INFO = 'info',
}

/** One problem found in one object. */
export interface ValidationFinding {
  /** How serious it is. */
  readonly severity: FindingSeverity;
  /** The check that produced it. */
  readonly check: ValidationCheck;
  /** What is wrong and, where it helps, what is expected. */
  readonly message: string;
  /**
   * JSON pointer into the object (RFC 6901), e.g. `/spec/http/0/route/0/weight`.
   * @default - the whole object
   */
  readonly path?: string;
  /**
   * `apiVersion` of the object.
   * @default - the document has none
   */
  readonly apiVersion?: string;
  /**
   * `kind` of the object.
   * @default - the document has none
   */
  readonly kind?: string;
  /**
   * `metadata.namespace` of the object.
   * @default - cluster-scoped, or left to the namespace of the apply
   */
  readonly namespace?: string;
  /**
   * `metadata.name` of the object.
   * @default - the object has no name
   */
  readonly name?: string;
  /**
   * Zero-based index of the document in its file or stream.
   * @default - the object did not come from a file
   */
  readonly documentIndex?: number;
  /**
   * The file the object came from (`-` for standard input).
   * @default - the object did not come from a file
   */
  readonly file?: string;
  /**
   * One-based line in the file.
   * @default - not known
   */
  readonly line?: number;
  /**
   * One-based column in the file.
   * @default - not known
   */
  readonly column?: number;
}
