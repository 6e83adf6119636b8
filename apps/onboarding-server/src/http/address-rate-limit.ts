// Per-client-address limits (express-rate-limit via @alice-face/rate-limit):
// every token request, and bad API keys at /login_token. In this process's
// memory by default; with ONBOARDING_REDIS_URL in Redis, so all instances
// count one budget per address. They slow one address down; the per-user
// failed-authentication limit is the account lock, and lives in the database.
import { addressLimit } from '@alice-face/rate-limit';
import type { SendCommand } from '@alice-face/redis-connection';
import type { RequestHandler } from 'express';
import { HttpError } from './http-error.js';

export interface AddressRateLimit {
  max: number;
  windowMs: number;
}

/** A limit answering `429 code` with Retry-After; `failuresOnly` counts only error responses. */
export function addressRateLimit(
  limit: AddressRateLimit,
  o: { name: string; code: string; message: string; failuresOnly?: boolean; redis?: SendCommand | undefined },
): RequestHandler {
  return addressLimit({
    ...limit,
    failuresOnly: o.failuresOnly,
    redis: o.redis,
    prefix: `onboarding:limit:${o.name}:`,
    onLimited(_req, _res, next, seconds) {
      next(new HttpError(429, o.code, o.message, { headers: { 'Retry-After': String(seconds) } }));
    },
  });
}
