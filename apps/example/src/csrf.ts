// CSRF protection with the synchronizer-token pattern: a random token per
// session, rendered into every form (field `_csrf`) and required, compared in
// constant time, on every state-changing request (body field or the
// `x-csrf-token` header for fetch calls).
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { HttpError } from './errors.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function csrfToken(req: Request): string {
  if (!req.session.csrfToken) req.session.csrfToken = randomBytes(32).toString('base64url');
  return req.session.csrfToken;
}

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function csrfProtection(req: Request, _res: Response, next: NextFunction): void {
  if (SAFE_METHODS.has(req.method)) return next();
  const body = req.body as Record<string, unknown> | undefined;
  const sent = typeof body?._csrf === 'string' ? body._csrf : req.get('x-csrf-token');
  const expected = req.session.csrfToken;
  if (!expected || typeof sent !== 'string' || !sameToken(sent, expected)) {
    return next(
      new HttpError(403, 'CSRF_REJECTED', 'This form has expired or did not come from this site. Reload the page and try again.'),
    );
  }
  next();
}
