// `pnpm bench` (second part): the two stores side by side on this machine in
// one run. PostgreSQL is a throwaway cluster (test-support) with its durable
// defaults (fsync and synchronous commit on), or BENCH_DATABASE_URL.
//  1. GET /user/authentication/{id} requests per second, SQLite vs PostgreSQL,
//     with the load generator in a child process (src/bench/load.ts).
//  2. What one authentication costs the store: its reads and writes in the
//     order the service does them (user, templates, begin attempt, templates,
//     insert media + authentication, end attempt), one after another and 8 at once.
// Prints JSON lines and writes them as tables to docs/benchmarks.md (section
// stores).
import { randomUUID } from 'node:crypto';
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BenchLog, load1, quantile, writeBenchSection } from '@alice-face/bench-report';
import { destination } from 'pino';
import { postgresBin, startPostgres, freshDatabase, type PostgresCluster } from '../../../test-support/postgres.js';
import { TEMPLATE_LENGTH, TEMPLATE_VERSION } from '@alice-face/face-engine/template-format';
import { createLogger } from '../src/logger.js';
import { startOnboardingServer } from '../src/server.js';
import type { LoadOptions, LoadResult } from '../src/bench/load.js';
import { PostgresStore } from '../src/store/postgres-store.js';
import { SqliteStore } from '../src/store/sqlite-store.js';
import type { Store } from '../src/store/store.js';

const log = new BenchLog();
const print = (o: Record<string, unknown>) => log.print(o);
const ms = (x: number) => Math.round(x * 100) / 100;
const SECRET = 'bench-jwt-secret-of-at-least-32-characters';
const at = () => new Date().toISOString();

/** A user with one selfie and one authentication, written straight through the store (no face engine needed to read them). */
async function seed(store: Store): Promise<{ userId: string; authId: string }> {
  const userId = randomUUID();
  await store.createUser({
    id: userId, email: 'bench@example.com', firstName: null, lastName: null, createdAt: at(), authorized: true, reportId: randomUUID(),
    device: { platform: null, platformVersion: null, model: null }, rejected: false, stateOperator: null, stateUpdateReasons: null, stateUpdatedAt: null,
  });
  const crop = randomUUID();
  await store.addSelfie(
    { id: crop, userId, kind: 'cropped_face', contentType: 'image/jpeg', extension: 'jpeg', size: 1000, createdAt: at() },
    { id: randomUUID(), userId, createdAt: at(), liveness: 90, voided: false, numberOfFaces: 1, checks: [], template: new Float32Array(TEMPLATE_LENGTH), templateVersion: TEMPLATE_VERSION, croppedFaceMediaId: crop, challengeId: null, challengeResult: null },
  );
  const authId = await writeAuthentication(store, userId);
  return { userId, authId };
}

/** The store calls of one authentication, in the service's order. */
async function writeAuthentication(store: Store, userId: string): Promise<string> {
  await store.getUser(userId);
  await store.validTemplates(userId);
  const attempt = randomUUID();
  await store.beginAuthenticationAttempt({ id: attempt, userId, startedAt: at(), clientKey: 'bench' }, new Date(Date.now() - 900_000).toISOString(), () => 0);
  await store.validTemplates(userId);
  const id = randomUUID();
  const video = randomUUID();
  const checks = [{ key: 'liveness', value: 90, detail: 'bench' }];
  await store.addAuthentication(
    { id: video, userId, kind: 'video', contentType: 'video/mp4', extension: 'mp4', size: 120_000, createdAt: at() },
    { id, userId, createdAt: at(), faceLiveness: 90, faceMatching: 95, passed: true, checks, videoMediaId: video, videoExtension: 'mp4', challengeId: null, challengeResult: null, clientKey: 'bench' },
  );
  await store.endAuthenticationAttempt(attempt);
  return id;
}

async function storeWrites(name: string, store: Store, userId: string): Promise<void> {
  for (let i = 0; i < 20; i++) await writeAuthentication(store, userId); // warm-up
  const times: number[] = [];
  for (let i = 0; i < 300; i++) {
    const t = performance.now();
    await writeAuthentication(store, userId);
    times.push(performance.now() - t);
  }
  const users = await Promise.all(Array.from({ length: 8 }, () => seed(store)));
  const t1 = performance.now();
  await Promise.all(users.map(async (u) => { for (let i = 0; i < 50; i++) await writeAuthentication(store, u.userId); }));
  const parallelSeconds = (performance.now() - t1) / 1000;
  print({ bench: 'authentication_store_work', store: name, sequential: { runs: times.length, median_ms: ms(quantile(times, 0.5)), p95_ms: ms(quantile(times, 0.95)) }, parallel_8: { authentications: 400, per_second: Math.round(400 / parallelSeconds) }, loadavg_1m: load1() });
}

