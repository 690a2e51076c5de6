import { Duration } from 'cdk8s';
import { istioDuration } from '../core/duration';
import { OutboundTrafficPolicyMode } from '../core/outbound-traffic';

/** Encoding of Envoy access logs (`accessLogEncoding`). */
export enum AccessLogEncoding {
  /** Plain text (Istio's default). */
  TEXT = 'TEXT',
  /** One JSON object per line. */
  JSON = 'JSON',
}

/** Options of an extension provider that talks to a service. */
export interface ExtensionProviderServiceOptions {
  /** Fully qualified host of the service, e.g. `otel-collector.observability.svc.cluster.local`. */
  readonly service: string;
  /** Port of the service, 1-65535. */
  readonly port: number;
}

/** Options of `ExtensionProvider.envoyFileAccessLog()`. */
export interface FileAccessLogOptions {
  /**
   * File the proxy writes the access log to.
   * @default '/dev/stdout'
   */
  readonly path?: string;
  /**
   * Envoy text format string (`logFormat.text`).
   * @default - Envoy's default format
   */
  readonly textFormat?: string;
}

/** Options of the external authorization providers. */
export interface ExtAuthzOptions extends ExtensionProviderServiceOptions {
  /**
   * Timeout of the check request.
   * @default - Envoy's default (600s for HTTP)
   */
  readonly timeout?: Duration;
  /**
   * Allow the request when the authorization service cannot be reached.
   * @default false
   */
  readonly failOpen?: boolean;
  /**
   * HTTP only: path prefix of the check request.
   * @default - the original path
   */
  readonly pathPrefix?: string;
  /**
   * HTTP only: request headers sent to the authorization service.
   * @default - none beyond Envoy's defaults
   */
  readonly includeRequestHeadersInCheck?: string[];
  /**
   * HTTP only: headers of the authorization response added to the upstream request when allowed.
   * @default - none
   */
  readonly headersToUpstreamOnAllow?: string[];
  /**
   * HTTP only: headers of the authorization response returned downstream when denied.
   * @default - none
   */
  readonly headersToDownstreamOnDeny?: string[];
}

/**
 * A mesh extension provider (`meshConfig.extensionProviders[]`): a named backend for tracing, access logging,
 * metrics or external authorization, referenced by Telemetry and AuthorizationPolicy resources.
 */
export class ExtensionProvider {
  /**
   * Prometheus metrics.
   * @param name provider name
   */
  public static prometheus(name: string): ExtensionProvider {
    return new ExtensionProvider(name, 'prometheus', {});
  }

  /**
   * Envoy file access log.
   * @param name provider name
   * @param options file and format
   */
  public static envoyFileAccessLog(name: string, options: FileAccessLogOptions = {}): ExtensionProvider {
    return new ExtensionProvider(name, 'envoyFileAccessLog', {
      path: options.path ?? '/dev/stdout',
      ...(options.textFormat !== undefined ? { logFormat: { text: options.textFormat } } : {}),
    });
  }

  /**
   * OpenTelemetry tracing (OTLP/gRPC).
   * @param name provider name
   * @param options collector service and port
   */
  public static openTelemetryTracing(name: string, options: ExtensionProviderServiceOptions): ExtensionProvider {
    return new ExtensionProvider(name, 'opentelemetry', { port: options.port, service: options.service }, options);
  }

  /**
   * OpenTelemetry access logs (Envoy OTel access log service, `envoyOtelAls`).
   * @param name provider name
   * @param options collector service and port
   */
  public static openTelemetryAccessLog(name: string, options: ExtensionProviderServiceOptions): ExtensionProvider {
    return new ExtensionProvider(name, 'envoyOtelAls', { port: options.port, service: options.service }, options);
  }

  /**
   * Zipkin tracing.
   * @param name provider name
   * @param options collector service and port
   */
  public static zipkin(name: string, options: ExtensionProviderServiceOptions): ExtensionProvider {
    return new ExtensionProvider(name, 'zipkin', { port: options.port, service: options.service }, options);
  }

  /**
   * Apache SkyWalking tracing.
   * @param name provider name
   * @param options collector service and port
   */
  public static skywalking(name: string, options: ExtensionProviderServiceOptions): ExtensionProvider {
    return new ExtensionProvider(name, 'skywalking', { port: options.port, service: options.service }, options);
  }

