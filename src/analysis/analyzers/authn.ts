// Mirrors istio/istio pkg/config/analysis/analyzers/authn/blockedcidrs.go (BlockedCIDRsAnalyzer: IST0175): when the
// input has RequestAuthentications, every istiod Deployment (label app=istiod) should set BLOCKED_CIDRS_IN_JWKS_URIS,
// which limits the addresses istiod fetches JWKS URIs from.
import { Analyzer } from '../analyzer';
import { MSG } from '../catalogue';
import { GROUP, fullName } from '../resource';

const ENV = 'BLOCKED_CIDRS_IN_JWKS_URIS';
/** formatRANames shows this many names, then "and N more". */
const MAX_DISPLAY = 5;

function hasBlockedCidrsEnv(containers: unknown): boolean {
  return Array.isArray(containers) && containers.some((c) => Array.isArray(c?.env)
    && c.env.some((e: any) => e?.name === ENV && typeof e?.value === 'string' && e.value !== ''));
}

/** authn.BlockedCIDRsAnalyzer */
export const blockedCidrsAnalyzer: Analyzer = {
  name: 'authn.BlockedCIDRsAnalyzer',
  description: 'Checks that BLOCKED_CIDRS_IN_JWKS_URIS is configured on istiod when RequestAuthentication resources exist',
  upstream: 'pkg/config/analysis/analyzers/authn/blockedcidrs.go',
  analyze(ctx) {
    const names = ctx.ofKind(GROUP.SECURITY, 'RequestAuthentication').map((r) => fullName(r));
    if (names.length === 0) return;
    const shown = names.length <= MAX_DISPLAY ? names.join(', ') : `${names.slice(0, MAX_DISPLAY).join(', ')}, and ${names.length - MAX_DISPLAY} more`;
    for (const d of ctx.ofKind(GROUP.APPS, 'Deployment')) {
      if (d.labels.app !== 'istiod') continue;
      if (hasBlockedCidrsEnv(d.spec.template?.spec?.containers)) continue;
      ctx.report(d, MSG.JwksUriFetchUnrestricted, [names.length, shown]);
    }
  },
};
