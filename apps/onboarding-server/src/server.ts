// startOnboardingServer: opens the data systems (SQLite or PostgreSQL, media
// in the data dir, a folder or S3, Redis when given), prepares the keys,
// builds the app and listens. close() drains: no new connections, in-flight
// requests finish, then the face queue and the data systems close.
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { ffmpegInfo } from '@alice-face/face-engine/ffmpeg';
import { privateDir } from '@alice-face/private-files';
import type { TrustProxy } from '@alice-face/http-common';
import { addressLimit } from '@alice-face/rate-limit';
import type { Express } from 'express';
import type { Logger } from 'pino';
import { sendCommandOf } from '@alice-face/redis-connection';
import { createApp, BASE_PATH } from './app.js';
import { clientKeyer } from './auth/client-key.js';
import { JwtSigner } from './auth/jwt.js';
import { loadJwtKey } from './auth/secrets.js';
import { openBackends } from './backends.js';
import type { AppDeps } from './deps.js';
import { createLogger } from './logger.js';
import { sweepMedia } from './media/media-store.js';
import { openAnalysis } from './services/open-analysis.js';
import type { S3Settings } from './media/s3-media-store.js';
import { DEFAULT_RETENTION, startRetentionSweeps, type RetentionPolicy } from './services/retention-service.js';
import { createApiKey, ensureApiKey } from './services/token-service.js';
import type { RetentionResult } from './store/store.js';
import { createWebhooks, type WebhookOptions } from './webhooks/setup.js';

export interface StartOptions {
  dataDir: string;
  port?: number;
  host?: string;
  /** An API key to accept; without one a new key is created and returned. */
  apiKey?: string | undefined;
  workers?: number;
  maxQueue?: number;
  corsOrigins?: string[];
  logLevel?: string;
  /** Base URL ending in /onboarding for media hrefs (default: the listening address). */
  publicUrl?: string | undefined;
  jwtSecret?: string | undefined;
  maxUploadBytes?: number;
  /** Load the face models before listening (default true); false starts them on the first upload. */
  warmEngine?: boolean;
  /** Clock in ms, for tests of expiry and rate-limit windows. */
  now?: () => number;
  failedAuth?: { max: number; windowMs: number };
  /** Token requests allowed per client address in a window (default 3000 a minute); `false` turns it off. */
  tokenRateLimit?: { max: number; windowMs: number } | false;
  /** Bad API keys allowed per client address in a window at /login_token (default 20 a minute). */
  apiKeyRateLimit?: { max: number; windowMs: number };
  /** PostgreSQL URL (postgres://…); unset: SQLite in the data dir. Needs `jwtSecret`. */
  databaseUrl?: string | undefined;
  /** `file:///path` or `s3://bucket/prefix`; unset: <data dir>/media. */
  mediaUrl?: string | undefined;
  /** Endpoint, region and credentials for an s3:// media URL (unset parts: the AWS SDK's defaults). */
  s3?: S3Settings | undefined;
  /** Redis URL: the per-address limits are shared by every instance using it (unset: in memory). */
  redisUrl?: string | undefined;
  /** 'queue': face analysis as jobs on Redis for `onboarding-worker` processes (needs `redisUrl`); default 'inprocess'. */
  analysis?: 'inprocess' | 'queue';
  /** How long a request waits for its queued analysis (default 60 s), ms. */
  analysisTimeoutMs?: number;
  logger?: Logger;
  /** Express `trust proxy` behind a reverse proxy: a hop count or the proxies' addresses/ranges (default false). */
  trustProxy?: TrustProxy;
  /**
   * Refuse authentications without a challenge_id (default true; enrollment selfies never need one). `false`
   * weakens video-replay resistance: only passive liveness then stands between a replayed video and a login.
   */
  requireChallenge?: boolean;
  /** Tests only: the steps a new challenge gets instead of a random draw (called per challenge; undefined = draw). */
  fixedChallengeSteps?: () => string[] | undefined;
  /** Days authentication videos, voided selfies and expired challenges are kept (default 30, 30, 1). */
  retention?: Partial<RetentionPolicy>;
  /** How often the retention sweep runs, in ms (default one hour); it also runs once at start. */
  retentionSweepMs?: number;
  /** Webhooks: which targets are allowed, retries, the dispatcher (README, "Webhooks"). */
  webhooks?: WebhookOptions;
  /** Internal (CLI): create a key only when the store has none. */
  createApiKeyWhen?: 'always' | 'if-none';
}

export interface RunningServer {
  url: string;
  /** The API key given, or the one created at this start ('' when existing keys were kept). */
  apiKey: string;
  app: Express;
  /** Runs a retention sweep now (after any under way) and says what it destroyed. */
  sweepRetention(): Promise<RetentionResult | undefined>;
  close(): Promise<void>;
}

/** With a shared store, an unnamed media file younger than this may be another instance's upload in flight. */
export const MEDIA_SWEEP_GRACE_MS = 60 * 60_000;

export const VERSION: string = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version;

