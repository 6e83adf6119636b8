// The one error a route or service throws on purpose: an HTTP status, a
// stable code, a message for the person reading it (starting with a capital
// letter), optional details and response headers. errorHandler renders it as
// {"error": {"code", "message", "details"?}} with its status.
export interface HttpErrorOptions {
  /** Sent as `error.details` (e.g. `{ field }` of a bad input). */
  details?: unknown;
  /** Extra response headers, e.g. Retry-After on 429 and 503. */
  headers?: Record<string, string> | undefined;
  cause?: unknown;
}

export class HttpError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details?: unknown;
  readonly headers: Record<string, string>;

  constructor(status: number, code: string, message: string, options: HttpErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'HttpError';
    this.status = status;
    this.code = code;
    if (options.details !== undefined) this.details = options.details;
    this.headers = options.headers ?? {};
  }
}

/** 400 INVALID_REQUEST naming the bad field (`details.field`). */
export function invalidRequest(field: string, message: string): HttpError {
  return new HttpError(400, 'INVALID_REQUEST', message, { details: { field } });
}

/** A `Retry-After` value in whole seconds (at least 1) for a wait in ms. */
export function retryAfterSeconds(waitMs: number): string {
  return String(Math.max(1, Math.ceil(waitMs / 1000)));
}
