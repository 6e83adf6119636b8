// `node dist/main.js`: the example app on its own, configured from the
// environment (see README: EXAMPLE_PORT, ONBOARDING_URL, ONBOARDING_API_KEY, REDIS_URL, …).
import { resolve } from 'node:path';
import { readEnv } from './config.js';
import { startExampleApp } from './server.js';

async function main(): Promise<void> {
  const env = readEnv(process.env);
  const running = await startExampleApp({
    host: env.EXAMPLE_HOST,
    port: env.EXAMPLE_PORT,
    dataDir: resolve(env.EXAMPLE_DATA_DIR),
    onboardingUrl: env.ONBOARDING_URL,
    apiKey: env.ONBOARDING_API_KEY,
    sessionSecret: env.SESSION_SECRET,
    secureCookies: env.COOKIE_SECURE,
    loginChallenge: env.LOGIN_CHALLENGE,
    loginRateLimit: { max: env.LOGIN_RATE_LIMIT },
    trustProxy: env.TRUST_PROXY,
    redisUrl: env.REDIS_URL,
    thresholds: { liveness: env.LIVENESS_THRESHOLD, matching: env.MATCHING_THRESHOLD },
    webhookSecret: env.WEBHOOK_SECRET,
    webhookAlgorithm: env.WEBHOOK_ALGORITHM,
  });
  console.log(`Example app listening on ${running.url} (Onboarding API ${env.ONBOARDING_URL})`);
  const stop = () => {
    void running.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
