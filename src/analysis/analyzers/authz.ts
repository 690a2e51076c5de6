// Mirrors istio/istio pkg/config/analysis/analyzers/authz/authorizationpolicies.go (IST0127 and IST0101 for
// source namespaces). In addition, principals of the form `<trust domain>/ns/<namespace>/sa/<service account>`
// are checked the same way: the namespace must exist, and so must the service account when the input defines
// service accounts in that namespace (a namespace's `default` account always exists). Principal findings use the
// same message, IST0101, with the reference types "namespace" and "service account".
import { Analyzer } from '../analyzer';
import { MSG } from '../catalogue';
import { AnalysisContext, stringList, stringRecord } from '../context';
import { selectorString } from '../labels';
import { GROUP, Resource, Workload } from '../resource';
import { inMesh } from './in-mesh';

/** authz.namespaceMatch */
function namespaceMatch(ns: string, exp: string): boolean {
  if (exp.toLowerCase() === '*') return true;
  if (exp.startsWith('*')) return ns.endsWith(exp.slice(1));
  if (exp.endsWith('*')) return ns.startsWith(exp.slice(0, -1));
  return ns.toLowerCase() === exp.toLowerCase();
}

/** authz.matchNamespace: exact names are a lookup; patterns scan the namespaces. */
function namespaceExists(ctx: AnalysisContext, exp: string): boolean {
  if (!exp.includes('*')) {
    if (ctx.namespaces.has(exp)) return true;
    const lower = exp.toLowerCase();
    return [...ctx.namespaces.keys()].some((n) => n.length === exp.length && n.toLowerCase() === lower);
  }
  for (const ns of ctx.namespaces.keys()) if (namespaceMatch(ns, exp)) return true;
  return false;
}

function inMeshWorkloads(ctx: AnalysisContext): Map<string, Workload[]> {
  return ctx.cached('authz.inMeshByNamespace', () => {
    const map = new Map<string, Workload[]>();
    for (const w of ctx.workloads.all) {
      if (!map.has(w.namespace)) map.set(w.namespace, []);
      if (inMesh(ctx, w)) map.get(w.namespace)!.push(w);
    }
    return map;
  });
}

function hasInMeshMatch(ctx: AnalysisContext, selector: Record<string, string>, namespace?: string): boolean {
  return ctx.workloads.select(selector, namespace).some((w) => inMesh(ctx, w));
}

function analyzeNoMatchingWorkloads(ctx: AnalysisContext, r: Resource): void {
  const matchLabels = r.spec.selector !== undefined && r.spec.selector !== null ? stringRecord(r.spec.selector.matchLabels) ?? {} : undefined;
  if (r.namespace === ctx.rootNamespace) {
    if (matchLabels !== undefined && !hasInMeshMatch(ctx, matchLabels)) ctx.report(r, MSG.NoMatchingWorkloadsFound, [selectorString(matchLabels)], '/spec/selector');
    return;
  }
  if (matchLabels === undefined) {
    if ((inMeshWorkloads(ctx).get(r.namespace) ?? []).length === 0) ctx.report(r, MSG.NoMatchingWorkloadsFound, ['']);
    return;
  }
  if (!hasInMeshMatch(ctx, matchLabels, r.namespace)) ctx.report(r, MSG.NoMatchingWorkloadsFound, [selectorString(matchLabels)], '/spec/selector');
}

const PRINCIPAL = /^[^/]+\/ns\/([^/]+)\/sa\/([^/]+)$/;

function serviceAccountsByNamespace(ctx: AnalysisContext): Map<string, Set<string>> {
  return ctx.cached('authz.serviceAccounts', () => {
    const map = new Map<string, Set<string>>();
    for (const sa of ctx.ofKind(GROUP.CORE, 'ServiceAccount')) {
      if (!map.has(sa.namespace)) map.set(sa.namespace, new Set());
      map.get(sa.namespace)!.add(sa.name);
    }
    return map;
  });
}

function analyzeReferences(ctx: AnalysisContext, r: Resource): void {
  const rules = Array.isArray(r.spec.rules) ? r.spec.rules : [];
  rules.forEach((rule: any, i: number) => {
    const from = Array.isArray(rule?.from) ? rule.from : [];
    from.forEach((f: any, j: number) => {
      const source = f?.source ?? {};
      for (const field of ['namespaces', 'notNamespaces'] as const) {
        stringList(source[field]).forEach((ns, k) => {
          if (!namespaceExists(ctx, ns)) ctx.report(r, MSG.ReferencedResourceNotFound, ['namespace', ns], `/spec/rules/${i}/from/${j}/source/${field}/${k}`);
        });
      }
      for (const field of ['principals', 'notPrincipals'] as const) {
        stringList(source[field]).forEach((p, k) => {
          const m = PRINCIPAL.exec(p);
          if (!m || p.includes('*')) return;
          const pointer = `/spec/rules/${i}/from/${j}/source/${field}/${k}`;
          const [, ns, sa] = m;
          if (!namespaceExists(ctx, ns)) {
            ctx.report(r, MSG.ReferencedResourceNotFound, ['namespace', ns], pointer);
            return;
          }
          const accounts = serviceAccountsByNamespace(ctx).get(ns);
          if (sa !== 'default' && accounts !== undefined && !accounts.has(sa)) ctx.report(r, MSG.ReferencedResourceNotFound, ['service account', `${ns}/${sa}`], pointer);
        });
      }
    });
  });
}

/** auth.AuthorizationPoliciesAnalyzer */
export const authorizationPoliciesAnalyzer: Analyzer = {
  name: 'auth.AuthorizationPoliciesAnalyzer',
  description: 'Checks the validity of authorization policies',
  upstream: 'pkg/config/analysis/analyzers/authz/authorizationpolicies.go',
  analyze(ctx) {
    for (const r of ctx.ofKind(GROUP.SECURITY, 'AuthorizationPolicy')) {
      // A policy attached with targetRef(s) applies to a Gateway or Service, not to a selected workload.
      if (r.spec.targetRef === undefined && r.spec.targetRefs === undefined) analyzeNoMatchingWorkloads(ctx, r);
      analyzeReferences(ctx, r);
    }
  },
};