  /**
   * Datadog tracing.
   * @param name provider name
   * @param options agent service and port
   */
  public static datadog(name: string, options: ExtensionProviderServiceOptions): ExtensionProvider {
    return new ExtensionProvider(name, 'datadog', { port: options.port, service: options.service }, options);
  }

  /**
   * External authorization over HTTP (`envoyExtAuthzHttp`), for `AuthorizationPolicy` with `action: CUSTOM`.
   * @param name provider name
   * @param options authorization service
   */
  public static extAuthzHttp(name: string, options: ExtAuthzOptions): ExtensionProvider {
    return new ExtensionProvider(name, 'envoyExtAuthzHttp', {
      service: options.service,
      port: options.port,
      ...extAuthzCommon(options),
      ...(options.pathPrefix !== undefined ? { pathPrefix: options.pathPrefix } : {}),
      ...(options.includeRequestHeadersInCheck ? { includeRequestHeadersInCheck: [...options.includeRequestHeadersInCheck] } : {}),
      ...(options.headersToUpstreamOnAllow ? { headersToUpstreamOnAllow: [...options.headersToUpstreamOnAllow] } : {}),
      ...(options.headersToDownstreamOnDeny ? { headersToDownstreamOnDeny: [...options.headersToDownstreamOnDeny] } : {}),
    }, options);
  }

  /**
   * External authorization over gRPC (`envoyExtAuthzGrpc`), for `AuthorizationPolicy` with `action: CUSTOM`.
   * @param name provider name
   * @param options authorization service
   */
  public static extAuthzGrpc(name: string, options: ExtAuthzOptions): ExtensionProvider {
    return new ExtensionProvider(name, 'envoyExtAuthzGrpc', {
      service: options.service,
      port: options.port,
      ...extAuthzCommon(options),
    }, options);
  }

  /** Provider name, referenced by Telemetry / AuthorizationPolicy resources and `defaultProviders`. */
  public readonly name: string;
  /** The provider type, as the mesh config key (`opentelemetry`, `envoyFileAccessLog`, ...). */
  public readonly providerType: string;
  private readonly settings: { [key: string]: any };
  /** @internal */
  public readonly _service?: ExtensionProviderServiceOptions;

  private constructor(name: string, type: string, settings: { [key: string]: any }, service?: ExtensionProviderServiceOptions) {
    this.name = name;
    this.providerType = type;
    this.settings = settings;
    this._service = service;
  }

  /** @internal */
  public _toJson(): { [key: string]: any } {
    return { name: this.name, [this.providerType]: JSON.parse(JSON.stringify(this.settings)) };
  }
}

function extAuthzCommon(options: ExtAuthzOptions): { [key: string]: any } {
  return {
    ...(options.timeout !== undefined ? { timeout: istioDuration(options.timeout) } : {}),
    ...(options.failOpen !== undefined ? { failOpen: options.failOpen } : {}),
  };
}

/** Options shared by the proxy tracers. */
export interface ProxyTracingOptions {
  /**
   * Percentage of requests traced, 0-100.
   * @default - istiod's `PILOT_TRACE_SAMPLING` (1 %)
   */
  readonly sampling?: number;
}

/**
 * The legacy per-proxy tracer (`defaultConfig.tracing`). Prefer `ExtensionProvider` + the Telemetry API for new
 * setups; this remains for meshes that configure the tracer in the proxy config.
 */
export class ProxyTracing {
  /**
   * Zipkin-compatible collector.
   * @param address host:port of the collector
   * @param options sampling
   */
  public static zipkin(address: string, options: ProxyTracingOptions = {}): ProxyTracing {
    return new ProxyTracing('zipkin', { address }, options);
  }

  /**
   * Datadog agent.
   * @param address host:port of the agent
   * @param options sampling
   */
  public static datadog(address: string, options: ProxyTracingOptions = {}): ProxyTracing {
    return new ProxyTracing('datadog', { address }, options);
  }

  /**
   * Only set the sampling percentage (the tracer comes from the Telemetry API).
   * @param sampling percentage of requests traced, 0-100
   */
  public static sampling(sampling: number): ProxyTracing {
    return new ProxyTracing(undefined, {}, { sampling });
  }

