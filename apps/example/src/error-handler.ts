// The error answer (@alice-face/http-common's errorHandler): pages get an
// HTML error page, fetch calls (JSON) the Onboarding API's error shape.
// Upstream faults become 502 with a message a person can act on; they are
// logged by name and code, never with tokens or media.
import { errorHandler as answerErrors, HttpError } from '@alice-face/http-common';
import { OnboardingApiError } from '@alice-face/onboarding-client';
import type { ErrorRequestHandler, Request } from 'express';
import { AliceFaceError } from 'passport-alice-face';
import { pageContext } from './routes/context.js';
import { errorPage } from './views/pages.js';

/** The Onboarding API's faults (down, slow, refusing our key, answering nonsense), as the strategy or the client report them. */
function upstreamFault(err: unknown): HttpError | undefined {
  const strategy = err instanceof AliceFaceError && /^ERR_ALICE_FACE_(UPSTREAM|UPSTREAM_AUTH|MALFORMED_RESPONSE)$/.test(err.code);
  if (!(err instanceof OnboardingApiError) && !strategy) return undefined;
  const code = err instanceof OnboardingApiError ? `ONBOARDING_${err.code}` : (err as AliceFaceError).code.replace('ERR_ALICE_FACE_', 'ONBOARDING_');
  return new HttpError(502, code, 'The face service could not complete the request. Please try again in a moment.', { cause: err });
}

function title(status: number): string {
  if (status === 403) return 'Not allowed';
  if (status === 404) return 'Not found';
  if (status === 429) return 'Too many attempts';
  if (status === 502) return 'Face service unavailable';
  return status >= 500 ? 'Something went wrong' : 'Something is not right';
}

/** The page's fetch and upload calls (capture-page.js) read JSON in the API's error shape. */
const wantsJson = (req: Request) =>
  /^\/(login\/attempt|login\/video|enroll\/video)$/.test(req.path) || (req.get('accept') ?? '').includes('application/json');

export function errorHandler(): ErrorRequestHandler {
  return answerErrors({
    translate: upstreamFault,
    log(err, req) {
      const e = err as { name?: string; code?: string; message?: string; status?: number };
      console.error(`[example] ${req.method} ${req.path} failed: ${e.name ?? 'Error'} ${e.code ?? ''} ${e.status ?? ''} ${e.message ?? ''}`);
    },
    page(req, err) {
      if (wantsJson(req)) return undefined;
      let ctx;
      try {
        ctx = pageContext(req);
      } catch {
        ctx = { csrfToken: '' };
      }
      return errorPage(ctx, { status: err.status, title: title(err.status), message: err.message });
    },
  });
}
