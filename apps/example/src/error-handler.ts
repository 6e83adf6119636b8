// One error handler: pages get an HTML error page, fetch calls (JSON) get
// the Onboarding API's error shape. Upstream faults become 502 with a message
// a person can act on; nothing sensitive (tokens, media) is ever logged.
import type { ErrorRequestHandler } from 'express';
import { OnboardingApiError } from '@alice-face/onboarding-client';
import { AliceFaceError } from 'passport-alice-face';
import { HttpError } from './errors.js';
import { pageContext } from './routes/context.js';
import { errorPage } from './views/pages.js';

interface Shown {
  status: number;
  code: string;
  title: string;
  message: string;
}

function describe(err: unknown): Shown {
  if (err instanceof HttpError) {
    const title =
      err.status === 403 ? 'Not allowed' : err.status === 404 ? 'Not found' : err.status === 429 ? 'Too many attempts' : 'Something is not right';
    return { status: err.status, code: err.code, title, message: err.message };
  }
  // The strategy wraps the API's faults (down, slow, refusing our key, answering nonsense) in its own error.
  const upstream = err instanceof AliceFaceError && /^ERR_ALICE_FACE_(UPSTREAM|UPSTREAM_AUTH|MALFORMED_RESPONSE)$/.test(err.code);
  if (err instanceof OnboardingApiError || upstream) {
    return {
      status: 502,
      code: err instanceof OnboardingApiError ? `ONBOARDING_${err.code}` : err.code.replace('ERR_ALICE_FACE_', 'ONBOARDING_'),
      title: 'Face service unavailable',
      message: 'The face service could not complete the request. Please try again in a moment.',
    };
  }
  const status = (err as { status?: number }).status;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return { status, code: 'BAD_REQUEST', title: 'Bad request', message: 'The request could not be understood.' };
  }
  return { status: 500, code: 'INTERNAL', title: 'Something went wrong', message: 'Something went wrong on our side. Please try again.' };
}

export const errorHandler: ErrorRequestHandler = (err, req, res, next) => {
  if (res.headersSent) return next(err);
  const shown = describe(err);
  if (shown.status >= 500) {
    const e = err as { name?: string; code?: string; message?: string; status?: number };
    console.error(`[example] ${req.method} ${req.path} failed: ${e.name ?? 'Error'} ${e.code ?? ''} ${e.status ?? ''} ${e.message ?? ''}`);
  }
  // The page's fetch and upload calls (capture-page.js) read JSON in the API's error shape.
  const wantsJson = /^\/(login\/attempt|login\/video|enroll\/video)$/.test(req.path) || (req.get('accept') ?? '').includes('application/json');
  res.status(shown.status);
  if (wantsJson) {
    res.json({ error: { code: shown.code, message: shown.message } });
    return;
  }
  let ctx;
  try {
    ctx = pageContext(req);
  } catch {
    ctx = { csrfToken: '' };
  }
  res.send(errorPage(ctx, shown));
};
