// A per-client-address request limit as Express middleware, on
// express-rate-limit: in this process's memory by default, or in Redis
// (rate-limit-redis) so every instance behind a load balancer counts against
// one budget. Fixed windows: a key's window starts at its first request.
// A limited request is refused with 429 `code` and Retry-After (an HttpError,
// answered by the app's errorHandler).
import { HttpError } from '@alice-face/http-common';
import type { Request, RequestHandler } from 'express';
import { rateLimit, type Store } from 'express-rate-limit';
import { RedisStore, type RedisReply } from 'rate-limit-redis';

export interface AddressLimitOptions {
  /** Requests counted per client address in a window before it is limited. */
  max: number;
  windowMs: number;
  /** Count only requests answered with an error status (>= 400), e.g. bad API keys. Default false: every request counts. */
  failuresOnly?: boolean | undefined;
  /** A Redis command function (`sendCommandOf(connection)`): the counts are shared by every process using that Redis. Unset: in memory. */
  redis?: ((...args: string[]) => Promise<unknown>) | undefined;
  /** The Redis key prefix of this limit; give each limit (and each app sharing a Redis) its own. */
  prefix: string;
  /** The error code of the 429 answer, e.g. `TOO_MANY_ATTEMPTS`. */
  code: string;
  /** Its message, or a function of the whole seconds until the window ends (at least 1, as in Retry-After). */
  message: string | ((retryAfterSeconds: number) => string);
}

export function addressLimit(o: AddressLimitOptions): RequestHandler {
  if (!Number.isInteger(o.max) || o.max < 1) throw new TypeError(`addressLimit: \`max\` must be a positive integer, received ${String(o.max)}.`);
  if (!Number.isInteger(o.windowMs) || o.windowMs < 1) throw new TypeError(`addressLimit: \`windowMs\` must be a positive integer (ms), received ${String(o.windowMs)}.`);
  const store: Store | undefined = o.redis
    ? new RedisStore({ sendCommand: o.redis as (...args: string[]) => Promise<RedisReply>, prefix: o.prefix })
    : undefined;
  return rateLimit({
    windowMs: o.windowMs,
    limit: o.max,
    skipSuccessfulRequests: o.failuresOnly ?? false,
    standardHeaders: false,
    legacyHeaders: false,
    ...(store ? { store } : {}),
    // X-Forwarded-For is deliberately ignored unless `trust proxy` names the proxies (parseTrustProxy).
    validate: { xForwardedForHeader: false },
    handler(req, _res, next) {
      const reset = (req as Request & { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
      const seconds = reset ? Math.max(1, Math.ceil((reset.getTime() - Date.now()) / 1000)) : Math.ceil(o.windowMs / 1000);
      const message = typeof o.message === 'function' ? o.message(seconds) : o.message;
      next(new HttpError(429, o.code, message, { headers: { 'Retry-After': String(seconds) } }));
    },
  });
}
