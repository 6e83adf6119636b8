// Configuration, read once from the environment and validated with zod so a
// bad value stops the server at start with a message naming the variable.
import { resolve } from 'node:path';
import { parseTrustProxy, type TrustProxy } from '@alice-face/rate-limit';
import { z } from 'zod';

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const list = z
  .string()
  .transform((s) => s.split(',').map((x) => x.trim()).filter((x) => x.length > 0))
  .pipe(z.array(z.url()));
const trustProxy = z
  .string()
  .optional()
  .transform((raw, ctx): TrustProxy => {
    const parsed = parseTrustProxy(raw);
    if (parsed.ok) return parsed.value;
    ctx.addIssue({ code: 'custom', message: parsed.message });
    return z.NEVER;
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
  ONBOARDING_REQUIRE_CHALLENGE: z.enum(['true', 'false', '1', '0']).default('true').transform((v) => v === 'true' || v === '1'),
  ONBOARDING_TRUST_PROXY: trustProxy,
  ONBOARDING_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
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
  };
}
