// When and how long to wait before trying a request again.

/** Statuses worth another try: the request did not reach a healthy server. */
const RETRYABLE_STATUSES = new Set([502, 503, 504]);

/** Socket errors where the server may never have seen the request (a reset, a dropped keep-alive). */
const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);

export function isRetryableStatus(status: number): boolean {
  return RETRYABLE_STATUSES.has(status);
}

/** True when a fetch failure is a connection reset (not a refusal, DNS failure or timeout). */
export function isConnectionReset(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && RESET_CODES.has(code)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/** Retry-After (delta-seconds or HTTP date) in ms, or undefined if absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

export interface BackoffOptions {
  baseDelayMs: number;
  maxDelayMs: number;
  random?: () => number;
}

/**
 * Wait before retry number `attempt` (0 for the first retry): the server's Retry-After when
 * given, else exponential backoff with jitter in [half, full] of base * 2^attempt, so many
 * clients that failed together do not return together. Always capped at maxDelayMs.
 */
export function retryDelayMs(attempt: number, retryAfterMs: number | undefined, options: BackoffOptions): number {
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, options.maxDelayMs);
  const exponential = Math.min(options.baseDelayMs * 2 ** attempt, options.maxDelayMs);
  const random = options.random ?? Math.random;
  return Math.round(exponential * (0.5 + random() / 2));
}

export function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
