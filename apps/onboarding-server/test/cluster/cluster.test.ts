// `pnpm test:cluster`: PostgreSQL, Redis and the S3-compatible server, two
// API instances (ONBOARDING_ANALYSIS=queue) and two analysis workers, all on
// loopback. 40 enrolments and authentications spread over both instances;
// one worker, then one API instance, SIGKILLed mid-run. Clients behave like
// a client behind a load balancer: a 503 is retried after its Retry-After; a
// connection cut by the dead instance is checked (did it land?) and, if not,
// sent again to the live one. Every request must get a result or a 503, no
// operation lost or done twice, and afterwards the store and the media agree
// (media only the killed instance's requests in flight left behind, which the
// start-up sweep removes). Then a worker SIGTERMed mid-job finishes it and exits 0.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, hasFixtures } from '../fixtures.js';
import { videoForm } from '../helpers.js';
import { smallClip } from '../media.js';
import type { ChildServer } from '../reliability/child-server.js';
import { openMediaStore } from '../../src/media/open-media-store.js';
import { sweepMedia } from '../../src/media/media-store.js';
import { PostgresStore } from '../../src/store/postgres-store.js';
import { S3_TEST_CREDENTIALS } from '../../../../test-support/s3.js';
import { clusterEnv, startApi, startWorker, type WorkerProcess } from './topology.js';

interface Op {
  kind: 'enrol' | 'authenticate';
  userId: string;
}

