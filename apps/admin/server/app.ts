import './session-types.js';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { OnboardingClient } from '@alice-face/onboarding-client';
import express from 'express';
import type { Express } from 'express';
import { csrfProtection, errorHandler, notFound, type TrustProxy } from '@alice-face/http-common';
import { addressLimit } from '@alice-face/rate-limit';
import { SqliteSessionStore } from '@alice-face/sqlite-session-store';
import session from 'express-session';
import helmet from 'helmet';
import type { Thresholds } from './api-types.js';
import { DecisionService } from './decision-service.js';
import { fromOnboardingError } from './onboarding-errors.js';
import { QueueService } from './queue-service.js';
import { auditRoutes } from './routes/audit-routes.js';
import { authRoutes } from './routes/auth-routes.js';
import { enrollmentRoutes } from './routes/enrollment-routes.js';
import { requireReviewer } from './routes/require-reviewer.js';
import { webhookRoutes } from './routes/webhook-routes.js';
import { AuditLog } from './store/audit-log.js';
import type { Db } from './store/db.js';
import type { LockoutPolicy } from './store/reviewers.js';
import { ReviewerStore } from './store/reviewers.js';

export const SESSION_COOKIE = 'alice_admin_sid';

export interface AppDeps {
  db: Db;
  client: OnboardingClient;
  thresholds: Thresholds;
  sessionSecret: string;
  /** true: always Secure cookies; false: Secure only when the request came over https (as seen through trustProxy). */
  secureCookies: boolean;
  /** Express `trust proxy`: which X-Forwarded-* hops to believe (https detection, the rate limit's client address); a hop count or the proxies' addresses, never `true`. */
  trustProxy: TrustProxy;
  staticDir: string;
  loginRateLimit: { limit: number; windowMs: number };
  lockout: LockoutPolicy;
  pollIntervalMs: number;
  log: (message: string) => void;
}

/** Builds the admin app without listening, so tests and the starter share it. */
export function createApp(deps: AppDeps): { app: Express; reviewers: ReviewerStore; audit: AuditLog; sessions: SqliteSessionStore } {
  const reviewers = new ReviewerStore(deps.db, deps.lockout);
  const audit = new AuditLog(deps.db);
  const sessions = new SqliteSessionStore(deps.db);
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.trustProxy);

  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          'frame-ancestors': ["'none'"],
          'media-src': ["'self'"],
          // Only meaningful (and only harmless) when the dashboard is served over https.
          'upgrade-insecure-requests': deps.secureCookies ? [] : null,
        },
      },
      frameguard: { action: 'deny' },
      strictTransportSecurity: deps.secureCookies,
    }),
  );
  app.use(
    session({
      name: SESSION_COOKIE,
      secret: deps.sessionSecret,
      store: sessions,
      resave: false,
      saveUninitialized: false,
      cookie: { httpOnly: true, sameSite: 'strict', secure: deps.secureCookies ? true : 'auto', maxAge: 8 * 60 * 60 * 1000, path: '/' },
    }),
  );
  app.use('/api', (_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  app.use('/api', express.json({ limit: '16kb' }));
  app.use('/api', csrfProtection({ exempt: ['/login'] }));

  const loginLimit = addressLimit({
    max: deps.loginRateLimit.limit,
    windowMs: deps.loginRateLimit.windowMs,
    prefix: 'admin:limit:login:',
    code: 'TOO_MANY_ATTEMPTS',
    message: 'Too many sign-in attempts from this address. Try again later.',
  });
  app.use(authRoutes(reviewers, loginLimit, SESSION_COOKIE));
  app.use('/api', requireReviewer(reviewers));
  app.use(auditRoutes(audit, { thresholds: deps.thresholds, poll_interval_ms: deps.pollIntervalMs }, deps.client));
  app.use(
    enrollmentRoutes(new QueueService(deps.client, deps.thresholds), new DecisionService(deps.client, audit), deps.client, audit),
  );
  app.use(webhookRoutes(deps.client));
  app.use('/api', notFound());

  serveSpa(app, deps.staticDir);
  app.use(
    errorHandler({
      translate: fromOnboardingError,
      log: (err, req, answer) => deps.log(`${req.method} ${req.path} failed (${answer.code}): ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`),
    }),
  );
  return { app, reviewers, audit, sessions };
}

function serveSpa(app: Express, dir: string): void {
  const index = join(dir, 'index.html');
  app.use(express.static(dir, { index: false, maxAge: '1h' }));
  // Client-side routes (#/…) all load the one page.
  app.get(/^(?!\/api\/).*/, (_req, res) => {
    if (!existsSync(index)) {
      res.status(503).type('text/plain').send('The dashboard is not built: run `pnpm --filter @alice-face/admin build`.');
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
}
