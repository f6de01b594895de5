/**
 * Every failure of a client names the endpoint it called (e.g. `Prometheus query_range`) and what went
 * wrong; URLs are included only when they carry no secret.
 */
export type ClientErrorKind = 'http' | 'network' | 'timeout' | 'aborted' | 'invalid-response' | 'rejected';

export class ClientError extends Error {
  constructor(
    message: string,
    readonly endpoint: string,
    readonly kind: ClientErrorKind,
    readonly status?: number,
    readonly attempts = 1
  ) {
    super(message);
    this.name = 'ClientError';
  }

  /** Worth retrying: network errors, timeouts, 5xx and 429. */
  get retryable(): boolean {
    return (
      this.kind === 'network' ||
      this.kind === 'timeout' ||
      (this.kind === 'http' && (this.status === 429 || (this.status ?? 0) >= 500))
    );
  }
}

/** The server understood the request and refused it (e.g. PromQL that does not parse): not retried. */
export class RejectedRequestError extends ClientError {
  constructor(
    message: string,
    endpoint: string,
    status: number,
    /** The server's own words, e.g. Prometheus's `error` field. */
    readonly serverMessage: string
  ) {
    super(message, endpoint, 'rejected', status);
    this.name = 'RejectedRequestError';
  }
}

/** The request never reached the server (connection refused, host not found): sending it again cannot do it twice. */
export class NotSentError extends ClientError {
  constructor(message: string, endpoint: string, attempts = 1) {
    super(message, endpoint, 'network', undefined, attempts);
    this.name = 'NotSentError';
  }
}

/**
 * Whether the server may have acted on a request that failed: it may have arrived (a timeout, a reset connection,
 * a proxy's 5xx, an unreadable 2xx). Not when the server refused it (4xx, 429) or it never left.
 */
export function mayHaveReachedServer(error: unknown): boolean {
  return (
    error instanceof ClientError &&
    !(error instanceof RejectedRequestError) &&
    !(error instanceof NotSentError) &&
    error.kind !== 'aborted' &&
    error.status !== 429
  );
}
