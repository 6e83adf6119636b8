// The one error type services throw; the error middleware renders it as
// {"error": {"code", "message", "details"?}} with its status (docs/CONTRACT.md).
export class HttpError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details?: unknown;
  /** Extra response headers, e.g. Retry-After on 429 and 503. */
  readonly headers: Record<string, string>;

  constructor(
    status: number,
    code: string,
    message: string,
    options: { details?: unknown; headers?: Record<string, string>; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'HttpError';
    this.status = status;
    this.code = code;
    if (options.details !== undefined) this.details = options.details;
    this.headers = options.headers ?? {};
  }
}

export function invalidRequest(field: string, message: string): HttpError {
  return new HttpError(400, 'INVALID_REQUEST', message, { details: { field } });
}
