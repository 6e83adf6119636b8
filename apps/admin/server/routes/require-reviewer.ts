import type { RequestHandler } from 'express';
import { HttpError } from '@alice-face/http-common';
import type { ReviewerStore } from '../store/reviewers.js';

/** Lets the request through only for a signed-in reviewer who still exists; sets res.locals.reviewerEmail. */
export function requireReviewer(reviewers: ReviewerStore): RequestHandler {
  return (req, res, next) => {
    const id = req.session.reviewerId;
    const reviewer = id === undefined ? undefined : reviewers.byId(id);
    if (!reviewer) return next(new HttpError(401, 'NOT_SIGNED_IN', 'Sign in first.'));
    res.locals.reviewerEmail = reviewer.email;
    next();
  };
}
