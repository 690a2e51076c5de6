import { Duration } from 'cdk8s';
import { Percent } from '../core/percent';

/** How a fault delay is computed. */
export enum FaultDelayType {
  /** A fixed delay. */
  FIXED = 'fixed',
  /** An exponentially distributed delay with the given mean. */
  EXPONENTIAL = 'exponential',
}

/**
 * A delay injected before forwarding requests (Istio `HTTPFaultInjection.Delay`).
 */
export class FaultDelay {
  /**
   * A fixed delay.
   * @param delay the delay, at least 1ms
   * @param percentage share of requests delayed (default: every request)
   */
  public static fixed(delay: Duration, percentage?: Percent): FaultDelay {
    return new FaultDelay(FaultDelayType.FIXED, delay, percentage);
  }

  /**
   * An exponentially distributed delay (Istio `exponentialDelay`).
   * @param mean the mean delay, at least 1ms
   * @param percentage share of requests delayed (default: every request)
   */
  public static exponential(mean: Duration, percentage?: Percent): FaultDelay {
    return new FaultDelay(FaultDelayType.EXPONENTIAL, mean, percentage);
  }

  /** Fixed or exponential. */
  public readonly type: FaultDelayType;
  /** The delay (or mean delay). */
  public readonly delay: Duration;
  /** Share of requests delayed; undefined means every request. */
  public readonly percentage?: Percent;

  private constructor(type: FaultDelayType, delay: Duration, percentage?: Percent) {
    this.type = type;
    this.delay = delay;
    this.percentage = percentage;
  }
}

/** gRPC status codes (for aborting gRPC requests). */
export enum GrpcStatus {
  /** CANCELLED (1) */
  CANCELLED = 'CANCELLED',
  /** UNKNOWN (2) */
  UNKNOWN = 'UNKNOWN',
  /** INVALID_ARGUMENT (3) */
  INVALID_ARGUMENT = 'INVALID_ARGUMENT',
  /** DEADLINE_EXCEEDED (4) */
  DEADLINE_EXCEEDED = 'DEADLINE_EXCEEDED',
  /** NOT_FOUND (5) */
  NOT_FOUND = 'NOT_FOUND',
  /** ALREADY_EXISTS (6) */
  ALREADY_EXISTS = 'ALREADY_EXISTS',
  /** PERMISSION_DENIED (7) */
  PERMISSION_DENIED = 'PERMISSION_DENIED',
  /** RESOURCE_EXHAUSTED (8) */
  RESOURCE_EXHAUSTED = 'RESOURCE_EXHAUSTED',
  /** FAILED_PRECONDITION (9) */
  FAILED_PRECONDITION = 'FAILED_PRECONDITION',
  /** ABORTED (10) */
  ABORTED = 'ABORTED',
  /** OUT_OF_RANGE (11) */
  OUT_OF_RANGE = 'OUT_OF_RANGE',
  /** UNIMPLEMENTED (12) */
  UNIMPLEMENTED = 'UNIMPLEMENTED',
  /** INTERNAL (13) */
  INTERNAL = 'INTERNAL',
  /** UNAVAILABLE (14) */
  UNAVAILABLE = 'UNAVAILABLE',
  /** DATA_LOSS (15) */
  DATA_LOSS = 'DATA_LOSS',
  /** UNAUTHENTICATED (16) */
  UNAUTHENTICATED = 'UNAUTHENTICATED',
}

/** What an aborted request returns. */
export enum FaultAbortType {
  /** An HTTP status. */
  HTTP_STATUS = 'httpStatus',
  /** A gRPC status. */
  GRPC_STATUS = 'grpcStatus',
  /** An HTTP/2 error (Istio: not implemented by Envoy yet). */
  HTTP2_ERROR = 'http2Error',
}

/**
 * Requests aborted with an error instead of being forwarded (Istio `HTTPFaultInjection.Abort`).
 */
export class FaultAbort {
  /**
   * Abort with an HTTP status.
   * @param status the status, 200–599
   * @param percentage share of requests aborted (default: every request)
   */
  public static httpStatus(status: number, percentage?: Percent): FaultAbort {
    return new FaultAbort(FaultAbortType.HTTP_STATUS, status, undefined, percentage);
  }

  /**
   * Abort with a gRPC status.
   * @param status the status
   * @param percentage share of requests aborted (default: every request)
   */
  public static grpcStatus(status: GrpcStatus, percentage?: Percent): FaultAbort {
    return new FaultAbort(FaultAbortType.GRPC_STATUS, undefined, status, percentage);
  }

  /**
   * Abort with an HTTP/2 error code name (`http2Error`; Istio documents it as not yet implemented).
   * @param error the HTTP/2 error name, e.g. `REFUSED_STREAM`
   * @param percentage share of requests aborted (default: every request)
   */
  public static http2Error(error: string, percentage?: Percent): FaultAbort {
    return new FaultAbort(FaultAbortType.HTTP2_ERROR, undefined, error, percentage);
  }

  /** The kind of abort. */
  public readonly type: FaultAbortType;
  /** The HTTP status for `HTTP_STATUS`. */
  public readonly httpStatusCode?: number;
  /** The gRPC status or HTTP/2 error name. */
  public readonly errorName?: string;
  /** Share of requests aborted; undefined means every request. */
  public readonly percentage?: Percent;

  private constructor(type: FaultAbortType, httpStatusCode: number | undefined, errorName: string | undefined, percentage: Percent | undefined) {
    this.type = type;
    this.httpStatusCode = httpStatusCode;
    this.errorName = errorName;
    this.percentage = percentage;
  }
}

/**
 * Fault injection on a route (Istio `HTTPFaultInjection`): delays and/or aborts. Faults apply at the client side
 * proxy; retries and timeouts of the same route are not applied to faulted requests.
 */
export interface HttpFault {
  /**
   * Delay requests.
   * @default - no delay
   */
  readonly delay?: FaultDelay;
  /**
   * Abort requests.
   * @default - no abort
   */
  readonly abort?: FaultAbort;
}