export async function startOnboardingServer(opts: StartOptions): Promise<RunningServer> {
  const dataDir = resolve(opts.dataDir);
  privateDir(dataDir); // 0700, or tightened, or a clear refusal
  const now = opts.now ?? Date.now;
  const logger = opts.logger ?? createLogger(opts.logLevel ?? 'info');
  if (opts.databaseUrl && !opts.jwtSecret) {
    throw new Error('A database URL needs a JWT secret (ONBOARDING_JWT_SECRET): every instance must sign and verify tokens with the same key.');
  }
  if (opts.analysis === 'queue' && !opts.redisUrl) {
    throw new Error('Queued analysis (ONBOARDING_ANALYSIS=queue) needs a Redis URL (ONBOARDING_REDIS_URL).');
  }
  const backends = await openBackends({ ...opts, dataDir }, logger);
  const { store, media, redis } = backends;
  let apiKey = opts.apiKey ?? '';
  try {
    // Alone on its data, everything unnamed is garbage; shared, only what is old enough.
    const known = await store.allMediaIds();
    const swept = await sweepMedia(media, known, backends.shared ? now() - MEDIA_SWEEP_GRACE_MS : Number.POSITIVE_INFINITY).catch((err: Error) => {
      throw new Error(`Could not read the media store at ${media.location}: ${err.message}`, { cause: err });
    });
    if (swept.removed > 0) logger.warn({ removed: swept.removed }, 'Removed unfinished uploads and orphan media files');
    if (opts.apiKey) await ensureApiKey(store, opts.apiKey, new Date(now()));
    else if (opts.createApiKeyWhen !== 'if-none' || (await store.listApiKeys()).every((k) => k.revokedAt !== null)) {
      apiKey = (await createApiKey(store, 'generated at start', new Date(now()))).key;
    }
  } catch (err) {
    await backends.close();
    throw err;
  }

  const jwtKey = loadJwtKey(dataDir, opts.jwtSecret);
  const analysis = openAnalysis({ ...opts, maxQueue: opts.maxQueue ?? 8 }, media, logger);
  const webhooks = createWebhooks(opts.webhooks ?? {}, { store: store.webhooks, now, logger, version: VERSION });
  let baseUrl = opts.publicUrl?.replace(/\/+$/, '') ?? '';
  const deps: AppDeps = {
    store,
    media,
    analysis,
    signer: new JwtSigner(jwtKey, now),
    clientKey: clientKeyer(jwtKey),
    logger,
    now,
    baseUrl: () => baseUrl,
    version: VERSION,
    ffmpeg: ffmpegInfo,
    maxUploadBytes: opts.maxUploadBytes ?? 25 * 1024 * 1024,
    corsOrigins: opts.corsOrigins ?? [],
    failedAuth: opts.failedAuth ?? { max: 5, windowMs: 15 * 60_000 },
    requireChallenge: opts.requireChallenge ?? true,
    retention: { ...DEFAULT_RETENTION, ...definedOnly(opts.retention ?? {}) },
    ...(opts.fixedChallengeSteps ? { fixedChallengeSteps: opts.fixedChallengeSteps } : {}),
    apiKeyLimiter: addressLimit({
      ...(opts.apiKeyRateLimit ?? { max: 20, windowMs: 60_000 }),
      prefix: 'onboarding:limit:api-key:',
      code: 'TOO_MANY_ATTEMPTS',
      message: 'Too many invalid API keys from this address; try again later.',
      failuresOnly: true,
      redis: redis && sendCommandOf(redis),
    }),
    trustProxy: opts.trustProxy ?? false,
    tokenLimiter:
      opts.tokenRateLimit === false
        ? undefined
        : addressLimit({
            ...(opts.tokenRateLimit ?? { max: 3000, windowMs: 60_000 }),
            prefix: 'onboarding:limit:token:',
            code: 'TOO_MANY_REQUESTS',
            message: 'Too many token requests from this address; try again later.',
            redis: redis && sendCommandOf(redis),
          }),
    webhooks,
  };
  try {
    if (opts.analysis === 'queue' || (opts.warmEngine ?? true)) await analysis.ready();
  } catch (err) {
    await analysis.close().catch(() => {});
    await backends.close();
    throw err;
  }
  const app = createApp(deps);
  const server = await listen(app, opts.port ?? 0, opts.host ?? '127.0.0.1');
  const { port, address, family } = server.address() as AddressInfo;
  const hostPart = family === 'IPv6' ? `[${address}]` : address;
  const url = `http://${hostPart}:${port}${BASE_PATH}`;
  baseUrl ||= url;
  logger.info({ url, dataDir, store: opts.databaseUrl ? 'postgres' : 'sqlite', media: media.location, redis: Boolean(redis), analysis: opts.analysis ?? 'inprocess', workers: opts.analysis === 'queue' ? 0 : (opts.workers ?? 1), ffmpeg: await ffmpegInfo() }, 'Onboarding server listening');
  const sweeps = startRetentionSweeps(deps, opts.retentionSweepMs ?? 60 * 60_000, logger);
  // Deliveries left pending by the last run are claimed again from here on.
  webhooks.dispatcher.start();

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      await drain(server, logger);
      await sweeps.stop();
      await webhooks.dispatcher.close();
      webhooks.sender.close();
      await analysis.close();
      await backends.close();
      logger.info('Onboarding server stopped');
    })());
  return { url, apiKey, app, sweepRetention: sweeps.runNow, close };
}

function listen(app: Express, port: number, host: string): Promise<Server> {
  return new Promise((resolveListen, reject) => {
    const server = app.listen(port, host, (err?: Error) => (err ? reject(err) : resolveListen(server)));
    server.keepAliveTimeout = 5_000;
  });
}

/** Stops accepting, lets in-flight requests finish (up to 30 s), then cuts what is left. */
async function drain(server: Server, logger: Logger): Promise<void> {
  const done = new Promise<void>((r) => server.close(() => r()));
  server.closeIdleConnections();
  const timer = setTimeout(() => {
    logger.warn('Drain timeout: closing remaining connections');
    server.closeAllConnections();
  }, 30_000);
  // Connections that finish a request while draining are closed when idle.
  const idle = setInterval(() => server.closeIdleConnections(), 200);
  await done;
  clearTimeout(timer);
  clearInterval(idle);
}

/** The fields that are set (an option given as undefined behaves as if left out). */
function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
