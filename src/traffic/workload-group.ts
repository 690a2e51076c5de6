import { ApiObjectMetadata, Duration } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { ValidationError } from '../core/errors';
import { checkPort } from '../core/port';
import * as networking from '../imports/networking';
import { checkInt, checkLabels, nonEmpty, nonEmptyMap } from './private/common';
import { AddressKind, renderEndpoint } from './private/render-endpoint';
import { WorkloadEndpoint } from './workload-endpoint';

/** Timing of a WorkloadGroup readiness probe. */
export interface WorkloadProbeOptions {
  /**
   * Delay before the first probe (whole seconds).
   * @default - none
   */
  readonly initialDelay?: Duration;
  /**
   * Probe timeout (whole seconds, at least 1).
   * @default - 1 second
   */
  readonly timeout?: Duration;
  /**
   * Interval between probes (whole seconds, at least 1).
   * @default - 10 seconds
   */
  readonly period?: Duration;
  /**
   * Successes before ready.
   * @default 1
   */
  readonly successThreshold?: number;
  /**
   * Failures before not ready.
   * @default 3
   */
  readonly failureThreshold?: number;
}

/** An HTTP header sent by an HTTP probe. */
export interface ProbeHttpHeader {
  /** Header name. */
  readonly name: string;
  /** Header value. */
  readonly value: string;
}

/** Options of an HTTP GET probe. */
export interface HttpGetProbeOptions extends WorkloadProbeOptions {
  /** Port, 1–65535. */
  readonly port: number;
  /**
   * Path.
   * @default '/'
   */
  readonly path?: string;
  /**
   * Host to connect to.
   * @default - the workload IP
   */
  readonly host?: string;
  /**
   * `HTTP` or `HTTPS`.
   * @default 'HTTP'
   */
  readonly scheme?: string;
  /**
   * Headers to send.
   * @default - none
   */
  readonly httpHeaders?: ProbeHttpHeader[];
}

/** The kind of probe. */
export enum WorkloadProbeType {
  /** HTTP GET. */
  HTTP_GET = 'httpGet',
  /** TCP connect. */
  TCP_SOCKET = 'tcpSocket',
  /** A command. */
  EXEC = 'exec',
  /** gRPC health check. */
  GRPC = 'grpc',
}

/** A readiness probe the proxy of a WorkloadGroup's VMs runs (Istio `ReadinessProbe`). */
export class WorkloadProbe {
  /**
   * HTTP GET probe.
   * @param options port, path and timing
   */
  public static httpGet(options: HttpGetProbeOptions): WorkloadProbe {
    return new WorkloadProbe(WorkloadProbeType.HTTP_GET, options, (scope, field) => {
      const scheme = options.scheme;
      if (scheme !== undefined && scheme !== 'HTTP' && scheme !== 'HTTPS') {
        throw new ValidationError(scope, `${field}.httpGet.scheme`, `must be HTTP or HTTPS, got '${scheme}'; use uppercase HTTP or HTTPS`);
      }
      (options.httpHeaders ?? []).forEach((h, i) => {
        if (!/^[-_A-Za-z0-9]+$/.test(h.name)) {
          throw new ValidationError(scope, `${field}.httpGet.httpHeaders[${i}].name`, `must be a header name of letters, digits, '-' or '_', got '${h.name}'; fix the header name`);
        }
      });
      return {
        httpGet: {
          port: checkPort(scope, `${field}.httpGet.port`, options.port),
          path: options.path,
          host: options.host,
          scheme,
          httpHeaders: nonEmpty(options.httpHeaders?.map((h) => ({ name: h.name, value: h.value }))),
        },
      };
    });
  }

  /**
   * TCP connect probe.
   * @param port the port
   * @param options timing
   */
  public static tcpSocket(port: number, options: WorkloadProbeOptions = {}): WorkloadProbe {
    return new WorkloadProbe(WorkloadProbeType.TCP_SOCKET, options, (scope, field) => ({
      tcpSocket: { port: checkPort(scope, `${field}.tcpSocket.port`, port) },
    }));
  }

  /**
   * Command probe (exit status 0 is ready).
   * @param command the command and its arguments
   * @param options timing
   */
  public static exec(command: string[], options: WorkloadProbeOptions = {}): WorkloadProbe {
    return new WorkloadProbe(WorkloadProbeType.EXEC, options, (scope, field) => {
      if (command.length === 0) throw new ValidationError(scope, `${field}.exec.command`, 'must not be empty, got []; give the command to run');
      return { exec: { command: [...command] } };
    });
  }

