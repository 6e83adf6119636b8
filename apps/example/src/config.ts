// Options of the example app, validated once when the app is made, and the
// environment variables src/main.ts reads (with a clear message when wrong).
import { envFlag, trustProxySchema, type TrustProxy } from '@alice-face/http-common';
import { checkRedisUrl, type RedisCommandClient } from '@alice-face/redis-connection';
import type { ReplayStore } from 'passport-alice-face';
import { z } from 'zod';

const url = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL ending in /onboarding' });
const threshold = z.number().min(0).max(100);
const RATE_LIMIT_WINDOW_MS = 15 * 60 * 1000;

export const exampleAppOptionsSchema = z.object({
  /** Folder for the app's SQLite file (accounts, sessions) and its session secret. */
  dataDir: z.string().min(1),
  /** Onboarding API base URL the server calls, e.g. http://127.0.0.1:4000/onboarding. */
  onboardingUrl: url,
  /** API key of the Onboarding API (kept on the server, never sent to the browser). */
  apiKey: z.string().min(1),
  /** Scores (0-100) an enrollment and a login need; both default to 50. */
  thresholds: z.object({ liveness: threshold.optional(), matching: threshold.optional() }).optional(),
  /** Secret that signs the session cookie (default: random, kept in dataDir/session-secret). */
  sessionSecret: z.string().min(16, 'must be at least 16 characters').optional(),
  /** Mark cookies Secure (set when served over HTTPS). Default false. */
  secureCookies: z.boolean().optional(),
  /** Oldest authentication (seconds) the strategy accepts. Default 120. */
  maxAuthenticationAgeSeconds: z.number().int().positive().optional(),
  /** Where used authentication ids are recorded (default: this app's SQLite file). Give every instance one shared store. */
  replayStore: z.custom<ReplayStore>((v) => typeof (v as ReplayStore | null)?.claim === 'function', 'must have a claim(id, ttlSeconds) method').optional(),
  /** Per-request timeout (ms) of the calls to the Onboarding API. Default 30000 (the client's). */
  onboardingTimeoutMs: z.number().int().positive().optional(),
  /** Login asks for an active-liveness challenge (POST /user/challenge, self-hosted server only). Default true. */
  loginChallenge: z.boolean().optional(),
  /** Attempts per client address, over the email step, a new login attempt, POST /login and sign-up, in a window; then 429. `max: 0` turns it off. Default 30 per 15 minutes; shared by the instances on one `redis`. */
  loginRateLimit: z.object({ max: z.number().int().min(0), windowMs: z.number().int().positive().optional() }).optional(),
  /** Express `trust proxy` (the client address of the rate limit behind a proxy): a hop count, or the proxies' addresses, subnets and `loopback`/`linklocal`/`uniquelocal`; never `true`. Default false. */
  trustProxy: trustProxySchema,
  /** Secret of the Onboarding API webhook subscribed to selfie_added (hex, as given when subscribing); without it POST /webhooks/alice is off. */
  webhookSecret: z.string().regex(/^[0-9a-fA-F]{32,512}$/, 'must be the webhook\'s hex secret (32 to 512 digits)').optional(),
  /** That webhook's algorithm. Default sha256. */
  webhookAlgorithm: z.enum(['sha256', 'sha512']).optional(),
  /**
   * Failed face logins (@alice-face/rate-limit's rule): an address with `perAddress` in the window
   * is refused; an account with `perAccount` is refused to the addresses that failed on it only.
   * Default 5 per account, 10 per address, 15 minutes.
   */
  loginFailureLimit: z
    .object({ perAccount: z.number().int().positive().optional(), perAddress: z.number().int().positive().optional(), windowMs: z.number().int().positive().optional() })
    .optional(),
  /** Largest recording the browser may upload through this app, in bytes. Default 10 MiB. */
  maxUploadBytes: z.number().int().positive().max(1024 * 1024 * 1024).optional(),
  /** A login recording's answer comes no sooner than this after it arrived (ms), whether it was analysed or not. Default 2500. */
  loginAnswerFloorMs: z.number().int().min(0).max(60_000).optional(),
  /** A refused POST /login answers no sooner than this after it arrived (ms), whether the API was read or not. Default 500. */
  loginRefusalFloorMs: z.number().int().min(0).max(60_000).optional(),
  /** The retention the consent text states, in days, for an Onboarding API that publishes none (GET /retention); default: what the API publishes. */
  retention: z.object({ authenticationVideoDays: z.number().int().min(0), voidedSelfieDays: z.number().int().min(0) }).optional(),
  /** Clock in ms (tests move it to end a rate-limit window). Default Date.now. */
  now: z.custom<() => number>((v) => typeof v === 'function', 'must be a function returning ms').optional(),
  /**
   * A connected Redis (node-redis, `connectRedis` from @alice-face/redis-connection) shared by every instance:
   * sessions, the per-address limit and used authentication ids go there instead of this instance's SQLite file and memory.
   */
  redis: z.custom<RedisCommandClient>((v) => typeof (v as RedisCommandClient | null)?.sendCommand === 'function', 'must be a connected node-redis client').optional(),
});

