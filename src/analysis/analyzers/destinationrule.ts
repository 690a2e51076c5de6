// Mirrors istio/istio pkg/config/analysis/analyzers/destinationrule/ca-certificates.go (CaCertificateAnalyzer:
// IST0128, IST0129) and destinationrule/subset.go (PodNotSelectedAnalyzer: IST0173, IST0174). Subsets are matched
// against pods and the pod templates of workloads (a subset that selects a Deployment's template selects its pods).
import { Analyzer } from '../analyzer';
import { MSG } from '../catalogue';
import { stringList, stringRecord } from '../context';
import { GROUP, fullName } from '../resource';

function needsCa(tls: any): boolean {
  return tls?.mode === 'SIMPLE' || tls?.mode === 'MUTUAL';
}

/** destinationrule.CaCertificateAnalyzer */
export const caCertificateAnalyzer: Analyzer = {
  name: 'destinationrule.CaCertificateAnalyzer',
  description: 'Checks if caCertificates is set when TLS mode is SIMPLE/MUTUAL',
  upstream: 'pkg/config/analysis/analyzers/destinationrule/ca-certificates.go',
  analyze(ctx) {
    for (const r of ctx.ofKind(GROUP.NETWORKING, 'DestinationRule')) {
      const host = typeof r.spec.host === 'string' ? r.spec.host : '';
      const hasSelector = r.spec.workloadSelector !== undefined && r.spec.workloadSelector !== null;
      // A credentialName on a DestinationRule with a workload selector supplies the CA from a Secret.
      const missingCa = (tls: any) => needsCa(tls) && !tls.caCertificates && !(tls.credentialName && hasSelector);
      const tls = r.spec.trafficPolicy?.tls;
      if (missingCa(tls)) {
        ctx.report(r, MSG.NoServerCertificateVerificationDestinationLevel, [fullName(r), r.namespace, tls.mode, host], '/spec/trafficPolicy/tls/mode');
      }
      const ports = Array.isArray(r.spec.trafficPolicy?.portLevelSettings) ? r.spec.trafficPolicy.portLevelSettings : [];
      ports.forEach((p: any, i: number) => {
        if (!missingCa(p?.tls)) return;
        const port = p?.port?.number !== undefined ? `number:${p.port.number}` : '';
        ctx.report(r, MSG.NoServerCertificateVerificationPortLevel, [fullName(r), r.namespace, p.tls.mode, host, port], `/spec/trafficPolicy/portLevelSettings/${i}/tls/mode`);
      });
    }
  },
};

/** destinationrule.SubsetSelectPodAnalyzer */
export const subsetSelectPodAnalyzer: Analyzer = {
  name: 'destinationrule.SubsetSelectPodAnalyzer',
  description: 'Checks if pods are selected by subsets in destination rules.',
  upstream: 'pkg/config/analysis/analyzers/destinationrule/subset.go',
  analyze(ctx) {
    for (const r of ctx.ofKind(GROUP.NETWORKING, 'DestinationRule')) {
      const host = typeof r.spec.host === 'string' ? r.spec.host : '';
      const se = ctx.serviceHosts.lookup(r.namespace, stringList(r.spec.exportTo), host);
      if (!se) {
        ctx.report(r, MSG.UnknownDestinationRuleHost, [host], '/spec/host');
        continue;
      }
      const subsets = Array.isArray(r.spec.subsets) ? r.spec.subsets : [];
      subsets.forEach((subset: any, i: number) => {
        // labels.Merge(serviceEntry workloadSelector, subset labels), matched against pods of every namespace.
        const selector = { ...(se.workloadSelector ?? {}), ...(stringRecord(subset?.labels) ?? {}) };
        if (ctx.workloads.select(selector).length === 0) {
          ctx.report(r, MSG.DestinationRuleSubsetNotSelectPods, [String(subset?.name ?? '')], `/spec/subsets/${i}`);
        }
      });
    }
  },
};
