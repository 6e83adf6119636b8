import { Router } from 'express';
import type { Request, RequestHandler } from 'express';
import { z } from 'zod';
import type { SessionResponse } from '../api-types.js';
import { csrfToken, HttpError, retryAfterSeconds } from '@alice-face/http-common';
import type { ReviewerStore } from '../store/reviewers.js';
import { parseOr400 } from '../validate.js';

const Credentials = z.object({ email: z.string().trim().min(1).max(320), password: z.string().min(1).max(1024) });

function promisify(fn: (cb: (err?: unknown) => void) => void): Promise<void> {
  return new Promise((resolve, reject) => fn((err) => (err ? reject(err) : resolve())));
}

function sessionBody(req: Request): SessionResponse {
  const email = req.session.reviewerEmail;
  return email ? { reviewer: { email }, csrf_token: req.session.csrfToken ?? null } : { reviewer: null, csrf_token: null };
}

/** Sign in (`limit`: the per-address limit on attempts), sign out and "who am I". */
export function authRoutes(reviewers: ReviewerStore, limit: RequestHandler, cookieName: string): Router {
  const router = Router();

  router.get('/api/session', (req, res) => {
    res.json(sessionBody(req));
  });

  router.post('/api/login', limit, async (req, res) => {
    const { email, password } = parseOr400(Credentials, req.body, 'Email and password are required.');
    const result = await reviewers.signIn(email, password);
    if (!result.ok && result.reason === 'locked') {
      throw new HttpError(423, 'ACCOUNT_LOCKED', 'This account is locked after too many failed sign-ins. Try again later.', {
        headers: { 'Retry-After': retryAfterSeconds(result.retryAfterMs) },
      });
    }
    if (!result.ok) throw new HttpError(401, 'INVALID_CREDENTIALS', 'Wrong email or password.');
    // A fresh session id on sign-in, so a planted cookie cannot be promoted (session fixation).
    await promisify((cb) => req.session.regenerate(cb));
    req.session.reviewerId = result.reviewer.id;
    req.session.reviewerEmail = result.reviewer.email;
    csrfToken(req); // the new session's token, returned below
    await promisify((cb) => req.session.save(cb));
    res.json(sessionBody(req));
  });

  router.post('/api/logout', async (req, res) => {
    await promisify((cb) => req.session.destroy(cb));
    res.clearCookie(cookieName, { path: '/' });
    res.json({ reviewer: null, csrf_token: null } satisfies SessionResponse);
  });

  return router;
}
