// The one error type every failure of the client turns into, so callers need a single
// `catch` that can tell "bad input" from "API down" by `status` and `code`.

export interface OnboardingApiErrorInit {
  /** HTTP status, or 0 when no response was received (network fault, timeout, bad argument). */
  status: number;
  code: string;
  message: string;
  /** The client method that failed, e.g. `getReport`. */
  operation: string;
  details?: unknown;
  cause?: unknown;
  /** Milliseconds the server asked to wait (Retry-After), when it sent one. */
  retryAfterMs?: number;
}

export class OnboardingApiError extends Error {
  override readonly name = 'OnboardingApiError';
  readonly status: number;
  readonly code: string;
  readonly operation: string;
  readonly details?: unknown;
  readonly retryAfterMs?: number;

  constructor(init: OnboardingApiErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.status = init.status;
    this.code = init.code;
    this.operation = init.operation;
    if (init.details !== undefined) this.details = init.details;
    if (init.retryAfterMs !== undefined) this.retryAfterMs = init.retryAfterMs;
  }
}

/** Codes the client itself produces (the API's own codes pass through unchanged). */
export const CLIENT_ERROR_CODES = {
  TIMEOUT: 'TIMEOUT',
  NETWORK_ERROR: 'NETWORK_ERROR',
  INVALID_RESPONSE: 'INVALID_RESPONSE',
  INVALID_ARGUMENT: 'INVALID_ARGUMENT',
  INVALID_OPTIONS: 'INVALID_OPTIONS',
  INVALID_MEDIA: 'INVALID_MEDIA',
} as const;

// Used when an error body does not carry the contract's `{"error": {"code"}}` (a proxy's
// HTML page, or the hosted API's older shapes), so every status still gets a stable code.
const FALLBACK_CODES: Record<number, string> = {
  400: 'INVALID_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA',
  422: 'UNPROCESSABLE',
  429: 'TOO_MANY_ATTEMPTS',
  502: 'BAD_GATEWAY',
  503: 'BUSY',
  504: 'GATEWAY_TIMEOUT',
};

export function fallbackCode(status: number): string {
  return FALLBACK_CODES[status] ?? (status >= 500 ? 'INTERNAL' : 'HTTP_ERROR');
}

export function invalidArgument(operation: string, message: string): OnboardingApiError {
  return new OnboardingApiError({ status: 0, code: CLIENT_ERROR_CODES.INVALID_ARGUMENT, message, operation });
}

export function invalidResponse(operation: string, status: number, message: string, cause?: unknown): OnboardingApiError {
  return new OnboardingApiError({ status, code: CLIENT_ERROR_CODES.INVALID_RESPONSE, message, operation, cause });
}
