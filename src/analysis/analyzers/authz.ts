// Mirrors istio/istio pkg/config/analysis/analyzers/authz/authorizationpolicies.go (IST0127, and IST0101 for
// source namespaces). In addition, and not run by default (istioctl has no such check, and principals often name
// accounts of other repositories), auth.PrincipalReferencesAnalyzer checks principals of the form
// `<trust domain>/ns/<namespace>/sa/<service account>`: the namespace must exist, and so must the service account
// when the input defines service accounts in that namespace (a namespace's `default` account always exists). Its
// findings use IST0101 with the reference types "namespace" and "service account".
import { Analyzer } from '../analyzer';
import { MSG } from '../catalogue';
import { AnalysisContext, stringList, stringRecord } from '../context';
import { selectorString } from '../labels';
import { GROUP, Resource, Workload } from '../resource';
import { inAmbientMode, inMesh } from './in-mesh';

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
      // initPodLabelsMap: pods with a sidecar, and pods in ambient mode.
      if (inMesh(ctx, w) || inAmbientMode(w)) map.get(w.namespace)!.push(w);
    }
    return map;
  });
}

function hasInMeshMatch(ctx: AnalysisContext, selector: Record<string, string>, namespace?: string): boolean {
  return ctx.workloads.select(selector, namespace).some((w) => inMesh(ctx, w) || inAmbientMode(w));
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

/** The `from` entries of a policy's rules, with their JSON pointers. */
function sources(r: Resource): Array<{ source: any; pointer: string }> {
  const out: Array<{ source: any; pointer: string }> = [];
  (Array.isArray(r.spec.rules) ? r.spec.rules : []).forEach((rule: any, i: number) => {
    (Array.isArray(rule?.from) ? rule.from : []).forEach((f: any, j: number) => out.push({ source: f?.source ?? {}, pointer: `/spec/rules/${i}/from/${j}/source` }));
  });
  return out;
}

/**
 * analyzeNamespaceNotFound: source namespaces and notNamespaces must match a Namespace of the input. As upstream
 * (util.AuthorizationPolicyNameSpace), the line of a notNamespaces entry is looked up at the same index of
 * `namespaces`: where there is none, the message is placed at the policy.
 */
function analyzeNamespaces(ctx: AnalysisContext, r: Resource): void {
  for (const { source, pointer } of sources(r)) {
    for (const field of ['namespaces', 'notNamespaces'] as const) {
      stringList(source[field]).forEach((ns, k) => {
        if (!namespaceExists(ctx, ns)) ctx.report(r, MSG.ReferencedResourceNotFound, ['namespace', ns], `${pointer}/namespaces/${k}`);
      });
    }
  }
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
      analyzeNamespaces(ctx, r);
    }
  },
};

/**
 * auth.PrincipalReferencesAnalyzer (this project's, not istioctl's; not run by default): SPIFFE principals
 * (`<trust domain>/ns/<namespace>/sa/<account>`) must name a Namespace of the input, and a ServiceAccount of it
 * when the input defines any there (`default` always exists). Patterns (`*`) are not checked.
 */
export const principalReferencesAnalyzer: Analyzer = {
  name: 'auth.PrincipalReferencesAnalyzer',
  description: 'Checks that the principals of authorization policies name namespaces and service accounts of the input',
  upstream: 'none (an addition of cdk8s-istio)',
  enabledByDefault: false,
  analyze(ctx) {
    for (const r of ctx.ofKind(GROUP.SECURITY, 'AuthorizationPolicy')) {
      for (const { source, pointer } of sources(r)) {
        for (const field of ['principals', 'notPrincipals'] as const) {
          stringList(source[field]).forEach((p, k) => {
            const m = PRINCIPAL.exec(p);
            if (!m || p.includes('*')) return;
            const [, ns, sa] = m;
            if (!namespaceExists(ctx, ns)) {
              ctx.report(r, MSG.ReferencedResourceNotFound, ['namespace', ns], `${pointer}/${field}/${k}`);
              return;
            }
            const accounts = serviceAccountsByNamespace(ctx).get(ns);
            if (sa !== 'default' && accounts !== undefined && !accounts.has(sa)) {
              ctx.report(r, MSG.ReferencedResourceNotFound, ['service account', `${ns}/${sa}`], `${pointer}/${field}/${k}`);
            }
          });
        }
      }
    }
  },
};
