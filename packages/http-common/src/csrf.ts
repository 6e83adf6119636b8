// CSRF protection with the synchronizer-token pattern: a random token per
// session (`req.session.csrfToken`, express-session), sent back on every
// state-changing request in a form field (`_csrf`) or a header
// (`x-csrf-token`, for fetch calls) and compared in constant time. A
// cross-site page can submit a form but cannot read the token. Paths
// exempted (a sign-in, before any session) must be JSON, which a cross-site
// form cannot send.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import type {} from 'express-session';
import { HttpError } from './http-error.js';

declare module 'express-session' {
  interface SessionData {
    /** The session's CSRF token (csrfToken / csrfProtection). */
    csrfToken?: string;
  }
}

export const CSRF_FIELD = '_csrf';
export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The session's token, made on first use (a page with a form, a sign-in). */
export function csrfToken(req: Request): string {
  if (!req.session.csrfToken) req.session.csrfToken = randomBytes(32).toString('base64url');
  return req.session.csrfToken;
}

export interface CsrfOptions {
  /** Paths (as `req.path` reads where the middleware is mounted) that need no token but must be JSON. */
  exempt?: readonly string[] | undefined;
}

const rejected = () => new HttpError(403, 'CSRF_TOKEN_INVALID', 'This form has expired or did not come from this site. Reload the page and try again.');

export function csrfProtection(options: CsrfOptions = {}): RequestHandler {
  const exempt = new Set(options.exempt ?? []);
  return (req, _res, next) => {
    if (SAFE_METHODS.has(req.method)) return next();
    if (exempt.has(req.path)) {
      if (!req.is('application/json')) return next(new HttpError(415, 'UNSUPPORTED_MEDIA', 'Send this request as JSON.'));
      return next();
    }
    const body = req.body as Record<string, unknown> | undefined;
    const sent = typeof body?.[CSRF_FIELD] === 'string' ? body[CSRF_FIELD] : req.get(CSRF_HEADER);
    const expected = req.session?.csrfToken;
    if (!expected || typeof sent !== 'string' || !sameToken(sent, expected)) return next(rejected());
    next();
  };
}

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