function runLoad(o: LoadOptions): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = fork(new URL('../src/bench/load.ts', import.meta.url), { execArgv: ['--import', 'tsx'] });
    child.once('message', (r) => resolve(r as LoadResult));
    child.once('error', reject);
    child.send(o);
  });
}

async function getThroughput(name: string, dataDir: string, databaseUrl: string | undefined): Promise<void> {
  const logger = createLogger('info', destination({ dest: '/dev/null', sync: false }));
  const server = await startOnboardingServer({ dataDir, databaseUrl, jwtSecret: SECRET, warmEngine: false, logger, tokenRateLimit: false });
  try {
    const store: Store = databaseUrl ? await PostgresStore.open(databaseUrl) : new SqliteStore(join(dataDir, 'onboarding.sqlite'));
    const { userId, authId } = await seed(store);
    await store.close();
    const login = ((await (await fetch(`${server.url}/login_token`, { headers: { apikey: server.apiKey } })).json()) as { token: string }).token;
    const token = ((await (await fetch(`${server.url}/backend_token/${userId}`, { headers: { authorization: `Bearer ${login}` } })).json()) as { token: string }).token;
    const url = `${server.url}/user/authentication/${authId}`;
    const check = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    if (check.status !== 200) throw new Error(`${name}: GET answered ${check.status}`);
    const cpu = process.cpuUsage();
    const result = await runLoad({ url, headers: { authorization: `Bearer ${token}` }, connections: 32, durationMs: 8000 });
    const used = process.cpuUsage(cpu);
    const cpuUs = Math.round((used.user + used.system) / Math.max(1, result.requests));
    print({ bench: 'get_authentication_by_store', store: name, connections: 32, ...result, server_cpu_us_per_request: cpuUs, loadavg_1m: load1() });
  } finally {
    await server.close();
  }
}

async function main(): Promise<void> {
  let cluster: PostgresCluster | undefined;
  let databaseUrl = process.env.BENCH_DATABASE_URL;
  if (!databaseUrl) {
    if (!postgresBin()) {
      print({ bench: 'stores', skipped: 'PostgreSQL server binaries not found (apt-get install -y postgresql, or set BENCH_DATABASE_URL)' });
      return;
    }
    cluster = await startPostgres({ durable: true });
  }
  const dirs = [mkdtempSync(join(tmpdir(), 'bench-sqlite-')), mkdtempSync(join(tmpdir(), 'bench-pg-'))] as const;
  try {
    const url = (label: string) => (cluster ? freshDatabase(cluster.adminUrl, label) : Promise.resolve(databaseUrl!));
    print({ bench: 'stores', sqlite: 'WAL, synchronous=NORMAL', postgres: cluster ? 'local cluster, fsync=on, synchronous_commit=on, over TCP loopback' : 'BENCH_DATABASE_URL' });
    await getThroughput('sqlite', dirs[0], undefined);
    await getThroughput('postgres', dirs[1], await url('bench_get'));

    const sqlite = new SqliteStore(join(dirs[0], 'writes.sqlite'));
    const pgStore = await PostgresStore.open(await url('bench_writes'));
    try {
      await storeWrites('sqlite', sqlite, (await seed(sqlite)).userId);
      await storeWrites('postgres', pgStore, (await seed(pgStore)).userId);
    } finally {
      await sqlite.close();
      await pgStore.close();
    }
  } finally {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
    await cluster?.stop();
  }
  writeBenchSection({
    name: 'stores',
    title: 'Onboarding server: SQLite and PostgreSQL stores',
    command: 'pnpm bench (onboarding-server: node --import tsx bench/stores.ts)',
    markdown: `The two stores side by side in one run: \`GET /user/authentication/{id}\` requests per second (load generator in a child process), and what one authentication costs the store (its reads and writes in the service's order), one after another and 8 at once.\n\n${log.tables()}`,
  });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
