// `pnpm bench` (third part): face analysis on the job queue, on this machine
// in one run. A throwaway redis-server, media in a temp folder shared by the
// API and the workers (file:///), SQLite; the workers are the built
// `onboarding-worker` processes (1 engine thread each).
//  1. Authentications per second with 1 and with 2 workers: 4 clients
//     authenticating at once, AUTHS in all, the ratio printed.
//  2. What the queue adds to one authentication: sequential authentications
//     alternating between an instance analysing in its own pool (1 thread)
//     and a queue instance with 1 worker; the median of the pairs' differences.
// Prints JSON lines and writes the figures to docs/benchmarks.md (bench:queue).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { destination } from 'pino';
import { load1, median, writeBenchSection } from '@alice-face/bench-report';
import { fixture } from '../../../test-support/fixtures.js';
import { startRedis } from '../../../test-support/redis.js';
import { segment } from '../test/media.js';
import { createLogger } from '../src/logger.js';
import { startOnboardingServer, type RunningServer } from '../src/server.js';

const AUTHS = Number(process.env.BENCH_QUEUE_AUTHS ?? 24);
const RUNS = Number(process.env.BENCH_RUNS ?? 10);
const CLIENTS = 4;
const print = (o: object) => console.log(JSON.stringify(o));

interface Client {
  authenticate(): Promise<number>;
}

/** A user enrolled with the clip and allowed to log in on `server`; authenticate() answers its latency in ms. */
async function client(server: RunningServer, clip: Buffer): Promise<Client> {
  const call = async (path: string, init: RequestInit = {}) => {
    const res = await fetch(`${server.url}${path}`, init);
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return res.json() as Promise<Record<string, string>>;
  };
  const bearer = (t: string) => ({ authorization: `Bearer ${t}` });
  const form = () => {
    const f = new FormData();
    f.append('video', new Blob([clip as BlobPart], { type: 'video/mp4' }), 'clip.mp4');
    return f;
  };
  const login = (await call('/login_token', { headers: { apikey: server.apiKey } })).token!;
  const backend = (await call('/backend_token', { headers: bearer(login) })).token!;
  const userId = (await call('/user', { method: 'POST', headers: { ...bearer(backend), 'content-type': 'application/json' }, body: '{}' })).user_id!;
  const bu = (await call(`/backend_token/${userId}`, { headers: bearer(login) })).token!;
  const user = (await call(`/user_token/${userId}`, { headers: bearer(login) })).token!;
  await call('/user/selfie', { method: 'POST', headers: bearer(bu), body: form() });
  await call('/user/authentication/enable', { method: 'POST', headers: bearer(bu) });
  return {
    async authenticate() {
      const t = performance.now();
      await call('/user/authenticate', { method: 'POST', headers: bearer(user), body: form() });
      return performance.now() - t;
    },
  };
}

/** Jobs each worker has finished, from its log. */
const jobsDone = new Map<ChildProcess, number>();

function startWorker(root: string, env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, [new URL('../dist/worker-cli.js', import.meta.url).pathname], {
    env: { ...process.env, ...env, ONBOARDING_DATA_DIR: mkdtempSync(join(root, 'worker-')), ONBOARDING_WORKER_PORT: '0', ONBOARDING_WORKERS: '1', ONBOARDING_LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.once('exit', (code) => reject(new Error(`worker exited with ${code}`)));
    jobsDone.set(child, 0);
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      jobsDone.set(child, out.split('"Job done"').length - 1);
      if (out.includes('"Analysis worker ready"')) resolve(child);
    });
  });
}

/** `AUTHS` authentications by `CLIENTS` clients at once: authentications per second. */
async function throughput(clients: Client[]): Promise<number> {
  let left = AUTHS;
  const t = performance.now();
  await Promise.all(clients.map(async (c) => {
    while (left-- > 0) await c.authenticate();
  }));
  return AUTHS / ((performance.now() - t) / 1000);
}

