// startOnboardingServer: opens the data dir (SQLite + media), prepares the
// keys, builds the app and listens. close() drains: no new connections,
// in-flight requests finish, then the face queue and the database close.
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { ffmpegInfo } from '@alice-face/face-engine/ffmpeg';
import { privateDir } from '@alice-face/private-files';
import type { TrustProxy } from '@alice-face/rate-limit';
import type { Express } from 'express';
import type { Logger } from 'pino';
import { createApp, BASE_PATH } from './app.js';
import { AttemptLimiter } from './auth/attempt-limiter.js';
import { clientKeyer } from './auth/client-key.js';
import { JwtSigner } from './auth/jwt.js';
import { loadJwtKey } from './auth/secrets.js';
import type { AppDeps } from './deps.js';
import { LazyFaceEngine } from './engine.js';
import { createLogger } from './logger.js';
import { MediaStore } from './media/media-store.js';
import { createApiKey, ensureApiKey } from './services/token-service.js';
import { SqliteStore } from './store/sqlite-store.js';

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
  /** Internal (CLI): create a key only when the store has none. */
  createApiKeyWhen?: 'always' | 'if-none';
}

export interface RunningServer {
  url: string;
  /** The API key given, or the one created at this start ('' when existing keys were kept). */
  apiKey: string;
  app: Express;
  close(): Promise<void>;
}

export const VERSION: string = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version;

export async function startOnboardingServer(opts: StartOptions): Promise<RunningServer> {
  const dataDir = resolve(opts.dataDir);
  privateDir(dataDir); // 0700, or tightened, or a clear refusal
  const now = opts.now ?? Date.now;
  const logger = opts.logger ?? createLogger(opts.logLevel ?? 'info');
  const store = new SqliteStore(join(dataDir, 'onboarding.sqlite'));
  const media = new MediaStore(dataDir);
  const swept = await media.sweep(await store.allMediaIds());
  if (swept.removed > 0) logger.warn({ removed: swept.removed }, 'Removed unfinished uploads and orphan media files');

  let apiKey = opts.apiKey ?? '';
  if (opts.apiKey) await ensureApiKey(store, opts.apiKey, new Date(now()));
  else if (opts.createApiKeyWhen !== 'if-none' || (await store.listApiKeys()).every((k) => k.revokedAt !== null)) {
    apiKey = (await createApiKey(store, 'generated at start', new Date(now()))).key;
  }

  const jwtKey = loadJwtKey(dataDir, opts.jwtSecret);
  const engine = new LazyFaceEngine({ workers: opts.workers ?? 1, maxQueue: opts.maxQueue ?? 8 });
  let baseUrl = opts.publicUrl?.replace(/\/+$/, '') ?? '';
  const deps: AppDeps = {
    store,
    media,
    faces: engine,
    matchScore: engine.matchScore,
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
    ...(opts.fixedChallengeSteps ? { fixedChallengeSteps: opts.fixedChallengeSteps } : {}),
    apiKeyLimiter: new AttemptLimiter({ max: 20, windowMs: 60_000, now }),
    trustProxy: opts.trustProxy ?? false,
    tokenLimiter: opts.tokenRateLimit === false ? undefined : new AttemptLimiter({ ...(opts.tokenRateLimit ?? { max: 3000, windowMs: 60_000 }), now }),
  };
  try {
    if (opts.warmEngine ?? true) await engine.ready();
  } catch (err) {
    await engine.close().catch(() => {});
    await store.close();
    throw err;
  }
  const app = createApp(deps);
  const server = await listen(app, opts.port ?? 0, opts.host ?? '127.0.0.1');
  const { port, address, family } = server.address() as AddressInfo;
  const hostPart = family === 'IPv6' ? `[${address}]` : address;
  const url = `http://${hostPart}:${port}${BASE_PATH}`;
  baseUrl ||= url;
  logger.info({ url, dataDir, workers: opts.workers ?? 1, ffmpeg: await ffmpegInfo() }, 'Onboarding server listening');

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      await drain(server, logger);
      await engine.close();
      await store.close();
      logger.info('Onboarding server stopped');
    })());
  return { url, apiKey, app, close };
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
