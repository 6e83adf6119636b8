// Per-client-address limit on the steps an attacker repeats: the email step,
// a new login attempt, POST /login and sign-up (which tells whether an email is
// taken), counted together (express-rate-limit through @alice-face/rate-limit).
// Failed face logins have their own limit, per account and per address
// (routes/login-recording.ts). In this process's memory, or in Redis when the
// app has one, so every instance counts one budget. It slows one address down;
// it is not an account lock. Over the limit: 429 with Retry-After, as a page
// (or JSON for /login/attempt).
import { addressLimit } from '@alice-face/rate-limit';
import { sendCommandOf } from '@alice-face/redis-connection';
import type { RequestHandler } from 'express';
import type { ResolvedOptions } from './config.js';

/** The routes that share one budget per address. */
export const RATE_LIMITED_PATHS = ['/login/start', '/login/attempt', '/login', '/signup'];

export function attemptRateLimit({ loginRateLimit, redis }: Pick<ResolvedOptions, 'loginRateLimit' | 'redis'>): RequestHandler {
  if (!loginRateLimit) return (_req, _res, next) => next();
  return addressLimit({
    ...loginRateLimit,
    redis: redis && sendCommandOf(redis),
    prefix: 'example:limit:',
    code: 'TOO_MANY_ATTEMPTS',
    message(seconds) {
      const minutes = Math.ceil(seconds / 60);
      return `Too many attempts from your network in a short time. Please wait ${minutes === 1 ? 'a minute' : `${minutes} minutes`} and try again.`;
    },
  });
}
