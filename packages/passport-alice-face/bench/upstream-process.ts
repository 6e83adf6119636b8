// The benchmark's upstream, in its own process so that it does not share an
// event loop with the app being measured. It answers with the pool of
// authentications the logins use: one per user, passing.
//
// BENCH_UPSTREAM=server (default): the real onboarding server, its built CLI
// run as a process on a temp data dir, driven over its HTTP API as an app and
// a reviewer would: it creates the users, enrolls each with a fixture clip,
// enables face login for each and records one authentication per user with
// the same clip, all through the real face engine. That takes over a second
// of CPU per clip, so the pool is made once, before the runs.
//
// BENCH_UPSTREAM=stand-in: the test stand-in (test/support/upstream.ts), which
// answers any `bench-<n>` id with a passing authentication.
import { OnboardingClient } from '@alice-face/onboarding-client';
import { startServerProcess } from '../../../test-support/onboarding-server.js';
import { cannedAuthentication, startUpstream } from '../test/support/upstream.js';
import { fixture, hasFixtures } from '../test/support/fixtures.js';

const USERS = Number(process.env.BENCH_USERS ?? 20);
const mode = process.env.BENCH_UPSTREAM ?? 'server';

export interface PoolEntry {
  userId: string;
  authenticationId: string;
}

interface Upstream {
  url: string;
  apiKey: string;
  pool: PoolEntry[];
  close(): Promise<void>;
}

/** Enrolls, enables and authenticates one user with `clip`; throws unless the authentication passes. */
async function enrolledLogin(client: OnboardingClient, n: number, clip: string): Promise<PoolEntry> {
  const userId = await client.createUser({ email: `bench-${n}@example.com` });
  await client.addSelfie(userId, clip);
  await client.enableAuthentication(userId, { operator: 'bench@example.com' });
  const authenticationId = await client.authenticate(userId, clip);
  const { face_liveness: liveness, face_matching: matching } = await client.getAuthentication(userId, authenticationId);
  if ((liveness ?? -1) < 50 || (matching ?? -1) < 50) {
    throw new Error(`The pool's authentication of ${clip} did not pass (liveness ${liveness}, matching ${matching}).`);
  }
  return { userId, authenticationId };
}

async function realServer(): Promise<Upstream> {
  if (!hasFixtures) throw new Error('BENCH_UPSTREAM=server enrolls users with the face fixtures: set FACE_FIXTURES (or use BENCH_UPSTREAM=stand-in).');
  const clip = fixture('videos/real-selfie-1.mp4');
  const server = await startServerProcess({
    // Passive authentications (no challenge), two analyses at once, no limit on token requests.
    env: { ONBOARDING_REQUIRE_CHALLENGE: 'false', ONBOARDING_WORKERS: '2', ONBOARDING_TOKEN_RATE_LIMIT: '0' },
  });
  try {
    const client = new OnboardingClient({ apiKey: server.apiKey, baseUrl: server.url, timeoutMs: 120_000 });
    const pool: PoolEntry[] = [];
    for (let n = 0; n < USERS; n += 2) {
      pool.push(...(await Promise.all([n, n + 1].filter((i) => i < USERS).map((i) => enrolledLogin(client, i, clip)))));
    }
    return { url: server.url, apiKey: server.apiKey, pool, close: () => server.close() };
  } catch (err) {
    await server.close();
    throw err;
  }
}

async function standIn(): Promise<Upstream> {
  const upstream = await startUpstream({
    synthesize: (id) => (id.startsWith('bench-') ? cannedAuthentication(id, { liveness: 90, matching: 85 }, 1) : undefined),
  });
  const pool = Array.from({ length: USERS }, (_, n) => ({ userId: `u${n}`, authenticationId: `bench-${n}` }));
  for (const { userId } of pool) upstream.addUser(userId);
  return { url: upstream.url, apiKey: upstream.apiKey, pool, close: () => upstream.close() };
}

if (mode !== 'server' && mode !== 'stand-in') throw new Error(`BENCH_UPSTREAM must be "server" or "stand-in", not "${mode}".`);
const upstream = mode === 'server' ? await realServer() : await standIn();
const stop = () => void upstream.close().then(() => process.exit(0));

process.on('message', (message: { close?: true }) => {
  if (message.close) stop();
});
// Also when the parent goes away without saying so (crash, Ctrl-C).
process.on('disconnect', stop);
process.send?.({ url: upstream.url, apiKey: upstream.apiKey, pool: upstream.pool, mode });
