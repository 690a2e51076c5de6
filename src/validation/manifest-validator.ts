import { App, Chart } from 'cdk8s';
import { CrdSchemaValidator } from './crd-schema-validator';
import { FindingSeverity, ValidationCheck, ValidationFinding } from './finding';
import { formatFinding } from './format';
import { KubernetesSchemaValidator } from './kubernetes-validator';
import { ObjectIssue } from './object-issue';
import { ReadResult, readYamlStream, SourcedObject } from './yaml-reader';
import { AWS_LATTICE_VERSION, awsLatticeCrds, GATEWAY_API_VERSION, gatewayApiCrds, ISTIO_VERSION, istioCrds } from '../upstream/upstream-data';

/** The outcome of validating a set of Kubernetes objects. */
export interface ValidationReport {
  /** Every finding, in input order (file, document, then path). */
  readonly findings: ValidationFinding[];
  /** Number of objects read. */
  readonly objectCount: number;
  /** Number of objects whose kind the validator does not know (reported as `not-checked`). */
  readonly notCheckedCount: number;
  /** True when no finding is an error. */
  readonly valid: boolean;
}

/** Options for `ManifestValidator`. */
export interface ManifestValidatorOptions {
  /**
   * Report objects of kinds the validator does not know as `not-checked` findings (severity info).
   * @default true
   */
  readonly reportNotChecked?: boolean;
}

/** A set of CRDs, loaded and compiled the first time an object of one of its API groups is seen. */
interface CrdFamily {
  readonly description: string;
  readonly owns: (group: string) => boolean;
  readonly load: () => any[];
  validator?: CrdSchemaValidator;
}

/** The CRD sets the validator knows; shared process-wide, so each is parsed and compiled at most once. */
const CRD_FAMILIES: CrdFamily[] = [
  { description: `Istio ${ISTIO_VERSION}`, owns: (g) => g.endsWith('.istio.io'), load: istioCrds },
  { description: `Gateway API ${GATEWAY_API_VERSION} (standard)`, owns: (g) => g === 'gateway.networking.k8s.io', load: gatewayApiCrds },
  { description: `VPC Lattice controller ${AWS_LATTICE_VERSION}`, owns: (g) => g === 'application-networking.k8s.aws', load: awsLatticeCrds },
];

let kubernetesValidator: KubernetesSchemaValidator | undefined;

function kubernetes(): KubernetesSchemaValidator {
  kubernetesValidator ??= KubernetesSchemaValidator.load();
  return kubernetesValidator;
}

function crdValidatorFor(apiVersion: string, kind: string): CrdSchemaValidator | undefined {
  const family = CRD_FAMILIES.find((f) => f.owns(groupOf(apiVersion)));
  if (!family) return undefined;
  family.validator ??= CrdSchemaValidator.fromCrds(family.load());
  return family.validator.handles(apiVersion, kind) ? family.validator : undefined;
}

const KNOWN_KINDS = `${CRD_FAMILIES.map((f) => f.description).join(', ')} CRDs and Kubernetes 1.32 core kinds`;

function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/**
 * Checks Kubernetes objects as the API server and Istio would, offline:
 *
 * - Istio, Gateway API and VPC Lattice custom resources against the pinned CRDs' OpenAPI schemas, with unknown fields
 *   rejected (kubectl's default strict field validation) and every `x-kubernetes-validations` CEL rule evaluated;
 * - core Kubernetes kinds against the strict Kubernetes 1.32 OpenAPI schema, plus the API server's Go-coded checks
 *   (object names, selectors that match their pod template, unique port and container names, ...);
 * - YAML hygiene: duplicate keys, duplicate objects, and unquoted scalars that YAML 1.1 and 1.2 read differently.
 *
 * Objects of kinds it does not know are reported as `not-checked` rather than skipped silently.
 */
export class ManifestValidator {
  /**
   * One line for a finding, as the CLI prints it: `file:line:column (document N): Kind/namespace/name: /path:
   * message [check-id]`.
   * @param finding a finding of a report
   * @param includeSource start with the file, line, column and document index (when the finding has them)
   * @default includeSource true
   */
  public static formatFinding(finding: ValidationFinding, includeSource: boolean = true): string {
    // The trailing parameter also keeps jsii from turning the struct into keyword arguments in Python, so Python
    // code passes a finding it holds: ManifestValidator.format_finding(finding).
    return formatFinding(finding, includeSource);
  }

  private readonly reportNotChecked: boolean;

  constructor(options: ManifestValidatorOptions = {}) {
    this.reportNotChecked = options.reportNotChecked ?? true;
  }

