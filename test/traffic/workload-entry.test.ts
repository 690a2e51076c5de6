import { Duration } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { newChart, one, synth } from './util';
import { WorkloadEntry, WorkloadGroup, WorkloadProbe } from '../../src';

describe('WorkloadEntry', () => {
  it('renders a VM endpoint', () => {
    const chart = newChart();
    new WorkloadEntry(chart, 'Vm', {
      metadata: { name: 'legacy-1' },
      address: '10.0.0.7',
      ports: { http: 8080 },
      labels: { app: 'legacy' },
      network: 'vpc-1',
      locality: 'us-east/a',
      weight: 1,
      serviceAccount: 'legacy',
    });
    const objects = synth(chart);
    expect(objects).toMatchSnapshot();
    expect(one(objects, 'WorkloadEntry').spec).toEqual({
      address: '10.0.0.7', ports: { http: 8080 }, labels: { app: 'legacy' }, network: 'vpc-1', locality: 'us-east/a', weight: 1, serviceAccount: 'legacy',
    });
  });

  it('rejects an entry without address or network', () => {
    expect(() => new WorkloadEntry(newChart(), 'Vm', { labels: { app: 'x' } })).toThrow(
      'test/Vm: spec.address: is required unless network is set, got neither; give the IP (or DNS name) of the workload');
  });
});

describe('WorkloadGroup', () => {
  it('renders a template, metadata and each probe kind', () => {
    const chart = newChart();
    new WorkloadGroup(chart, 'Http', {
      metadata: { name: 'legacy' },
      template: { ports: { http: 8080 }, serviceAccount: 'legacy', network: 'vpc-1' },
      labels: { app: 'legacy' },
      annotations: { team: 'platform' },
      probe: WorkloadProbe.httpGet({
        port: 8080,
        path: '/ready',
        host: 'localhost',
        scheme: 'HTTP',
        httpHeaders: [{ name: 'x-probe', value: '1' }],
        initialDelay: Duration.seconds(5),
        timeout: Duration.seconds(2),
        period: Duration.seconds(10),
        successThreshold: 1,
        failureThreshold: 3,
      }),
    });
    new WorkloadGroup(chart, 'Tcp', { metadata: { name: 'tcp' }, template: { labels: { app: 'tcp' } }, probe: WorkloadProbe.tcpSocket(5432) });
    new WorkloadGroup(chart, 'Exec', { metadata: { name: 'exec' }, template: { labels: { app: 'exec' } }, probe: WorkloadProbe.exec(['/bin/check']) });
    new WorkloadGroup(chart, 'Grpc', { metadata: { name: 'grpc' }, template: { labels: { app: 'grpc' } }, probe: WorkloadProbe.grpc(9090, 'health') });
    const objects = synth(chart);
    expect(one(objects, 'WorkloadGroup', 'legacy').spec).toEqual({
      metadata: { labels: { app: 'legacy' }, annotations: { team: 'platform' } },
      template: { ports: { http: 8080 }, serviceAccount: 'legacy', network: 'vpc-1' },
      probe: {
        httpGet: { port: 8080, path: '/ready', host: 'localhost', scheme: 'HTTP', httpHeaders: [{ name: 'x-probe', value: '1' }] },
        initialDelaySeconds: 5,
        timeoutSeconds: 2,
        periodSeconds: 10,
        successThreshold: 1,
        failureThreshold: 3,
      },
    });
    expect(one(objects, 'WorkloadGroup', 'tcp').spec.probe).toEqual({ tcpSocket: { port: 5432 } });
    expect(one(objects, 'WorkloadGroup', 'exec').spec.probe).toEqual({ exec: { command: ['/bin/check'] } });
    expect(one(objects, 'WorkloadGroup', 'grpc').spec).toEqual({ template: { labels: { app: 'grpc' } }, probe: { grpc: { port: 9090, service: 'health' } } });
    expect(objects).toMatchSnapshot();
  });

  it.each<[string, WorkloadProbe, string]>([
    ['a bad scheme', WorkloadProbe.httpGet({ port: 80, scheme: 'http' }), "test/Wg: probe.httpGet.scheme: must be HTTP or HTTPS, got 'http'; use uppercase HTTP or HTTPS"],
    ['a bad header name', WorkloadProbe.httpGet({ port: 80, httpHeaders: [{ name: 'x probe', value: '1' }] }),
      "test/Wg: probe.httpGet.httpHeaders[0].name: must be a header name of letters, digits, '-' or '_', got 'x probe'; fix the header name"],
    ['an empty command', WorkloadProbe.exec([]), 'test/Wg: probe.exec.command: must not be empty, got []; give the command to run'],
    ['a fractional period', WorkloadProbe.tcpSocket(80, { period: Duration.millis(1500) }),
      'test/Wg: probe.period: must be a whole number of seconds, at least 1, got 1.5s; use Duration.seconds(n)'],
    ['a zero threshold', WorkloadProbe.tcpSocket(80, { failureThreshold: 0 }),
      'test/Wg: probe.failureThreshold: must be an integer from 1 to 2147483647, got 0; use a positive count'],
    ['a probe port outside 1–65535', WorkloadProbe.grpc(0), 'test/Wg: probe.grpc.port: must be a port number from 1 to 65535, got 0; use the port the service listens on'],
  ])('rejects %s', (_name, probe, message) => {
    expect(() => new WorkloadGroup(newChart(), 'Wg', { template: { labels: { app: 'a' } }, probe })).toThrow(message);
  });
});
