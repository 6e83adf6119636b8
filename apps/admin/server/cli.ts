#!/usr/bin/env node
// `serve` (default): the admin server from the environment.
// `add-reviewer [email]`: creates a reviewer, or resets the password of an
// existing one; the password comes from ADMIN_REVIEWER_PASSWORD or one line
// of stdin, never from argv (argv shows up in `ps`).
import { createInterface } from 'node:readline';
import { readEnv } from './config.js';
import { startAdminServer } from './start.js';
import { openDb } from './store/db.js';
import { ReviewerStore } from './store/reviewers.js';

async function readLine(prompt: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: false });
  process.stderr.write(prompt);
  for await (const line of rl) {
    rl.close();
    return line;
  }
  return '';
}

async function addReviewer(args: string[]): Promise<void> {
  const email = args[0] ?? process.env.ADMIN_REVIEWER_EMAIL;
  if (!email) throw new Error('Usage: cli.js add-reviewer <email>  (password from ADMIN_REVIEWER_PASSWORD or stdin)');
  const password = process.env.ADMIN_REVIEWER_PASSWORD ?? (await readLine('Password: '));
  const db = openDb(process.env.ADMIN_DATA_DIR ?? './data/admin');
  try {
    const store = new ReviewerStore(db, { maxFailures: 5, lockMs: 0 });
    const existed = Boolean(store.find(email));
    await store.upsert(email, password);
    console.log(existed ? `Password reset for reviewer ${email}.` : `Reviewer ${email} added.`);
  } finally {
    db.close();
  }
}

async function serve(): Promise<void> {
  const env = readEnv();
  const server = await startAdminServer({
    dataDir: env.ADMIN_DATA_DIR,
    host: env.ADMIN_HOST,
    port: env.ADMIN_PORT,
    onboardingUrl: env.ONBOARDING_URL,
    apiKey: env.ONBOARDING_API_KEY,
    reviewer: env.ADMIN_REVIEWER_EMAIL && env.ADMIN_REVIEWER_PASSWORD
      ? { email: env.ADMIN_REVIEWER_EMAIL, password: env.ADMIN_REVIEWER_PASSWORD }
      : undefined,
    thresholds: { liveness: env.ADMIN_LIVENESS_THRESHOLD, matching: env.ADMIN_MATCHING_THRESHOLD },
    secureCookies: env.ADMIN_SECURE_COOKIES,
    trustProxy: env.ADMIN_TRUST_PROXY,
    sessionSecret: env.ADMIN_SESSION_SECRET,
    pollIntervalMs: env.ADMIN_POLL_INTERVAL_MS,
    loginRateLimit: { limit: env.ADMIN_LOGIN_RATE_LIMIT, windowMs: 15 * 60 * 1000 },
  });
  console.log(`Admin dashboard on ${server.url}`);
  const stop = () => void server.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

const [command = 'serve', ...rest] = process.argv.slice(2);
const run = command === 'serve' ? serve() : command === 'add-reviewer' ? addReviewer(rest) : Promise.reject(new Error(`Unknown command "${command}": use serve or add-reviewer.`));
run.catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
