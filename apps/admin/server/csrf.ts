import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { HttpError } from './http-error.js';

export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function newCsrfToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Synchronizer-token check: every state-changing request must carry the
 * session's token in a header. A cross-site form cannot set headers, and
 * SameSite=strict keeps the cookie off cross-site requests as a second line.
 * Sign-in is exempt (there is no session yet) but must be JSON, which a
 * cross-site form cannot send either.
 */
export function csrfProtection(exempt: readonly string[]): RequestHandler {
  return (req, _res, next) => {
    if (SAFE_METHODS.has(req.method)) return next();
    if (exempt.includes(req.path)) {
      if (!req.is('application/json')) return next(new HttpError(415, 'UNSUPPORTED_MEDIA', 'Send JSON.'));
      return next();
    }
    const expected = req.session.csrfToken;
    const sent = req.get(CSRF_HEADER);
    if (!expected || !sent || !safeEqual(expected, sent)) {
      return next(new HttpError(403, 'CSRF_TOKEN_INVALID', 'Missing or invalid CSRF token: reload the page.'));
    }
    next();
  };
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