  /**
   * Validates a multi-document YAML (or JSON) stream.
   * @param text the YAML text
   * @param file the file name to put in findings
   */
  public validateYaml(text: string, file?: string): ValidationReport {
    return this._validateSources([readYamlStream(text, file)]);
  }

  /**
   * Validates everything a chart synthesizes (`chart.toJson()`).
   * @param chart the chart
   */
  public validateChart(chart: Chart): ValidationReport {
    return this._validateSources([{ objects: fromJson(chart.toJson()), streamIssues: [] }]);
  }

  /**
   * Validates every chart of an app, as one set (duplicates across charts are reported).
   * @param app the app
   */
  public validateApp(app: App): ValidationReport {
    const objects = app.charts.flatMap((chart) => fromJson(chart.toJson()));
    return this._validateSources([{ objects, streamIssues: [] }]);
  }

  /**
   * Validates several read streams as one set.
   * @internal
   */
  public _validateSources(sources: ReadonlyArray<ReadResult>): ValidationReport {
    const findings: ValidationFinding[] = [];
    const seen = new Map<string, SourcedObject>();
    let objectCount = 0;
    let notCheckedCount = 0;
    for (const source of sources) {
      for (const issue of source.streamIssues) findings.push({ severity: FindingSeverity.ERROR, ...issue });
      for (const item of source.objects) {
        objectCount++;
        const { issues, checked } = this.checkObject(item.object);
        if (!checked) notCheckedCount++;
        const duplicate = this.duplicateIssue(item, seen);
        for (const issue of [...item.readIssues, ...(duplicate ? [duplicate] : []), ...issues]) {
          findings.push(toFinding(item, issue));
        }
      }
    }
    return {
      findings,
      objectCount,
      notCheckedCount,
      valid: !findings.some((f) => f.severity === FindingSeverity.ERROR),
    };
  }

  private checkObject(obj: any): { issues: ObjectIssue[]; checked: boolean } {
    const { apiVersion, kind } = obj;
    const crds = crdValidatorFor(apiVersion, kind);
    if (crds) {
      return { issues: [...kubernetes().validateObjectMeta(obj), ...crds.validate(obj)], checked: true };
    }
    if (kubernetes().handles(apiVersion, kind)) {
      return { issues: kubernetes().validate(obj), checked: true };
    }
    const issues: ObjectIssue[] = this.reportNotChecked
      ? [{
        check: ValidationCheck.NOT_CHECKED,
        path: '',
        severity: FindingSeverity.INFO,
        message: `${apiVersion} ${kind} is not a kind this validator knows (${KNOWN_KINDS}); the object was read but not checked`,
      }]
      : [];
    // Even unknown kinds get their metadata checked: names and labels follow the same rules everywhere.
    return { issues: [...kubernetes().validateObjectMeta(obj), ...issues], checked: false };
  }

  private duplicateIssue(item: SourcedObject, seen: Map<string, SourcedObject>): ObjectIssue | undefined {
    const obj = item.object;
    const name = obj.metadata?.name;
    if (typeof name !== 'string') return undefined;
    const key = [groupOf(obj.apiVersion), obj.kind, obj.metadata?.namespace ?? '', name].join('\u0000');
    const first = seen.get(key);
    if (!first) {
      seen.set(key, item);
      return undefined;
    }
    const where = first.file !== undefined || first.documentIndex !== undefined
      ? ` (${first.file ?? '<input>'}, document ${first.documentIndex ?? '?'})`
      : '';
    return {
      check: ValidationCheck.DUPLICATE_OBJECT,
      path: '',
      message: `duplicates an earlier object${where} with the same API group, kind, namespace and name; ` +
        'applying both makes one silently replace the other: rename or remove one',
    };
  }
}

function fromJson(objects: any[]): SourcedObject[] {
  return objects.map((object) => ({ object, readIssues: [] }));
}

function toFinding(item: SourcedObject, issue: ObjectIssue): ValidationFinding {
  const obj = item.object;
  const pos = item.locate?.(issue.path);
  return {
    severity: issue.severity ?? FindingSeverity.ERROR,
    check: issue.check,
    message: issue.message,
    path: issue.path === '' ? undefined : issue.path,
    apiVersion: typeof obj.apiVersion === 'string' ? obj.apiVersion : undefined,
    kind: typeof obj.kind === 'string' ? obj.kind : undefined,
    namespace: typeof obj.metadata?.namespace === 'string' ? obj.metadata.namespace : undefined,
    name: typeof obj.metadata?.name === 'string' ? obj.metadata.name : undefined,
    documentIndex: item.documentIndex,
    file: item.file,
    line: pos?.line,
    column: pos?.column,
  };
}
