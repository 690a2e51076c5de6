// Mirrors istio/istio pkg/config/analysis/analyzers/externalcontrolplane/externalcontrolplane.go (IST0163,
// IST0164). Analysis runs offline, so the DNS resolution step of upstream's lintWebhookURL is not done: a host
// name is taken as valid; malformed URLs, IP addresses and blank client configs are reported.
import { isIP } from 'node:net';
import { Analyzer } from '../analyzer';
import { MSG } from '../catalogue';
import { AnalysisContext } from '../context';
import { GROUP, Resource } from '../resource';

function hostnameOf(url: string): string | undefined {
  try {
    return new URL(url).hostname.replace(/^\[(.*)\]$/, '$1');
  } catch {
    return undefined;
  }
}

function checkWebhooks(ctx: AnalysisContext, r: Resource): void {
  (Array.isArray(r.object.webhooks) ? r.object.webhooks : []).forEach((hook: any) => {
    const name = String(hook?.name ?? '');
    const config = hook?.clientConfig ?? {};
    if (typeof config.url === 'string') {
      const host = hostnameOf(config.url);
      if (host === undefined) ctx.report(r, MSG.InvalidExternalControlPlaneConfig, [config.url, name, 'was provided in an invalid format']);
      else if (isIP(host) !== 0) ctx.report(r, MSG.ExternalControlPlaneAddressIsNotAHostname, [config.url, name]);
    } else if (config.service === undefined || config.service === null) {
      ctx.report(r, MSG.InvalidExternalControlPlaneConfig, ['', name, 'is blank']);
    }
  });
}

/** externalcontrolplane.ExternalControlPlaneAnalyzer */
export const externalControlPlaneAnalyzer: Analyzer = {
  name: 'externalcontrolplane.ExternalControlPlaneAnalyzer',
  description: 'Checks that the remote IstioOperator resources reference an external control plane',
  upstream: 'pkg/config/analysis/analyzers/externalcontrolplane/externalcontrolplane.go',
  analyze(ctx) {
    for (const r of ctx.ofKind(GROUP.ADMISSION, 'ValidatingWebhookConfiguration')) {
      if (r.name !== '' && (r.name === 'istiod-default-validator' || r.name.startsWith('istio-validator'))) checkWebhooks(ctx, r);
    }
    for (const r of ctx.ofKind(GROUP.ADMISSION, 'MutatingWebhookConfiguration')) {
      if (r.name.startsWith('istio-sidecar-injector')) checkWebhooks(ctx, r);
    }
  },
};