describe.skipIf(!hasFixtures)('a cluster of two API instances and two workers, one of each killed mid-run', () => {
  let root: string;
  let env: Record<string, string>;
  let clip: Buffer;
  const apis: ChildServer[] = [];
  const workers: WorkerProcess[] = [];
  const killed = { worker: false, api: false, apiInFlight: 0 };
  const inFlight = [0, 0];
  const seen = { ok: 0, busy: 0, cut: 0, landedBeforeCut: 0, other: [] as string[] };

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'onboarding-cluster-'));
    clip = readFileSync(smallClip(fixture('videos/real-selfie-2.mp4'), 0, 1.5, 256, 10, join(root, 'clip.mp4')));
    env = { ...(await clusterEnv()), ONBOARDING_MAX_QUEUE: '4', ONBOARDING_JOB_LOCK_S: '2', ONBOARDING_ANALYSIS_TIMEOUT_S: '30', ONBOARDING_FAILED_AUTH_MAX: '1000', ONBOARDING_TOKEN_RATE_LIMIT: '0' };
    // The first instance migrates alone; then the second instance and both workers start together.
    apis.push(await startApi(root, env));
    const [second, ...started] = await Promise.all([startApi(root, env), startWorker(root, env), startWorker(root, env)]);
    apis.push(second);
    workers.push(...started);
  }, 240_000);
  afterAll(async () => {
    for (const p of [...apis, ...workers]) await p.signal('SIGKILL').catch(() => {});
    rmSync(root, { recursive: true, force: true });
  });

  // Tokens minted once per user (any instance checks them: one JWT secret); minting per
  // request would run into the per-address limit on /login_token.
  const tokens = new Map<string, { backend: string; user: string }>();
  const tokensOf = async (userId: string) => {
    let t = tokens.get(userId);
    if (!t) tokens.set(userId, (t = { backend: await apis[0]!.backendUserToken(userId), user: await apis[0]!.userToken(userId) }));
    return t;
  };
  const live = (i: number) => (killed.api && i === 1 ? 0 : i);
  const count = async (op: Op): Promise<number> => {
    const a = apis[0]!;
    const token = (await tokensOf(op.userId)).backend;
    if (op.kind === 'enrol') return ((await (await a.get('/user/status', token)).json()) as { user: { selfies: number } }).user.selfies;
    return ((await (await a.get('/user/authentications', token)).json()) as { total: number }).total;
  };

  /** Runs one operation to its one result through instance `i`, as a client behind a load balancer would. */
  async function run(op: Op, i: number, done: number): Promise<void> {
    for (let attempt = 0; attempt < 30; attempt++) {
      const at = live(i);
      const api = apis[at]!;
      const token = op.kind === 'enrol' ? (await tokensOf(op.userId)).backend : (await tokensOf(op.userId)).user;
      let res: Response;
      inFlight[at]!++;
      try {
        res = await api.send('POST', op.kind === 'enrol' ? '/user/selfie' : '/user/authenticate', token, videoForm(clip));
      } catch {
        // The connection was cut: only the killed instance may do that. Landed before it died? Then done.
        seen.cut++;
        expect(at === 1 && killed.api).toBe(true);
        if ((await count(op)) > done) {
          seen.landedBeforeCut++;
          return;
        }
        continue;
      } finally {
        inFlight[at]!--;
      }
      if (res.status === 200) {
        seen.ok++;
        return;
      }
      const body = await res.text();
      if (res.status !== 503) {
        seen.other.push(`${res.status} ${body}`);
        return;
      }
      seen.busy++;
      expect(body).toContain('"BUSY"');
      await new Promise((r) => setTimeout(r, Number(res.headers.get('retry-after')) * 1000));
    }
    seen.other.push(`${op.kind}: no result after 30 attempts`);
  }

  it('answers every request, loses and doubles nothing, and leaves the store and the media consistent', async () => {
    const [a] = apis as [ChildServer, ChildServer];
    // 4 users enrolled beforehand, each then authenticated 5 times in a row; 20 new users enrolled once.
    const regulars: string[] = [];
    for (let i = 0; i < 4; i++) regulars.push(await a.createUser());
    for (const u of regulars) {
      await run({ kind: 'enrol', userId: u }, 0, 0);
      expect((await a.send('POST', '/user/authentication/enable', (await tokensOf(u)).backend)).status).toBe(200);
    }
    const newcomers: string[] = [];
    for (let i = 0; i < 20; i++) newcomers.push(await a.createUser());
    for (const u of newcomers) await tokensOf(u);
    let completed = 0;
    let next = 0;
    const chains = [
      ...regulars.map((u) => async () => {
        for (let k = 0; k < 5; k++) await run({ kind: 'authenticate', userId: u }, next++ % 2, k).then(() => completed++);
      }),
      ...newcomers.map((u) => () => run({ kind: 'enrol', userId: u }, next++ % 2, 0).then(() => completed++)),
    ];
    const chaos = (async () => {
      // (Each wait also ends when the run does, so a run too quick for a kill fails on `killed` below rather than hang.)
      const over = () => completed >= 40;
      while (completed < 10) await new Promise((r) => setTimeout(r, 50));
      // The second worker dies holding a job: its lock lapses and the first worker's stalled check takes the job back.
      while (!over() && (await workers[1]!.running()) === 0) await new Promise((r) => setTimeout(r, 20));
      if (over()) return;
      await workers[1]!.signal('SIGKILL');
      killed.worker = true;
      while (!over() && (completed < 22 || inFlight[1] === 0)) await new Promise((r) => setTimeout(r, 20));
      if (over()) return;
      killed.apiInFlight = inFlight[1]!;
      killed.api = true;
      await apis[1]!.signal('SIGKILL');
    })();
    await Promise.all([...chains.map((c) => c()), chaos]);

    const stalled = workers[0]!.output().includes('Job stalled');
    console.log(`cluster run: ${JSON.stringify({ ...seen, apiInFlightAtKill: killed.apiInFlight, stalledJobTakenBack: stalled })}`);
    expect(seen.other).toEqual([]);
    expect(killed).toMatchObject({ worker: true, api: true });
    // The job the killed worker held (its log shows it started, not done; it may have finished in the
    // instant between the readiness poll and the kill) was taken back by the live worker's stalled check.
    const held = (text: string) => text.split('"Job started"').length - text.split('"Job done"').length;
    if (held(workers[1]!.output()) > 0) expect(stalled).toBe(true);
    expect(seen.ok + seen.landedBeforeCut).toBe(44);
    // 0 lost, 0 duplicated: exactly one row per operation.
    for (const u of regulars) expect(await count({ kind: 'authenticate', userId: u })).toBe(5);
    for (const u of [...regulars, ...newcomers]) expect(await count({ kind: 'enrol', userId: u })).toBe(1);

    // No job left waiting or running.
    const queue = new Queue('analysis', { prefix: 'onboarding', connection: { url: env.ONBOARDING_REDIS_URL!, maxRetriesPerRequest: null } });
    expect(await queue.getJobCounts('waiting', 'active', 'prioritized', 'delayed')).toEqual({ waiting: 0, active: 0, prioritized: 0, delayed: 0 });
    await queue.close();

    // Every row's media is stored; media no row names come only from the killed instance's requests (a clip, a crop each at most).
    const store = await PostgresStore.open(env.ONBOARDING_DATABASE_URL!);
    const media = openMediaStore(join(root, 'look'), env.ONBOARDING_MEDIA_URL, { endpoint: env.ONBOARDING_S3_ENDPOINT, region: env.ONBOARDING_S3_REGION, credentials: S3_TEST_CREDENTIALS });
    try {
      const named = await store.allMediaIds();
      expect(named.size).toBe(24 + 20); // 24 crops, 20 clips
      const stored = new Set<string>();
      for await (const item of media.list()) stored.add(item.name);
      for (const id of named) expect(stored.has(id)).toBe(true);
      const orphans = [...stored].filter((id) => !named.has(id));
      expect(orphans.length).toBeLessThanOrEqual(2 * killed.apiInFlight);
      // What the sweep of the next start removes (past its grace period): then the two agree exactly.
      expect((await sweepMedia(media, named, Number.POSITIVE_INFINITY)).removed).toBe(orphans.length);
    } finally {
      await store.close();
      await media.close();
    }
  });

  it('lets a SIGTERMed worker finish the job it holds, then exit 0', async () => {
    const [a] = apis as [ChildServer, ChildServer];
    const userId = await a.createUser();
    const pending = a.send('POST', '/user/selfie', await a.backendUserToken(userId), videoForm(clip));
    while ((await workers[0]!.running()) === 0) await new Promise((r) => setTimeout(r, 20));
    const exited = workers[0]!.signal('SIGTERM');
    expect((await pending).status).toBe(200);
    expect(await exited).toBe(0);
    expect(await a.signal('SIGTERM')).toBe(0);
  });
});
