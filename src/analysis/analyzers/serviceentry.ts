// Mirrors istio/istio pkg/config/analysis/analyzers/serviceentry/protocoladdresses.go (IST0134).
import { Analyzer } from '../analyzer';
import { MSG } from '../catalogue';
import { GROUP } from '../resource';

/** serviceentry.Analyzer */
export const protocolAddressesAnalyzer: Analyzer = {
  name: 'serviceentry.Analyzer',
  description: 'Checks the validity of ServiceEntry',
  upstream: 'pkg/config/analysis/analyzers/serviceentry/protocoladdresses.go',
  analyze(ctx) {
    // Addresses are allocated automatically when DNS capture is on and auto-allocation is enabled.
    const metadata = ctx.mesh.meshConfig?.defaultConfig?.proxyMetadata ?? {};
    const autoAllocated = metadata.ISTIO_META_DNS_CAPTURE === 'true'
      && (metadata.ISTIO_META_DNS_AUTO_ALLOCATE === 'true' || metadata.PILOT_ENABLE_IP_AUTOALLOCATE === 'true');
    if (autoAllocated) return;
    for (const se of ctx.ofKind(GROUP.NETWORKING, 'ServiceEntry')) {
      if (se.spec.addresses !== undefined && se.spec.addresses !== null) continue;
      const statusAddresses = se.object.status?.addresses;
      if (Array.isArray(statusAddresses) && statusAddresses.length > 0) continue;
      (Array.isArray(se.spec.ports) ? se.spec.ports : []).forEach((p: any, i: number) => {
        const protocol = typeof p?.protocol === 'string' ? p.protocol : '';
        if (protocol === '' || protocol.toUpperCase() === 'TCP') ctx.report(se, MSG.ServiceEntryAddressesRequired, [], `/spec/ports/${i}/name`);
      });
    }
  },
};