async function main(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'onboarding-bench-queue-'));
  const redis = await startRedis();
  const workers: ChildProcess[] = [];
  const servers: RunningServer[] = [];
  try {
    const clip = readFileSync(segment(fixture('videos/real-selfie-2.mp4'), 0, 2, join(root, 'clip.mp4')));
    const shared = { mediaUrl: pathToFileURL(join(root, 'media')).href, redisUrl: redis.url };
    const env = { ONBOARDING_MEDIA_URL: shared.mediaUrl, ONBOARDING_REDIS_URL: redis.url, ONBOARDING_LOG_LEVEL: 'warn' };
    const logger = createLogger('info', destination({ dest: '/dev/null', sync: false }));
    // Passive authentications: the queue's cost does not depend on the challenge (its extra analysis is in the engine's speed bench).
    const quiet = { logger, tokenRateLimit: false as const, failedAuth: { max: 1_000_000, windowMs: 60_000 }, requireChallenge: false };
    const inProcess = await startOnboardingServer({ dataDir: join(root, 'api-pool'), workers: 1, maxQueue: 64, ...quiet });
    const queued = await startOnboardingServer({ dataDir: join(root, 'api-queue'), ...shared, analysis: 'queue', maxQueue: 64, ...quiet });
    servers.push(inProcess, queued);
    workers.push(await startWorker(root, env));
    const started = load1();

    // 2 first: one worker, one analysis at a time on either path.
    const [pool, queue] = [await client(inProcess, clip), await client(queued, clip)];
    await pool.authenticate();
    await queue.authenticate();
    const poolMs: number[] = [];
    const queueMs: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      poolMs.push(await pool.authenticate());
      queueMs.push(await queue.authenticate());
    }
    const latency = { runs: RUNS, in_process_median_ms: Math.round(median(poolMs)), queue_median_ms: Math.round(median(queueMs)) };
    // Each pair ran back to back: the median of the pairs' differences is steadier than the difference of the medians.
    const added = Math.round(median(queueMs.map((q, i) => q - poolMs[i]!)));
    print({ bench: 'queue_added_latency', ...latency, added_median_ms: added, loadavg_1m: load1() });

    const clients = await Promise.all(Array.from({ length: CLIENTS }, () => client(queued, clip)));
    const one = await throughput(clients);
    print({ bench: 'queue_throughput', workers: 1, auths: AUTHS, clients: CLIENTS, per_s: Math.round(one * 100) / 100, loadavg_1m: load1() });
    workers.push(await startWorker(root, env));
    const before = workers.map((w) => jobsDone.get(w) ?? 0);
    const two = await throughput(clients);
    const split = workers.map((w, i) => (jobsDone.get(w) ?? 0) - before[i]!);
    print({ bench: 'queue_throughput', workers: 2, auths: AUTHS, clients: CLIENTS, per_s: Math.round(two * 100) / 100, jobs_by_worker: split, loadavg_1m: load1() });
    const ratio = Math.round((two / one) * 100) / 100;
    print({ bench: 'queue_scaling', ratio_2_to_1: ratio, cpus: cpus().length });

    writeBenchSection({
      name: 'queue',
      title: 'Onboarding server: analysis on the job queue',
      command: `pnpm bench (onboarding-server: node --import tsx bench/queue.ts, BENCH_RUNS=${RUNS}, BENCH_QUEUE_AUTHS=${AUTHS})`,
      markdown: `A 2-s 512x512 selfie clip, Redis and the media folder on loopback, workers of 1 engine thread each; 1-min load ${started} at the start of the run.

| authentications | 1 worker | 2 workers | ratio |
| --- | --- | --- | --- |
| per second (${CLIENTS} clients, ${AUTHS} in all) | ${one.toFixed(2)} | ${two.toFixed(2)} (jobs per worker: ${split.join(' + ')}) | ${ratio.toFixed(2)} |

| latency of one authentication, median of ${RUNS} | in-process pool | queue, 1 worker | added by the queue (median of paired differences) |
| --- | --- | --- | --- |
| ms | ${latency.in_process_median_ms} | ${latency.queue_median_ms} | ${added} |`,
    });
  } finally {
    for (const s of servers) await s.close();
    for (const w of workers) w.kill('SIGTERM');
    await Promise.all(workers.map((w) => (w.exitCode === null ? new Promise((r) => w.once('exit', r)) : undefined)));
    await redis.stop();
    rmSync(root, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
