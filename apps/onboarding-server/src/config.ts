// Configuration, read once from the environment and validated with zod so a
// bad value stops the server at start with a message naming the variable.
import { resolve } from 'node:path';
import { envFlag, trustProxySchema, type TrustProxy } from '@alice-face/http-common';
import { checkRedisUrl } from '@alice-face/redis-connection';
import { z } from 'zod';
import { parseMediaUrl } from './media/open-media-store.js';
import type { RetentionPolicy } from './services/retention-service.js';
import type { WebhookOptions } from './webhooks/setup.js';

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const list = z
  .string()
  .transform((s) => s.split(',').map((x) => x.trim()).filter((x) => x.length > 0))
  .pipe(z.array(z.url()));
const hosts = z
  .string()
  .transform((s) => s.split(',').map((x) => x.trim().replace(/^\[|\]$/g, '').toLowerCase()).filter((x) => x.length > 0))
  .pipe(z.array(z.string().regex(/^[a-z0-9.:-]+$/, 'must be host names or addresses, without scheme or port')));

/** A string checked by `check` (which returns an error message, or undefined when fine). */
const checked = (check: (v: string) => string | undefined) =>
  z.string().superRefine((v, ctx) => {
    const message = check(v);
    if (message) ctx.addIssue({ code: 'custom', message });
  });
