// Mirrors istio/istio pkg/config/analysis/analyzers/schema/validation.go (ValidationAnalyzer: IST0106): every
// object is validated, and each error becomes a SchemaValidationError. The validation is this project's strict
// offline validator (ManifestValidator: the pinned CRD schemas with unknown fields rejected and CEL rules
// evaluated, the Kubernetes 1.32 schema and API-server checks, YAML hygiene) rather than Istio's Go validation,
// so the text after "Schema validation error: " is the validator's. A mesh config ConfigMap of the input that
// cannot be read is reported the same way.
import { ManifestValidator } from '../../validation/manifest-validator';
import { Analyzer } from '../analyzer';
import { MSG } from '../catalogue';
import { Resource } from '../resource';

function key(...parts: Array<string | number | undefined>): string {
  return parts.map((p) => p ?? '').join('\u0000');
}

function rawNamespace(r: Resource): string | undefined {
  const ns = r.object.metadata?.namespace;
  return typeof ns === 'string' ? ns : undefined;
}

/** schema.ValidationAnalyzer */
export const schemaValidationAnalyzer: Analyzer = {
  name: 'schema.ValidationAnalyzer',
  description: 'Runs schema validation as an analyzer on every resource',
  upstream: 'pkg/config/analysis/analyzers/schema/validation.go',
  analyze(ctx) {
    if (ctx.mesh.configMap && ctx.mesh.configMapError) {
      ctx.report(ctx.mesh.configMap, MSG.SchemaValidationError, [ctx.mesh.configMapError], '/data');
    }
    if (ctx.validationInput.length === 0) return;
    const byKey = new Map<string, Resource>();
    for (const r of ctx.resources) {
      const k = key(r.source.file, r.source.documentIndex, r.kind, rawNamespace(r), r.name === '' ? undefined : r.name);
      if (!byKey.has(k)) byKey.set(k, r);
    }
    const report = new ManifestValidator({ reportNotChecked: false })._validateSources(ctx.validationInput);
    for (const f of report.findings) {
      if (f.severity !== 'error' || f.kind === undefined) continue;
      const r = byKey.get(key(f.file, f.documentIndex, f.kind, f.namespace, f.name));
      if (!r) continue;
      ctx.report(r, MSG.SchemaValidationError, [`${f.path ? `${f.path}: ` : ''}${f.message} [${f.check}]`], f.path);
    }
  },
};
