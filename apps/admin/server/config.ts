import { envFlag, trustProxySchema } from '@alice-face/http-common';
import { LOCAL_URL } from '@alice-face/onboarding-client';
import { z } from 'zod';

const score = z.coerce.number().min(0).max(100).default(50);

const Env = z.object({
  ADMIN_PORT: z.coerce.number().int().min(0).max(65535).default(3100),
  ADMIN_HOST: z.string().default('127.0.0.1'),
  ADMIN_DATA_DIR: z.string().default('./data/admin'),
  ONBOARDING_URL: z.url().default(LOCAL_URL),
  ONBOARDING_API_KEY: z.string().min(1, 'ONBOARDING_API_KEY is required'),
  ADMIN_REVIEWER_EMAIL: z.string().optional(),
  ADMIN_REVIEWER_PASSWORD: z.string().optional(),
  ADMIN_SECURE_COOKIES: envFlag(false),
  /** A hop count or the proxies' addresses (never `true`), as the other apps read theirs. */
  ADMIN_TRUST_PROXY: trustProxySchema,
  ADMIN_SESSION_SECRET: z.string().min(32, 'ADMIN_SESSION_SECRET needs at least 32 characters').optional(),
  ADMIN_LIVENESS_THRESHOLD: score,
  ADMIN_MATCHING_THRESHOLD: score,
  /** Sign-in attempts allowed per client address in 15 minutes. */
  ADMIN_LOGIN_RATE_LIMIT: z.coerce.number().int().min(1).max(100_000).default(20),
  ADMIN_POLL_INTERVAL_MS: z.coerce.number().int().min(1000).max(600_000).default(5000),
});

export type AdminEnv = z.infer<typeof Env>;

/** Reads the environment once; throws one message naming every bad variable. */
export function readEnv(env: NodeJS.ProcessEnv = process.env): AdminEnv {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid admin configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (Boolean(e.ADMIN_REVIEWER_EMAIL) !== Boolean(e.ADMIN_REVIEWER_PASSWORD)) {
    throw new Error('Invalid admin configuration:\n  Set both ADMIN_REVIEWER_EMAIL and ADMIN_REVIEWER_PASSWORD, or neither.');
  }
  return e;
}
