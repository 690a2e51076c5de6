// Mirrors istio/istio pkg/config/analysis/analyzers/webhook/webhook.go (IST0139): Istio's injection webhooks must
// not overlap (a pod would be injected twice), and must point at a Service that exists.
import { Analyzer } from '../analyzer';
import { MSG } from '../catalogue';
import { matchesLabelSelector } from '../labels';
import { GROUP, Resource } from '../resource';

const REV = 'istio.io/rev';

function revisionsOf(r: Resource): string[] {
  const revs = new Set<string>();
  if (REV in r.labels) revs.add(r.labels[REV]);
  for (const hook of Array.isArray(r.object.webhooks) ? r.object.webhooks : []) {
    for (const sel of [hook?.namespaceSelector, hook?.objectSelector]) {
      if (!sel) continue;
      if (sel.matchLabels?.[REV] !== undefined) revs.add(String(sel.matchLabels[REV]));
      for (const expr of Array.isArray(sel.matchExpressions) ? sel.matchExpressions : []) {
        if (expr?.key === REV) for (const v of Array.isArray(expr.values) ? expr.values : []) revs.add(String(v));
      }
    }
  }
  return [...revs];
}

function isIstioWebhook(r: Resource): boolean {
  return (Array.isArray(r.object.webhooks) ? r.object.webhooks : []).some((h: any) => typeof h?.name === 'string' && h.name.endsWith('istio.io'));
}

/** Namespace and object label sets to probe: none, enabled, disabled, each with every revision. */
function permutations(base: ReadonlyArray<Record<string, string>>, revisions: ReadonlyArray<string>): Record<string, string>[] {
  const out = base.map((b) => ({ ...b }));
  for (const rev of revisions) for (const b of base) out.push({ ...b, [REV]: rev });
  return out;
}

/** webhook.Analyzer */
export const webhookAnalyzer: Analyzer = {
  name: 'webhook.Analyzer',
  description: 'Checks the validity of Istio webhooks',
  upstream: 'pkg/config/analysis/analyzers/webhook/webhook.go',
  analyze(ctx) {
    const hooks: Array<{ id: string; config: Resource; hook: any; index: number }> = [];
    const revisions = new Set<string>();
    for (const r of ctx.ofKind(GROUP.ADMISSION, 'MutatingWebhookConfiguration')) {
      const revs = revisionsOf(r);
      if (revs.length === 0 && !isIstioWebhook(r)) continue;
      revs.forEach((rev) => revisions.add(rev));
      (Array.isArray(r.object.webhooks) ? r.object.webhooks : []).forEach((hook: any, index: number) => hooks.push({ id: `${r.name}/${hook?.name}`, config: r, hook, index }));
    }
    const revs = [...revisions].sort();
    const namespaceLabels = permutations([{}, { 'istio-injection': 'enabled' }, { 'istio-injection': 'disabled' }], revs);
    const objectLabels = permutations([{}, { 'sidecar.istio.io/inject': 'true' }, { 'sidecar.istio.io/inject': 'false' }], revs);
    for (const nl of namespaceLabels) {
      for (const ol of objectLabels) {
        const selected = hooks.filter((h) => matchesLabelSelector(h.hook?.namespaceSelector, nl) && matchesLabelSelector(h.hook?.objectSelector, ol));
        const matches = [...new Set(selected.map((h) => h.id))];
        if (matches.length < 2) continue;
        for (const match of matches) {
          const h = hooks.find((x) => x.id === match)!;
          const others = matches.filter((m) => m !== match);
          ctx.report(h.config, MSG.InvalidWebhook, [`Webhook overlaps with others: [${others.join(' ')}]. This may cause injection to occur twice.`], `/webhooks/${h.index}`);
        }
      }
    }
    for (const h of hooks) {
      const svc = h.hook?.clientConfig?.service;
      if (!svc) continue;
      const ns = String(svc.namespace ?? '');
      const name = String(svc.name ?? '');
      if (!ctx.find(GROUP.CORE, 'Service', ns, name)) {
        ctx.report(h.config, MSG.InvalidWebhook, [`Injector refers to a control plane service that does not exist: ${ns}/${name}.`], `/webhooks/${h.index}/clientConfig/service`);
      }
    }
  },
};