  /**
   * gRPC health check probe.
   * @param port the port
   * @param service the gRPC health service name (default: the server's overall health)
   * @param options timing
   */
  public static grpc(port: number, service?: string, options: WorkloadProbeOptions = {}): WorkloadProbe {
    return new WorkloadProbe(WorkloadProbeType.GRPC, options, (scope, field) => ({
      grpc: { port: checkPort(scope, `${field}.grpc.port`, port), service },
    }));
  }

  /** The kind of probe. */
  public readonly type: WorkloadProbeType;

  private constructor(
    type: WorkloadProbeType,
    private readonly timing: WorkloadProbeOptions,
    private readonly check: (scope: IConstruct, field: string) => networking.WorkloadGroupSpecProbe,
  ) {
    this.type = type;
  }

  /**
   * Checks and renders the probe.
   * @internal
   */
  public _render(scope: IConstruct, field: string): networking.WorkloadGroupSpecProbe {
    const seconds = (name: string, d: Duration | undefined, min: number): number | undefined => {
      if (d === undefined) return undefined;
      const s = d.toSeconds({ integral: false });
      if (!Number.isInteger(s) || s < min) {
        throw new ValidationError(scope, `${field}.${name}`, `must be a whole number of seconds, at least ${min}, got ${s}s; use Duration.seconds(n)`);
      }
      return s;
    };
    const t = this.timing;
    return {
      ...this.check(scope, field),
      initialDelaySeconds: seconds('initialDelay', t.initialDelay, 0),
      timeoutSeconds: seconds('timeout', t.timeout, 1),
      periodSeconds: seconds('period', t.period, 1),
      successThreshold: checkInt(scope, `${field}.successThreshold`, t.successThreshold, 1, 2147483647, 'use a positive count'),
      failureThreshold: checkInt(scope, `${field}.failureThreshold`, t.failureThreshold, 1, 2147483647, 'use a positive count'),
    };
  }
}

/** Props of a `WorkloadGroup`. */
export interface WorkloadGroupProps {
  /**
   * Metadata (name, namespace, labels, annotations).
   * @default - a name generated by cdk8s; the chart's namespace
   */
  readonly metadata?: ApiObjectMetadata;
  /** Template of the WorkloadEntries created for VMs that join (address, ports, labels, serviceAccount...). */
  readonly template: WorkloadEndpoint;
  /**
   * Labels put on every generated WorkloadEntry.
   * @default - none
   */
  readonly labels?: { [key: string]: string };
  /**
   * Annotations put on every generated WorkloadEntry.
   * @default - none
   */
  readonly annotations?: { [key: string]: string };
  /**
   * Readiness probe run by the VMs' proxies.
   * @default - none
   */
  readonly probe?: WorkloadProbe;
}

/**
 * An Istio WorkloadGroup (`networking.istio.io/v1`): a template for VMs that register themselves (auto
 * registration), like a Deployment for WorkloadEntries.
 */
export class WorkloadGroup extends Construct {
  /** The L1 object (escape hatch). */
  public readonly apiObject: networking.WorkloadGroup;

  constructor(scope: Construct, id: string, props: WorkloadGroupProps) {
    super(scope, id);
    const template = { ...props.template };
    // The template's address comes from each VM when it registers; only a network is needed up front.
    const spec: networking.WorkloadGroupSpec = {
      metadata: (props.labels || props.annotations) ? {
        labels: nonEmptyMap(checkLabels(this, 'labels', props.labels)),
        annotations: nonEmptyMap(props.annotations),
      } : undefined,
      template: template.address === undefined && template.network === undefined
        ? renderTemplate(this, template)
        : renderEndpoint(this, 'template', template, AddressKind.IP),
      probe: props.probe?._render(this, 'probe'),
    };
    this.apiObject = new networking.WorkloadGroup(this, 'Resource', { metadata: props.metadata, spec });
  }

  /** The WorkloadGroup's `metadata.name`. */
  public get name(): string {
    return this.apiObject.name;
  }
}

function renderTemplate(scope: IConstruct, template: WorkloadEndpoint) {
  // Same checks as an endpoint, without requiring an address (the registering VM provides it).
  const rendered = renderEndpoint(scope, 'template', { ...template, network: template.network ?? '' }, AddressKind.IP);
  return { ...rendered, network: template.network };
}
