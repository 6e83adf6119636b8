// Per-client-address limit on the steps an attacker repeats: the email step,
// a new login attempt, POST /login and sign-up (which tells whether an email is
// taken), counted together. Failed face logins have their own limit, per
// account and per address (routes/login-recording.ts). In memory and per process, like the admin's
// sign-in limiter: it slows one address down, it is not an account lock.
// Over the limit: 429 with Retry-After, as a page (or JSON for /login/attempt).
import { RateLimiter, retryAfterSeconds } from '@alice-face/rate-limit';
import type { RequestHandler } from 'express';
import type { ResolvedOptions } from './config.js';
import { HttpError } from './errors.js';

/** The routes that share one budget per address. */
export const RATE_LIMITED_PATHS = ['/login/start', '/login/attempt', '/login', '/signup'];

export function attemptRateLimit({ loginRateLimit, now }: Pick<ResolvedOptions, 'loginRateLimit' | 'now'>): RequestHandler {
  if (!loginRateLimit) return (_req, _res, next) => next();
  const limiter = new RateLimiter(loginRateLimit.max, loginRateLimit.windowMs, now);
  return (req, res, next) => {
    const wait = limiter.hit(req.ip ?? 'unknown');
    if (wait === 0) return next();
    const seconds = retryAfterSeconds(wait);
    const minutes = Math.ceil(Number(seconds) / 60);
    res.set('Retry-After', seconds);
    next(
      new HttpError(
        429,
        'TOO_MANY_ATTEMPTS',
        `Too many attempts from your network in a short time. Please wait ${minutes === 1 ? 'a minute' : `${minutes} minutes`} and try again.`,
      ),
    );
  };
}
