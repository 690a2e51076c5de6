import { Duration } from 'cdk8s';

/**
 * A condition under which Envoy retries a request (`retries.retryOn`).
 * See https://www.envoyproxy.io/docs/envoy/latest/configuration/http/http_filters/router_filter#x-envoy-retry-on.
 */
export class RetryOn {
  /** The upstream answered 5xx, or did not answer (reset, connect failure, timeout). */
  public static readonly FIVE_XX = new RetryOn('5xx');
  /** The upstream answered 502, 503 or 504. */
  public static readonly GATEWAY_ERROR = new RetryOn('gateway-error');
  /** The upstream did not respond at all (disconnect, reset, read timeout). */
  public static readonly RESET = new RetryOn('reset');
  /** Like `RESET`, but only when the request was not sent to the upstream yet. */
  public static readonly RESET_BEFORE_REQUEST = new RetryOn('reset-before-request');
  /** Connecting to the upstream failed. */
  public static readonly CONNECT_FAILURE = new RetryOn('connect-failure');
  /** The upstream answered with `x-envoy-ratelimited`. */
  public static readonly ENVOY_RATELIMITED = new RetryOn('envoy-ratelimited');
  /** The upstream answered 409. */
  public static readonly RETRIABLE_4XX = new RetryOn('retriable-4xx');
  /** The upstream reset the stream with REFUSED_STREAM. */
  public static readonly REFUSED_STREAM = new RetryOn('refused-stream');
  /** The upstream answered a status code listed with `RetryOn.statusCode()`. */
  public static readonly RETRIABLE_STATUS_CODES = new RetryOn('retriable-status-codes');
  /** The upstream response has a header matching the route's retriable headers. */
  public static readonly RETRIABLE_HEADERS = new RetryOn('retriable-headers');
  /** HTTP/3 failed after connecting (retried over TCP). */
  public static readonly HTTP3_POST_CONNECT_FAILURE = new RetryOn('http3-post-connect-failure');
  /** gRPC status CANCELLED. */
  public static readonly GRPC_CANCELLED = new RetryOn('cancelled');
  /** gRPC status DEADLINE_EXCEEDED. */
  public static readonly GRPC_DEADLINE_EXCEEDED = new RetryOn('deadline-exceeded');
  /** gRPC status INTERNAL. */
  public static readonly GRPC_INTERNAL = new RetryOn('internal');
  /** gRPC status RESOURCE_EXHAUSTED. */
  public static readonly GRPC_RESOURCE_EXHAUSTED = new RetryOn('resource-exhausted');
  /** gRPC status UNAVAILABLE. */
  public static readonly GRPC_UNAVAILABLE = new RetryOn('unavailable');

  /**
   * Retry on an HTTP status code (Istio adds `retriable-status-codes` for it).
   * @param code the status code, 100–599
   */
  public static statusCode(code: number): RetryOn {
    return new RetryOn(String(code));
  }

  /**
   * A condition by its Envoy name, for conditions this class does not list yet.
   * @param condition the Envoy retry condition (lowercase words separated by '-')
   */
  public static of(condition: string): RetryOn {
    return new RetryOn(condition);
  }

  /** The Envoy condition name. */
  public readonly value: string;

  private constructor(value: string) {
    this.value = value;
  }
}

/**
 * HTTP retry policy of a route (Istio `HTTPRetry`).
 */
export interface HttpRetryPolicy {
  /**
   * Number of retries (not counting the first attempt); 0 disables retries (Istio retries twice by default).
   */
  readonly attempts: number;
  /**
   * Timeout of each attempt, at least 1ms; must not exceed the route `timeout`.
   * @default - the route timeout
   */
  readonly perTryTimeout?: Duration;
  /**
   * Conditions that trigger a retry.
   * @default - Istio's default: connect-failure, refused-stream, unavailable, cancelled, retriable-status-codes
   */
  readonly retryOn?: RetryOn[];
  /**
   * Retry in other localities.
   * @default - Istio default (false)
   */
  readonly retryRemoteLocalities?: boolean;
  /**
   * Do not retry on hosts already tried.
   * @default - Istio default
   */
  readonly retryIgnorePreviousHosts?: boolean;
  /**
   * Minimum wait between retries, at least 1ms.
   * @default - Envoy default (25ms)
   */
  readonly backoff?: Duration;
}