const databaseUrl = checked((v) => (/^postgres(ql)?:\/\/[^/]/.test(v) ? undefined : 'must be a postgres:// URL (postgres://user:password@host:5432/database)'));
const mediaUrl = checked((v) => {
  try {
    parseMediaUrl(v);
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
});

const envSchema = z.object({
  ONBOARDING_PORT: int(0, 65535).default(4000),
  ONBOARDING_HOST: z.string().min(1).default('127.0.0.1'),
  ONBOARDING_DATA_DIR: z.string().min(1).default('./data'),
  ONBOARDING_API_KEY: z.string().min(16, 'must be at least 16 characters').optional(),
  ONBOARDING_CORS_ORIGINS: list.default([]),
  ONBOARDING_WORKERS: int(1, 64).default(1),
  ONBOARDING_MAX_QUEUE: int(0, 1000).default(8),
  ONBOARDING_MAX_UPLOAD_MB: z.coerce.number().positive().max(1024).default(25),
  ONBOARDING_PUBLIC_URL: z.url().optional(),
  ONBOARDING_JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  ONBOARDING_FAILED_AUTH_MAX: int(1, 1_000_000).default(5),
  ONBOARDING_FAILED_AUTH_WINDOW_MIN: int(1, 24 * 60).default(15),
  ONBOARDING_TOKEN_RATE_LIMIT: int(0, 1_000_000).default(3000),
  ONBOARDING_REQUIRE_CHALLENGE: envFlag(true),
  ONBOARDING_WEBHOOK_ALLOW_PRIVATE: envFlag(false),
  ONBOARDING_WEBHOOK_HTTP_HOSTS: hosts.default([]),
  ONBOARDING_TRUST_PROXY: trustProxySchema,
  ONBOARDING_RETENTION_AUTH_VIDEO_DAYS: int(0, 3650).default(30),
  ONBOARDING_RETENTION_VOIDED_SELFIE_DAYS: int(0, 3650).default(30),
  ONBOARDING_RETENTION_CHALLENGE_DAYS: int(0, 3650).default(1),
  ONBOARDING_RETENTION_SWEEP_MINUTES: int(1, 24 * 60).default(60),
  ONBOARDING_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ONBOARDING_DATABASE_URL: databaseUrl.optional(),
  ONBOARDING_MEDIA_URL: mediaUrl.optional(),
  ONBOARDING_S3_ENDPOINT: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
  ONBOARDING_S3_REGION: z.string().min(1).optional(),
  ONBOARDING_REDIS_URL: checked((v) => checkRedisUrl(v)).optional(),
  ONBOARDING_ANALYSIS: z.enum(['inprocess', 'queue']).default('inprocess'),
  ONBOARDING_ANALYSIS_TIMEOUT_S: int(1, 3600).default(60),
  ONBOARDING_JOB_LOCK_S: int(1, 600).default(15),
  ONBOARDING_WORKER_PORT: int(0, 65535).default(4001),
}).superRefine((e, ctx) => {
  if (e.ONBOARDING_ANALYSIS === 'queue' && !e.ONBOARDING_REDIS_URL) {
    ctx.addIssue({ code: 'custom', path: ['ONBOARDING_REDIS_URL'], message: 'is required with ONBOARDING_ANALYSIS=queue: the analysis jobs go through that Redis' });
  }
  // Every instance on a shared database must sign and verify tokens with one key.
  if (e.ONBOARDING_DATABASE_URL && !e.ONBOARDING_JWT_SECRET) {
    ctx.addIssue({ code: 'custom', path: ['ONBOARDING_JWT_SECRET'], message: 'is required with ONBOARDING_DATABASE_URL: give every instance the same secret (at least 32 characters)' });
  }
});

export interface ServerConfig {
  port: number;
  host: string;
  dataDir: string;
  apiKey?: string | undefined;
  corsOrigins: string[];
  workers: number;
  maxQueue: number;
  maxUploadBytes: number;
  /** Base URL ending in /onboarding used in media hrefs; defaults to the listening address. */
  publicUrl?: string | undefined;
  jwtSecret?: string | undefined;
  logLevel: string;
  /** Failed authentications per user allowed in the window before 429. */
  failedAuth: { max: number; windowMs: number };
  /** Token requests per client address per minute; false when 0 (off). */
  tokenRateLimit: { max: number; windowMs: number } | false;
  /**
   * Authentications must answer a challenge (POST /user/challenge); true unless turned off. Off, a replay of
   * the person's video (a call, a social-media clip) is judged by passive liveness alone, which it can pass.
   */
  requireChallenge: boolean;
  /** Express `trust proxy`: false (default), a hop count or proxy addresses; decides `req.ip` for the per-address limits. */
  trustProxy: TrustProxy;
  /** Webhook targets: private addresses allowed, hosts plain http may be used for. */
  webhooks: Pick<WebhookOptions, 'allowPrivate' | 'httpHosts'>;
  /** PostgreSQL URL; unset: SQLite in the data dir. */
  databaseUrl?: string | undefined;
  /** `file:///path` or `s3://bucket/prefix`; unset: <data dir>/media. */
  mediaUrl?: string | undefined;
  /** S3 endpoint and region (credentials come from the AWS SDK's default chain). */
  s3: { endpoint?: string | undefined; region?: string | undefined };
  /** Redis URL for the shared per-address limits (and the analysis queue); unset: in memory, per process. */
  redisUrl?: string | undefined;
  /** Where face analysis runs: this process's engine pool, or `onboarding-worker` processes through a queue on Redis. */
  analysis: 'inprocess' | 'queue';
  /** How long a request waits for its queued analysis, ms. */
  analysisTimeoutMs: number;
  /** Worker: a worker silent this long is taken as dead and its job handed to another, ms. */
  jobLockMs: number;
  /** Worker: port of its readiness endpoint. */
  workerPort: number;
  /** Days authentication videos, voided selfies (crop and template) and expired challenges are kept. */
  retention: RetentionPolicy;
  /** How often the retention sweep runs (ms). */
  retentionSweepMs: number;
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Validates the ONBOARDING_* variables; throws ConfigError listing every bad one. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const blankAsUnset = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(blankAsUnset);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid onboarding server configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    port: e.ONBOARDING_PORT,
    host: e.ONBOARDING_HOST,
    dataDir: resolve(e.ONBOARDING_DATA_DIR),
    apiKey: e.ONBOARDING_API_KEY,
    corsOrigins: e.ONBOARDING_CORS_ORIGINS,
    workers: e.ONBOARDING_WORKERS,
    maxQueue: e.ONBOARDING_MAX_QUEUE,
    maxUploadBytes: Math.round(e.ONBOARDING_MAX_UPLOAD_MB * 1024 * 1024),
    publicUrl: e.ONBOARDING_PUBLIC_URL?.replace(/\/+$/, ''),
    jwtSecret: e.ONBOARDING_JWT_SECRET,
    logLevel: e.ONBOARDING_LOG_LEVEL,
    failedAuth: { max: e.ONBOARDING_FAILED_AUTH_MAX, windowMs: e.ONBOARDING_FAILED_AUTH_WINDOW_MIN * 60_000 },
    tokenRateLimit: e.ONBOARDING_TOKEN_RATE_LIMIT === 0 ? false : { max: e.ONBOARDING_TOKEN_RATE_LIMIT, windowMs: 60_000 },
    requireChallenge: e.ONBOARDING_REQUIRE_CHALLENGE,
    trustProxy: e.ONBOARDING_TRUST_PROXY,
    webhooks: { allowPrivate: e.ONBOARDING_WEBHOOK_ALLOW_PRIVATE, httpHosts: e.ONBOARDING_WEBHOOK_HTTP_HOSTS },
    databaseUrl: e.ONBOARDING_DATABASE_URL,
    mediaUrl: e.ONBOARDING_MEDIA_URL,
    s3: { endpoint: e.ONBOARDING_S3_ENDPOINT, region: e.ONBOARDING_S3_REGION },
    redisUrl: e.ONBOARDING_REDIS_URL,
    analysis: e.ONBOARDING_ANALYSIS,
    analysisTimeoutMs: e.ONBOARDING_ANALYSIS_TIMEOUT_S * 1000,
    jobLockMs: e.ONBOARDING_JOB_LOCK_S * 1000,
    workerPort: e.ONBOARDING_WORKER_PORT,
    retention: {
      authenticationVideoDays: e.ONBOARDING_RETENTION_AUTH_VIDEO_DAYS,
      voidedSelfieDays: e.ONBOARDING_RETENTION_VOIDED_SELFIE_DAYS,
      challengeDays: e.ONBOARDING_RETENTION_CHALLENGE_DAYS,
    },
    retentionSweepMs: e.ONBOARDING_RETENTION_SWEEP_MINUTES * 60_000,
  };
}