export type ExampleAppOptions = z.input<typeof exampleAppOptionsSchema>;

export interface ResolvedOptions {
  dataDir: string;
  onboardingUrl: string;
  apiKey: string;
  thresholds: { liveness: number; matching: number };
  sessionSecret: string | undefined;
  secureCookies: boolean;
  maxAuthenticationAgeSeconds: number;
  replayStore: ReplayStore | undefined;
  onboardingTimeoutMs: number | undefined;
  loginChallenge: boolean;
  /** false when off. */
  loginRateLimit: { max: number; windowMs: number } | false;
  loginFailureLimit: { perSubject: number; perAddress: number; windowMs: number };
  maxUploadBytes: number;
  loginAnswerFloorMs: number;
  loginRefusalFloorMs: number;
  trustProxy: TrustProxy;
  /** POST /webhooks/alice verifies with these; undefined: the route is off. */
  webhook: { secret: string; algorithm: 'sha256' | 'sha512' } | undefined;
  retention: { authenticationVideoDays: number; voidedSelfieDays: number } | undefined;
  now: () => number;
  redis: RedisCommandClient | undefined;
}

function describe(error: z.ZodError): string {
  return error.issues.map((i) => `\`${i.path.join('.') || 'options'}\` ${i.message}`).join('; ');
}

export function resolveOptions(options: ExampleAppOptions): ResolvedOptions {
  const parsed = exampleAppOptionsSchema.safeParse(options);
  if (!parsed.success) {
    throw new TypeError(`createExampleApp: invalid options: ${describe(parsed.error)}.`);
  }
  const o = parsed.data;
  const trim = (u: string) => u.replace(/\/+$/, '');
  return {
    dataDir: o.dataDir,
    onboardingUrl: trim(o.onboardingUrl),
    apiKey: o.apiKey,
    thresholds: { liveness: o.thresholds?.liveness ?? 50, matching: o.thresholds?.matching ?? 50 },
    sessionSecret: o.sessionSecret,
    secureCookies: o.secureCookies ?? false,
    maxAuthenticationAgeSeconds: o.maxAuthenticationAgeSeconds ?? 120,
    replayStore: o.replayStore,
    onboardingTimeoutMs: o.onboardingTimeoutMs,
    loginChallenge: o.loginChallenge ?? true,
    loginRateLimit: o.loginRateLimit?.max === 0 ? false : { max: o.loginRateLimit?.max ?? 30, windowMs: o.loginRateLimit?.windowMs ?? RATE_LIMIT_WINDOW_MS },
    loginFailureLimit: {
      perSubject: o.loginFailureLimit?.perAccount ?? 5,
      perAddress: o.loginFailureLimit?.perAddress ?? 10,
      windowMs: o.loginFailureLimit?.windowMs ?? RATE_LIMIT_WINDOW_MS,
    },
    maxUploadBytes: o.maxUploadBytes ?? 10 * 1024 * 1024,
    loginAnswerFloorMs: o.loginAnswerFloorMs ?? 2500,
    loginRefusalFloorMs: o.loginRefusalFloorMs ?? 500,
    trustProxy: o.trustProxy,
    webhook: o.webhookSecret === undefined ? undefined : { secret: o.webhookSecret, algorithm: o.webhookAlgorithm ?? 'sha256' },
    retention: o.retention,
    now: o.now ?? Date.now,
    redis: o.redis,
  };
}

const intFromEnv = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);
const scoreFromEnv = z.coerce.number().min(0).max(100).optional();

export const envSchema = z.object({
  EXAMPLE_PORT: intFromEnv(3000),
  EXAMPLE_HOST: z.string().default('127.0.0.1'),
  EXAMPLE_DATA_DIR: z.string().default('./data/example'),
  ONBOARDING_URL: url.default('http://127.0.0.1:4000/onboarding'),
  ONBOARDING_API_KEY: z.string({ error: 'is required (an API key of the Onboarding API)' }).min(1),
  SESSION_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  COOKIE_SECURE: envFlag(false),
  LIVENESS_THRESHOLD: scoreFromEnv,
  MATCHING_THRESHOLD: scoreFromEnv,
  LOGIN_CHALLENGE: envFlag(true),
  LOGIN_RATE_LIMIT: z.coerce.number().int().min(0).max(1_000_000).default(30),
  TRUST_PROXY: trustProxySchema,
  WEBHOOK_SECRET: z.string().optional(),
  WEBHOOK_ALGORITHM: z.enum(['sha256', 'sha512']).optional(),
  REDIS_URL: z
    .string()
    .superRefine((v, ctx) => {
      const bad = checkRedisUrl(v);
      if (bad) ctx.addIssue({ code: 'custom', message: bad });
    })
    .optional(),
});

export type ExampleEnv = z.infer<typeof envSchema>;

export function readEnv(env: NodeJS.ProcessEnv): ExampleEnv {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration of the example app:\n${lines.join('\n')}`);
  }
  return parsed.data;
}
