// Mirrors istio/istio pkg/config/analysis/analyzers/deployment/services.go (ServiceAssociationAnalyzer: IST0116,
// IST0137; IST0117 is retired upstream and not reported) and deployment/pod.go (ApplicationUIDAnalyzer: IST0144).
// The UID check also covers the pod templates of StatefulSets, DaemonSets, ReplicaSets, Jobs and CronJobs, which
// istioctl cannot see offline.
import { Analyzer } from '../analyzer';
import { MSG } from '../catalogue';
import { AnalysisContext } from '../context';
import { GROUP, Resource, Workload, fullName } from '../resource';
import { inMesh, isIstioControlPlane, ISTIO_PROXY } from './in-mesh';

function targetPortString(p: any): string {
  const tp = p?.targetPort;
  if (tp === undefined || tp === null || tp === '' || tp === 0 || tp === '0') return String(p?.port);
  return String(tp);
}

function analyzeDeployment(ctx: AnalysisContext, d: Resource, w: Workload): void {
  const services = ctx.servicesSelecting(d.namespace, w.labels);
  if (services.length === 0) return;

  // Same port, different protocols (servicePortMap).
  const ports = new Map<number, Map<string, string[]>>();
  for (const svc of services) {
    for (const p of Array.isArray(svc.spec.ports) ? svc.spec.ports : []) {
      const port = Number(p?.port);
      const protocol = typeof p?.protocol === 'string' && p.protocol !== '' ? p.protocol : 'TCP';
      if (!ports.has(port)) ports.set(port, new Map());
      const byProtocol = ports.get(port)!;
      if (!byProtocol.has(protocol)) byProtocol.set(protocol, []);
      byProtocol.get(protocol)!.push(fullName(svc));
    }
  }
  for (const [port, byProtocol] of ports) {
    if (byProtocol.size > 1) ctx.report(d, MSG.DeploymentAssociatedToMultipleServices, [d.name, port, [...byProtocol.values()].flat()], '/metadata/name');
  }

  // Same targetPort, different ports (serviceTargetPortsMap).
  const targetPorts = new Map<string, Map<number, string>>();
  for (const svc of services) {
    for (const p of Array.isArray(svc.spec.ports) ? svc.spec.ports : []) {
      const tp = targetPortString(p);
      if (!targetPorts.has(tp)) targetPorts.set(tp, new Map());
      targetPorts.get(tp)!.set(Number(p?.port), fullName(svc));
    }
  }
  for (const [tp, byPort] of targetPorts) {
    if (byPort.size > 1) ctx.report(d, MSG.DeploymentConflictingPorts, [d.name, [...byPort.values()], tp, [...byPort.keys()]], '/metadata/name');
  }
}

/** deployment.MultiServiceAnalyzer */
export const serviceAssociationAnalyzer: Analyzer = {
  name: 'deployment.MultiServiceAnalyzer',
  description: 'Checks association between services and pods',
  upstream: 'pkg/config/analysis/analyzers/deployment/services.go',
  analyze(ctx) {
    for (const w of ctx.workloads.all) {
      const d = w.resource;
      if (!w.fromTemplate || d.kind !== 'Deployment' || d.group !== GROUP.APPS) continue;
      if (inMesh(ctx, w)) analyzeDeployment(ctx, d, w);
    }
  },
};

const UID = 1337;

/**
 * applicationUID.Analyzer. Upstream reports the same message (without a line) for the pod and for each container,
 * and the duplicates collapse into one: one message per workload, at the first field found.
 */
export const applicationUidAnalyzer: Analyzer = {
  name: 'applicationUID.Analyzer',
  description: 'Checks invalid application UID',
  upstream: 'pkg/config/analysis/analyzers/deployment/pod.go',
  analyze(ctx) {
    for (const w of ctx.workloads.all) {
      if (w.resource.kind === 'Gateway' || isIstioControlPlane(w.resource.labels)) continue;
      const pointers: string[] = [];
      if (w.spec.securityContext?.runAsUser === UID) pointers.push('/spec/securityContext/runAsUser');
      (Array.isArray(w.spec.containers) ? w.spec.containers : []).forEach((c: any, i: number) => {
        if (c?.name === ISTIO_PROXY || c?.name === 'istio-operator') return;
        if (c?.securityContext?.runAsUser === UID) pointers.push(`/spec/containers/${i}/securityContext/runAsUser`);
      });
      if (pointers.length > 0) ctx.reportWorkload(w, MSG.InvalidApplicationUID, [], pointers[0]);
    }
  },
};
