import { createHash } from 'node:crypto';
import { Chart, Testing } from 'cdk8s';
import { parse } from 'yaml';
import { IstioTesting } from '../../src';

/** A chart in a fresh test app. */
export function newChart(): Chart {
  return new Chart(Testing.app(), 'test');
}

/** Synthesizes and strictly validates the chart. */
export function synth(chart: Chart): any[] {
  return IstioTesting.synth(chart);
}

/** The object of the given kind and name (throws when absent, so tests fail with a clear message). */
export function find(objects: any[], kind: string, name: string): any {
  const found = objects.find((o) => o.kind === kind && o.metadata?.name === name);
  if (!found) throw new Error(`no ${kind}/${name} in ${objects.map((o) => `${o.kind}/${o.metadata?.name}`).join(', ')}`);
  return found;
}

/** `Kind/name` of every object, in output order. */
export function names(objects: any[]): string[] {
  return objects.map((o) => `${o.kind}/${o.metadata.name}`);
}

function digest(text: string): string {
  return `sha256:${createHash('sha256').update(text).digest('hex').slice(0, 16)} (${text.length} chars)`;
}

/**
 * The objects for `toMatchSnapshot()`, with upstream data replaced by digests so no upstream file is copied into a
 * committed snapshot: CRD specs, the injection templates, and the JSON values documents built from the chart
 * defaults. Any change to them still changes the snapshot.
 */
export function forSnapshot(objects: any[]): any[] {
  return objects.map((o) => {
    const c = JSON.parse(JSON.stringify(o));
    if (c.kind === 'CustomResourceDefinition') c.spec = `pinned upstream CRD spec ${digest(JSON.stringify(o.spec))}`;
    if (c.kind === 'ConfigMap' && c.data) {
      for (const key of ['values', 'merged-values', 'original-values']) {
        if (typeof c.data[key] === 'string') c.data[key] = `JSON values ${digest(c.data[key])}`;
      }
      if (typeof c.data.config === 'string') {
        const config = parse(c.data.config);
        const templates: Record<string, string> = {};
        for (const [name, text] of Object.entries(config.templates ?? {})) templates[name] = `template ${digest(String(text))}`;
        c.data.config = { ...config, templates };
      }
    }
    return c;
  });
}

/**
 * Pod Security Standards "restricted" (Kubernetes 1.32) violations of a pod spec, worded like the admission
 * controller's messages; empty when the pod is admitted.
 */
export function restrictedViolations(podSpec: any): string[] {
  const v: string[] = [];
  const containers = [...(podSpec.initContainers ?? []), ...(podSpec.containers ?? [])];
  const pod = podSpec.securityContext ?? {};
  if (podSpec.hostNetwork || podSpec.hostPID || podSpec.hostIPC) v.push('host namespaces');
  for (const vol of podSpec.volumes ?? []) {
    const type = Object.keys(vol).find((k) => k !== 'name');
    if (!['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret'].includes(type!)) {
      v.push(`restricted volume types: ${vol.name} (${type})`);
    }
  }
  for (const sysctl of pod.sysctls ?? []) {
    if (!['kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.ip_unprivileged_port_start',
      'net.ipv4.tcp_syncookies', 'net.ipv4.ping_group_range', 'net.ipv4.ip_local_reserved_ports',
      'net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout', 'net.ipv4.tcp_keepalive_intvl',
      'net.ipv4.tcp_keepalive_probes'].includes(sysctl.name)) v.push(`forbidden sysctls: ${sysctl.name}`);
  }
  if (pod.runAsUser === 0) v.push('runAsUser=0 (pod)');
  const podSeccomp = pod.seccompProfile?.type;
  if (podSeccomp === 'Unconfined') v.push('seccompProfile Unconfined (pod)');
  for (const c of containers) {
    const sc = c.securityContext ?? {};
    if (sc.privileged) v.push(`privileged (${c.name})`);
    if (sc.allowPrivilegeEscalation !== false) v.push(`allowPrivilegeEscalation != false (${c.name})`);
    if (!(sc.runAsNonRoot === true || (sc.runAsNonRoot === undefined && pod.runAsNonRoot === true))) v.push(`runAsNonRoot != true (${c.name})`);
    if (sc.runAsUser === 0) v.push(`runAsUser=0 (${c.name})`);
    const seccomp = sc.seccompProfile?.type ?? podSeccomp;
    if (seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost') v.push(`seccompProfile (${c.name})`);
    if (!(sc.capabilities?.drop ?? []).includes('ALL')) v.push(`unrestricted capabilities: drop ALL (${c.name})`);
    for (const cap of sc.capabilities?.add ?? []) if (cap !== 'NET_BIND_SERVICE') v.push(`unrestricted capabilities: ${cap} (${c.name})`);
    for (const p of c.ports ?? []) if (p.hostPort) v.push(`hostPort (${c.name})`);
  }
  return v;
}
