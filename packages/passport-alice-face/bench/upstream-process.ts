// The benchmark's upstream, in its own process so that it does not share an
// event loop with the app being measured.
//
// BENCH_UPSTREAM=server (default): the real @alice-face/onboarding-server on
// a temp data dir, with real users. Before each load run the parent asks it to
// seed that run's authentications (`bench-<tag>-<n>`, passing scores, created
// now) straight into the server's SQLite store through its data layer: the
// benchmark measures the login path (tokens, HTTP, JSON, the strategy), not
// the face engine, and the strategy accepts each id once, so every login needs
// a fresh one. An id the load asks beyond the seeded range is a real 404, which
// fails the run.
//
// BENCH_UPSTREAM=stand-in: the test stand-in (test/support/upstream.ts), which
// answers any `bench-<tag>-<n>` id with a passing authentication.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OnboardingClient } from '@alice-face/onboarding-client';
import { SqliteStore, startOnboardingServer } from '@alice-face/onboarding-server';
import { cannedAuthentication, startUpstream } from '../test/support/upstream.js';

const USERS = Number(process.env.BENCH_USERS ?? 20);
const SEED_PER_RUN = Number(process.env.BENCH_SEED_PER_RUN ?? 12_000);
const mode = process.env.BENCH_UPSTREAM ?? 'server';

interface Upstream {
  url: string;
  apiKey: string;
  userIds: string[];
  /** Makes ids bench-<tag>-0 … bench-<tag>-<SEED_PER_RUN - 1> exist for user n % USERS. */
  seed(tag: string): Promise<void>;
  close(): Promise<void>;
}

async function realServer(): Promise<Upstream> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-onboarding-'));
  const server = await startOnboardingServer({
    dataDir, port: 0, workers: 1, warmEngine: false, logLevel: 'silent', tokenRateLimit: false,
  });
  const client = new OnboardingClient({ apiKey: server.apiKey, baseUrl: server.url });
  const userIds: string[] = [];
  for (let i = 0; i < USERS; i++) userIds.push(await client.createUser({ email: `bench-${i}@example.com` }));
  // A second handle on the same SQLite file (WAL): the server keeps serving.
  const store = new SqliteStore(join(dataDir, 'onboarding.sqlite'));
  return {
    url: server.url,
    apiKey: server.apiKey,
    userIds,
    async seed(tag) {
      const createdAt = new Date().toISOString();
      for (let n = 0; n < SEED_PER_RUN; n++) {
        const id = `bench-${tag}-${n}`;
        const userId = userIds[n % userIds.length]!;
        const videoMediaId = randomUUID();
        await store.addAuthentication(
          { id: videoMediaId, userId, kind: 'video', contentType: 'video/webm', extension: 'webm', size: 0, createdAt },
          { id, userId, createdAt, faceLiveness: 90, faceMatching: 85, passed: true, checks: [], videoMediaId, videoExtension: 'webm', challengeId: null, challengeResult: null, clientKey: null },
        );
      }
    },
    async close() {
      await store.close();
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function standIn(): Promise<Upstream> {
  const upstream = await startUpstream({
    synthesize: (id) => (id.startsWith('bench-') ? cannedAuthentication(id, { liveness: 90, matching: 85 }, 1) : undefined),
  });
  const userIds = Array.from({ length: USERS }, (_, i) => `u${i}`);
  for (const id of userIds) upstream.addUser(id);
  return { url: upstream.url, apiKey: upstream.apiKey, userIds, seed: async () => {}, close: () => upstream.close() };
}

if (mode !== 'server' && mode !== 'stand-in') throw new Error(`BENCH_UPSTREAM must be "server" or "stand-in", not "${mode}".`);
const upstream = mode === 'server' ? await realServer() : await standIn();
const stop = () => void upstream.close().then(() => process.exit(0));

process.on('message', (message: { seed?: string; close?: true }) => {
  if (message.seed !== undefined) void upstream.seed(message.seed).then(() => process.send?.({ seeded: message.seed }));
  if (message.close) stop();
});
// Also when the parent goes away without saying so (crash, Ctrl-C).
process.on('disconnect', stop);
process.send?.({ url: upstream.url, apiKey: upstream.apiKey, userIds: upstream.userIds, mode, seedPerRun: SEED_PER_RUN });
