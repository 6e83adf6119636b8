// Face analysis as jobs on Redis (ONBOARDING_ANALYSIS=queue), in the postgres
// project (PostgreSQL, S3 media, redis-server): an API instance that loads no
// face model, an analysis worker on the same media store. Enrolment and
// authentication through the worker, a refusal from the worker, and with no
// worker taking jobs: the timeout (retriable 503), backpressure (503 +
// Retry-After) and a request abandoned by its client (its job dropped);
// nothing left in the media store or the queue after any failure.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { openMediaStore } from '../src/media/open-media-store.js';
import { startAnalysisWorker, type AnalysisWorker } from '../src/queue/analysis-worker.js';
import { freshBackend, onPostgres, type BackendSettings } from './backend.js';
import { fixture, hasFixtures } from './fixtures.js';
import { errorOf, startTestServer, videoForm, type TestServer } from './helpers.js';
import { segment } from './media.js';

describe('ONBOARDING_ANALYSIS', () => {
  it('is inprocess by default; queue needs ONBOARDING_REDIS_URL', () => {
    expect(loadConfig({}).analysis).toBe('inprocess');
    expect(() => loadConfig({ ONBOARDING_ANALYSIS: 'queue' })).toThrow(/ONBOARDING_REDIS_URL: is required with ONBOARDING_ANALYSIS=queue/);
    expect(() => loadConfig({ ONBOARDING_ANALYSIS: 'elsewhere' })).toThrow(ConfigError);
    expect(loadConfig({ ONBOARDING_ANALYSIS: 'queue', ONBOARDING_REDIS_URL: 'redis://127.0.0.1:6379' })).toMatchObject({ analysis: 'queue', analysisTimeoutMs: 60_000, jobLockMs: 15_000 });
  });
});

describe.runIf(onPostgres && hasFixtures)('face analysis on the job queue', () => {
  let dir: string;
  let clip: string;
  let shared: BackendSettings;
  let api: TestServer;
  let worker: AnalysisWorker | undefined;
  let queue: Queue;
  const upload = (s: TestServer, path: string, file: string, token: string, signal?: AbortSignal) =>
    fetch(`${s.url}${path}`, { method: 'POST', body: videoForm(readFileSync(file)), headers: { authorization: `Bearer ${token}` }, ...(signal ? { signal } : {}) });
  const jobsLeft = async () => Object.values(await queue.getJobCounts('waiting', 'active', 'completed', 'failed', 'prioritized')).reduce((a, b) => a + b, 0);
  /** Names in the shared media store. */
  const mediaFiles = async () => {
    const media = openMediaStore(join(dir, 'look'), shared.mediaUrl, shared.s3);
    const names: string[] = [];
    for await (const item of media.list()) names.push(item.name);
    await media.close();
    return names.sort();
  };
  const until = async (check: () => Promise<boolean>) => {
    for (let i = 0; i < 200 && !(await check()); i++) await new Promise((r) => setTimeout(r, 50));
    expect(await check()).toBe(true);
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'onboarding-queue-'));
    clip = segment(fixture('videos/real-selfie-5.mp4'), 0, 2, join(dir, 'clip.mp4'));
    shared = await freshBackend();
    api = await startTestServer({ ...shared, analysis: 'queue', maxQueue: 1, requireChallenge: false, analysisTimeoutMs: 30_000 });
    queue = new Queue('analysis', { prefix: 'onboarding', connection: { url: shared.redisUrl!, maxRetriesPerRequest: null } });
    const media = openMediaStore(join(dir, 'worker'), shared.mediaUrl, shared.s3);
    worker = await startAnalysisWorker({ redisUrl: shared.redisUrl!, media, logger: createLogger('silent'), threads: 1, lockMs: 5_000 });
  }, 180_000);
  afterAll(async () => {
    await worker?.close();
    await queue?.close();
    await api?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('enrols and authenticates through the worker: the crop and the clip stored, no job left behind', async () => {
    const id = await api.createUser();
    const backend = await api.backendUserToken(id);
    const selfie = await upload(api, '/user/selfie', clip, backend);
    expect(selfie.status).toBe(200);
    expect(((await selfie.json()) as { face_liveness: number }).face_liveness).toBeGreaterThanOrEqual(50);
    expect((await api.send('POST', '/user/authentication/enable', backend)).status).toBe(200);
    const auth = await upload(api, '/user/authenticate', clip, await api.userToken(id));
    expect(auth.status).toBe(200);
    const { authentication_id } = (await auth.json()) as { authentication_id: string };
    const read = (await (await api.get(`/user/authentication/${authentication_id}`, backend)).json()) as { authentication: { face_matching: number; media: { video: { href: string } } } };
    expect(read.authentication.face_matching).toBeGreaterThanOrEqual(50);
    // The stored clip is the upload, byte for byte; the media store holds the crop and the clip, nothing else.
    const videoId = /\/media\/([^/]+)\/download$/.exec(read.authentication.media.video.href)![1]!;
    expect(Buffer.from(await (await api.get(`/media/${videoId}/download`, backend)).arrayBuffer()).equals(readFileSync(clip))).toBe(true);
    expect(await mediaFiles()).toHaveLength(2);
    await until(async () => (await jobsLeft()) === 0);
  });

  it('answers the worker\'s refusal of the media with the contract\'s error, keeping nothing', async () => {
    const before = await mediaFiles();
    const res = await upload(api, '/user/selfie', fixture('faces/scenes/white.png'), await api.backendUserToken(await api.createUser()));
    expect(await errorOf(res)).toMatchObject({ status: 422, code: 'NO_FACE' });
    expect(await mediaFiles()).toEqual(before);
    expect(api.tempFiles()).toEqual([]);
  });

  describe('with no worker taking jobs', () => {
    beforeAll(async () => {
      await worker!.close();
      worker = undefined;
    });

    it('answers a retriable 503 when the analysis does not come in time, and drops the job', async () => {
      const quick = await startTestServer({ ...shared, dataDir: mkdtempSync(join(dir, 'quick-')), apiKey: api.apiKey, analysis: 'queue', analysisTimeoutMs: 1_500 });
      try {
        const before = await mediaFiles();
        const res = await upload(quick, '/user/selfie', clip, await quick.backendUserToken(await quick.createUser()));
        expect(res.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
        expect(await errorOf(res)).toMatchObject({ status: 503, code: 'BUSY' });
        expect(await mediaFiles()).toEqual(before);
        expect(await jobsLeft()).toBe(0);
      } finally {
        await quick.stop();
      }
    });

    it('refuses with 503 + Retry-After when jobs already wait, and drops the job of a request its client abandoned', async () => {
      const before = await mediaFiles();
      const token = await api.backendUserToken(await api.createUser());
      const client = new AbortController();
      const first = upload(api, '/user/selfie', clip, token, client.signal).catch((err: Error) => err);
      await until(async () => (await queue.getWaitingCount()) === 1);
      const second = await upload(api, '/user/selfie', clip, token);
      expect(await errorOf(second)).toMatchObject({ status: 503, code: 'BUSY' });
      expect(second.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
      client.abort();
      expect(await first).toBeInstanceOf(Error);
      await until(async () => (await jobsLeft()) === 0);
      await until(async () => (await mediaFiles()).join() === before.join());
      expect(api.tempFiles()).toEqual([]);
    });
  });
});
