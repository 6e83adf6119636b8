// Per-client-address request limit for the token endpoints: every request
// counts (not only failures), so a stolen token or key cannot be turned into
// a token mint at line rate. In memory and per process on purpose, like the
// API-key limiter: it slows one address down, it is not an account lock.
import type { NextFunction, Request, Response } from 'express';
import type { AttemptLimiter } from '../auth/attempt-limiter.js';
import { HttpError } from './http-error.js';

export function addressRateLimit(limiter: AttemptLimiter | undefined) {
  return (req: Request, _res: Response, next: NextFunction): void => {
    if (!limiter) return next();
    const client = req.ip ?? 'unknown';
    const wait = limiter.retryAfter(client);
    if (wait > 0) {
      throw new HttpError(429, 'TOO_MANY_REQUESTS', 'Too many token requests from this address; try again later.', {
        headers: { 'Retry-After': String(wait) },
      });
    }
    limiter.fail(client);
    next();
  };
}
