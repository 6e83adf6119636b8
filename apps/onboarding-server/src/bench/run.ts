// `pnpm bench`: upload latency of a 4-s 512x512 selfie (one worker), four
// concurrent authentications, and requests per second of
// GET /user/authentication/{id} on loopback. Prints JSON lines and writes
// them as tables to docs/benchmarks.md (section server-latency).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fork } from 'node:child_process';
import { BenchLog, load1, quantile, writeBenchSection } from '@alice-face/bench-report';
import { FaceEnginePool } from '@alice-face/face-engine';
import { destination } from 'pino';
import { createLogger } from '../logger.js';
import { startOnboardingServer } from '../server.js';
import type { LoadOptions, LoadResult } from './load.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const repoRoot = resolve(here, '..', '..', '..', '..');
const fixtures = resolve(process.env.FACE_FIXTURES ?? join(repoRoot, '..', 'shared', 'fixtures'));
const clipPath = join(fixtures, 'videos', 'real-selfie-2.mp4');
const runs = Number(process.env.BENCH_RUNS ?? 10);

const round = (x: number) => Math.round(x);
const log = new BenchLog();
const print = (o: Record<string, unknown>) => log.print(o);

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'onboarding-bench-'));
  const logger = createLogger('info', destination({ dest: '/dev/null', sync: false }));
  // Passive authentications (no challenge_id): a challenge's denser sampling is measured by the face engine's speed bench.
  const server = await startOnboardingServer({ dataDir, workers: 1, maxQueue: 8, logger, requireChallenge: false });
  try {
    const clip = readFileSync(clipPath);
    const call = async (path: string, init: RequestInit = {}) => {
      const res = await fetch(`${server.url}${path}`, init);
      if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
      return res.json() as Promise<Record<string, string>>;
    };
    const bearer = (t: string) => ({ authorization: `Bearer ${t}` });
    const login = (await call('/login_token', { headers: { apikey: server.apiKey } })).token!;
    const backend = (await call('/backend_token', { headers: bearer(login) })).token!;
    const userId = (await call('/user', { method: 'POST', headers: { ...bearer(backend), 'content-type': 'application/json' }, body: '{"email":"bench@example.com"}' })).user_id!;
    const bu = (await call(`/backend_token/${userId}`, { headers: bearer(login) })).token!;
    const form = () => {
      const f = new FormData();
      f.append('video', new Blob([clip], { type: 'video/mp4' }), 'selfie.mp4');
      return f;
    };

    // 1. Selfie upload → response with scores, sequential, after one warm-up;
    // interleaved with the same clip analysed by a bare engine pool, so the
    // server's own overhead shows apart from the machine's load.
    const bare = new FaceEnginePool({ size: 1, maxQueue: 1 });
    await bare.ready();
    await call('/user/selfie', { method: 'POST', headers: bearer(bu), body: form() });
    await bare.analyze(clipPath);
    const times: number[] = [];
    const engineTimes: number[] = [];
    let liveness: unknown;
    for (let i = 0; i < runs; i++) {
      let t = performance.now();
      liveness = (await call('/user/selfie', { method: 'POST', headers: bearer(bu), body: form() })).face_liveness;
      times.push(performance.now() - t);
      t = performance.now();
      await bare.analyze(clipPath);
      engineTimes.push(performance.now() - t);
    }
    await bare.close();
    const stats = (xs: number[]) => ({ median_ms: round(quantile(xs, 0.5)), p95_ms: round(quantile(xs, 0.95)), min_ms: round(Math.min(...xs)) });
    print({ bench: 'selfie_upload', clip: 'real-selfie-2.mp4 (4 s, 512x512, 123 KB)', runs, workers: 1, ...stats(times), face_liveness: liveness, loadavg_1m: load1() });
    print({ bench: 'engine_analyze_same_clip', runs, ...stats(engineTimes), server_overhead_median_ms: round(quantile(times, 0.5) - quantile(engineTimes, 0.5)) });

    // 2. Four clients authenticating at once.
    await call('/user/authentication/enable', { method: 'POST', headers: bearer(bu) });
    const t0 = performance.now();
    const results = await Promise.allSettled([0, 1, 2, 3].map(async () => {
      const t = performance.now();
      const r = await call('/user/authenticate', { method: 'POST', headers: bearer(bu), body: form() });
      return { id: r.authentication_id!, ms: performance.now() - t };
    }));
    const ok = results.filter((r): r is PromiseFulfilledResult<{ id: string; ms: number }> => r.status === 'fulfilled');
    print({ bench: 'concurrent_authentications', clients: 4, succeeded: ok.length, wall_ms: round(performance.now() - t0), each_ms: ok.map((r) => round(r.value.ms)) });
    const authId = ok[0]?.value.id;
    if (!authId) throw new Error('No authentication succeeded.');

    // 3. GET /user/authentication/{id} throughput.
    for (const connections of [16, 64]) {
      const cpu = process.cpuUsage();
      const load = await runInChild({ url: `${server.url}/user/authentication/${authId}`, headers: bearer(bu), connections, durationMs: 8000 });
      const used = process.cpuUsage(cpu);
      // Server CPU per request: a figure that does not depend on what else the machine is doing.
      const cpuUsPerRequest = Math.round((used.user + used.system) / Math.max(1, load.requests));
      print({ bench: 'get_authentication', connections, ...load, server_cpu_us_per_request: cpuUsPerRequest, rps_per_free_core: Math.round(1e6 / cpuUsPerRequest), loadavg_1m: load1() });
    }
    writeBenchSection({
      name: 'server-latency',
      title: 'Onboarding server: upload latency and read throughput',
      command: `pnpm bench (onboarding-server: node dist/bench/run.js, BENCH_RUNS=${runs})`,
      markdown: `The selfie upload is timed from request to response with scores (one engine worker), interleaved with the same clip analysed by a bare engine pool (the difference is the server's own overhead); then four authentications at once; then \`GET /user/authentication/{id}\` from a load generator in another process (its server CPU per request does not depend on what else runs).\n\n${log.tables()}`,
    });
  } finally {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function runInChild(o: LoadOptions): Promise<LoadResult> {
  return new Promise((resolvePromise, reject) => {
    const child = fork(fileURLToPath(new URL('./load.js', import.meta.url)));
    child.once('message', (r) => resolvePromise(r as LoadResult));
    child.once('error', reject);
    child.send(o);
  });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