  /** The sampling percentage, if set. */
  public readonly samplingPercentage?: number;
  private readonly tracer?: string;
  private readonly settings: { [key: string]: any };

  private constructor(tracer: string | undefined, settings: { [key: string]: any }, options: ProxyTracingOptions) {
    this.tracer = tracer;
    this.settings = settings;
    this.samplingPercentage = options.sampling;
  }

  /** @internal */
  public _toJson(): { [key: string]: any } {
    return {
      ...(this.tracer ? { [this.tracer]: { ...this.settings } } : {}),
      ...(this.samplingPercentage !== undefined ? { sampling: this.samplingPercentage } : {}),
    };
  }

  /** @internal */
  public get _address(): string | undefined {
    return this.settings.address;
  }
}

/** The mesh-wide default proxy configuration (`meshConfig.defaultConfig`). */
export interface MeshProxyConfig {
  /**
   * Start application containers only after the sidecar is ready (and stop it after them).
   * @default false
   */
  readonly holdApplicationUntilProxyStarts?: boolean;
  /**
   * Legacy per-proxy tracer.
   * @default - no tracer in the proxy config
   */
  readonly tracing?: ProxyTracing;
  /**
   * Extra proxy metadata / agent environment (`proxyMetadata`); also set as environment variables of the gateways.
   * @default - none
   */
  readonly proxyMetadata?: { [key: string]: string };
  /**
   * Envoy worker threads; 0 means one per CPU core (bounded by the CPU limit).
   * @default - Istio's default (2, or derived from the CPU limit)
   */
  readonly concurrency?: number;
  /**
   * How long the proxy keeps draining connections when the pod terminates.
   * @default - Istio's default (5s)
   */
  readonly terminationDrainDuration?: Duration;
}

/** The default providers used when a Telemetry resource does not name one (`meshConfig.defaultProviders`). */
export interface MeshDefaultProviders {
  /**
   * Extension provider names used for metrics.
   * @default - none (upstream renders `[prometheus]` when no default provider is configured at all)
   */
  readonly metrics?: string[];
  /**
   * Extension provider names used for tracing.
   * @default - none
   */
  readonly tracing?: string[];
  /**
   * Extension provider names used for access logging.
   * @default - none
   */
  readonly accessLogging?: string[];
}

/**
 * Typed mesh configuration (the `mesh` key of the `istio` ConfigMap). Anything left unset keeps Istio's in-code
 * default, as with the Helm chart.
 */
export interface MeshConfig {
  /**
   * What sidecars do with traffic to destinations outside the service registry.
   * @default OutboundTrafficPolicyMode.ALLOW_ANY
   */
  readonly outboundTrafficPolicy?: OutboundTrafficPolicyMode;
  /**
   * File Envoy writes access logs to; `/dev/stdout` for container logs.
   * @default - access logs off
   */
  readonly accessLogFile?: string;
  /**
   * Envoy access log format string.
   * @default - Envoy's default format
   */
  readonly accessLogFormat?: string;
  /**
   * Access log encoding.
   * @default AccessLogEncoding.TEXT
   */
  readonly accessLogEncoding?: AccessLogEncoding;
  /**
   * Mesh-wide proxy defaults.
   * @default - Istio's defaults
   */
  readonly defaultConfig?: MeshProxyConfig;
  /**
   * Named extension providers.
   * @default - Istio's built-in `prometheus`, `stackdriver` and `envoy` providers only
   */
  readonly extensionProviders?: ExtensionProvider[];
  /**
   * Default providers; setting this replaces upstream's default `metrics: [prometheus]`.
   * @default - metrics: [prometheus]
   */
  readonly defaultProviders?: MeshDefaultProviders;
  /**
   * Use mutual TLS automatically when the destination has a sidecar.
   * @default true
   */
  readonly enableAutoMtls?: boolean;
  /**
   * Merge application and proxy Prometheus metrics on the proxy's port 15020 (also renders the `prometheus.io/*`
   * annotations on istiod and gateway pods).
   * @default true
   */
  readonly enablePrometheusMerge?: boolean;
  /**
   * Alternative trust domains treated as equal to the mesh trust domain.
   * @default - none
   */
  readonly trustDomainAliases?: string[];
}
