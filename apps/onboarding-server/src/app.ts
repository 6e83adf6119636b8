// createApp(deps): the Express app with every route under /onboarding. No
// listening here (startOnboardingServer does that), so tests and embedders
// can build it around their own store and engine.
import express, { type Express } from 'express';
import { errorHandler, notFound } from '@alice-face/http-common';
import helmet from 'helmet';
import type { AppDeps } from './deps.js';
import { userTokenCors } from './http/cors.js';
import { requestLog } from './http/request-log.js';
import { authenticationsRouter } from './routes/authentications.js';
import { challengesRouter } from './routes/challenges.js';
import { mediaRouter } from './routes/media.js';
import { metaRouter } from './routes/meta.js';
import { privacyRouter } from './routes/privacy.js';
import { selfiesRouter } from './routes/selfies.js';
import { tokensRouter } from './routes/tokens.js';
import { unsupported } from './routes/unsupported.js';
import { userStateRouter } from './routes/user-state.js';
import { usersRouter } from './routes/users.js';
import { webhooksRouter } from './routes/webhooks.js';

export const BASE_PATH = '/onboarding';

export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'simple');
  // The client address of the per-address limits: off unless the operator names the proxies.
  app.set('trust proxy', deps.trustProxy ?? false);
  app.use(requestLog(deps.logger));
  app.use(helmet());
  app.use(userTokenCors(deps.corsOrigins));
  // Small bodies only; media go through the streaming multipart reader.
  app.use(express.json({ limit: '16kb' }));
  app.use(express.urlencoded({ extended: false, limit: '16kb' }));
  for (const router of [metaRouter, tokensRouter, usersRouter, userStateRouter, selfiesRouter, challengesRouter, authenticationsRouter, mediaRouter, privacyRouter, webhooksRouter]) {
    app.use(BASE_PATH, router(deps));
  }
  app.use(BASE_PATH, unsupported);
  app.use(notFound());
  // The one JSON error shape (docs/CONTRACT.md); unexpected errors are logged without bodies or tokens.
  app.use(
    errorHandler({
      log: (err, req) =>
        deps.logger.error({ err: err instanceof Error ? { name: err.name, message: err.message, stack: err.stack } : String(err), path: req.path }, 'Unhandled error'),
    }),
  );
  return app;
}
