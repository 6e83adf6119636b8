// createExampleApp(options): the whole example as an Express app, with its
// own SQLite file (accounts; sessions and used authentication ids too unless
// a shared Redis is given) and no port; startExampleApp (server.ts) listens.
// Tests build it on a temp dir.
import express, { type Express } from 'express';
import session from 'express-session';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { OnboardingClient } from '@alice-face/onboarding-client';
import { FailureLimiter } from '@alice-face/rate-limit';
import { Accounts } from './accounts.js';
import { Consents } from './consent.js';
import { RetentionTermsSource } from './retention-terms.js';
import { createAuthenticator } from './auth.js';
import { resolveOptions, type ExampleAppOptions, type ResolvedOptions } from './config.js';
import { openDatabase, type Db } from './database.js';
import { attemptRateLimit, RATE_LIMITED_PATHS } from './rate-limit.js';
import { errorHandler } from './error-handler.js';
import { csrfProtection, HttpError } from '@alice-face/http-common';
import { securityHeaders } from './security-headers.js';
import { loadSessionSecret } from './session-secret.js';
import { SqliteSessionStore } from '@alice-face/sqlite-session-store';
import { sendCommandOf } from '@alice-face/redis-connection';
import { RedisStore } from 'connect-redis';
import { RedisReplayStore } from 'passport-alice-face';
import { captureAssets, CAPTURE_PATH } from './capture-assets.js';
import { accountRoutes } from './routes/account.js';
import { aliceWebhookRoutes } from './routes/alice-webhook.js';
import { consentRoutes } from './routes/consent.js';
import { exportRoutes } from './routes/export.js';
import { enrollRoutes } from './routes/enroll.js';
import { loginRoutes } from './routes/login.js';
import { loginRecordingRoutes } from './routes/login-recording.js';
import { PlaceholderUser } from './placeholder-user.js';
import { recordingsDir } from './recording-upload.js';
import { signupRoutes } from './routes/signup.js';
import type {} from './session-data.js';

export const SESSION_COOKIE = 'example.sid';
const publicDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'public');

export interface ExampleApp {
  app: Express;
  options: ResolvedOptions;
  client: OnboardingClient;
  db: Db;
  /** Closes the SQLite file and the session pruning timer (a Redis given in the options is the caller's to close). */
  close(): void;
}

export function createExampleApp(input: ExampleAppOptions): ExampleApp {
  const options = resolveOptions(input);
  const db = openDatabase(options.dataDir);
  const accounts = new Accounts(db);
  // With a shared Redis, a session started on one instance is found by the others.
  const sqliteSessions = options.redis ? undefined : new SqliteSessionStore(db);
  const store = options.redis ? new RedisStore({ client: options.redis, prefix: 'example:sess:' }) : sqliteSessions!;
  const client = new OnboardingClient({ apiKey: options.apiKey, baseUrl: options.onboardingUrl, timeoutMs: options.onboardingTimeoutMs });
  const authenticator = createAuthenticator({
    client,
    accounts,
    thresholds: options.thresholds,
    maxAgeSeconds: options.maxAuthenticationAgeSeconds,
    replayStore: options.replayStore ?? (options.redis && new RedisReplayStore({ sendCommand: sendCommandOf(options.redis), prefix: 'example:used:' })),
    db,
  });
  const tmpDir = recordingsDir(options.dataDir);
  const deps = {
    options,
    client,
    accounts,
    authenticator,
    consents: new Consents(db, options.now),
    retentionTerms: new RetentionTermsSource(client, options.retention, options.now),
    failures: new FailureLimiter(options.loginFailureLimit, options.now),
    placeholder: new PlaceholderUser(db, client),
    tmpDir,
  };

  const app = express();
  app.disable('x-powered-by');
  // Off unless configured: behind a proxy, the proxies named here decide req.ip (the rate limit's key).
  app.set('trust proxy', options.trustProxy);
  app.use(securityHeaders(options.secureCookies));
  app.use(CAPTURE_PATH, captureAssets());
  app.use('/static', express.static(publicDir, { index: false, fallthrough: false }));
  // Server-to-server, before sessions, body parsers and CSRF: the signature is its authentication.
  if (options.webhook) {
    app.use(aliceWebhookRoutes({ client, ...options.webhook, livenessThreshold: options.thresholds.liveness, now: options.now }));
  }
  app.use(
    session({
      name: SESSION_COOKIE,
      secret: loadSessionSecret(options.dataDir, options.sessionSecret),
      store,
      resave: false,
      saveUninitialized: false,
      rolling: true,
      cookie: { httpOnly: true, sameSite: 'lax', secure: options.secureCookies, maxAge: 8 * 60 * 60 * 1000, path: '/' },
    }),
  );
  app.use(express.urlencoded({ extended: false, limit: '16kb' }));
  app.use(express.json({ limit: '16kb' }));
  app.use(authenticator.initialize());
  app.use(authenticator.session());
  app.use((_req, res, next) => {
    // Pages carry CSRF tokens and personal data: never cache them.
    res.set('Cache-Control', 'no-store');
    next();
  });
  app.use(csrfProtection());
  // After CSRF, so another site cannot spend a visitor's budget with forged posts.
  app.post(RATE_LIMITED_PATHS, attemptRateLimit(options));
  app.use(accountRoutes(deps));
  app.use(signupRoutes(deps));
  app.use(consentRoutes(deps));
  app.use(exportRoutes(deps));
  app.use(enrollRoutes(deps));
  app.use(loginRoutes(deps));
  app.use(loginRecordingRoutes(deps));
  app.use((_req, _res, next) => next(new HttpError(404, 'NOT_FOUND', 'There is no page at this address.')));
  app.use(errorHandler());

  return {
    app,
    options,
    client,
    db,
    close() {
      sqliteSessions?.close();
      db.close();
    },
  };
}
