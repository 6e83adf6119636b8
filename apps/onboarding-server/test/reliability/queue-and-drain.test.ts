// Under load and at shutdown, with the real engine in a real server process:
// 8 concurrent authenticate uploads against one worker and a queue of 4 each
// get 200 or 503 BUSY + Retry-After (none hangs), and every client that
// retries as told ends up with a stored authentication (none is lost); then
// SIGTERM while uploads are queued: all of them finish, the process exits 0,
// and a restart finds them stored.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordFigure } from '../../../../test-support/figures.js';
import { fixture, hasFixtures } from '../fixtures.js';
import { errorOf, videoForm } from '../helpers.js';
import { segment } from '../media.js';
import { newApiKey, startChildServer, type ChildServer } from './child-server.js';

describe.skipIf(!hasFixtures)('face queue under load, and SIGTERM drain', () => {
  let dir: string;
  let clip: Buffer;
  const servers: ChildServer[] = [];

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'onboarding-queue-'));
    const a = fixture('videos/real-selfie-2.mp4');
    clip = readFileSync(segment(a, 0, 1.5, join(dir, 'clip.mp4')));
  });
  afterAll(async () => {
    for (const s of servers) if (s.child.exitCode === null) await s.signal('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  /** A user enrolled with the clip and enabled; the failed-attempt limit is lifted in these servers
   *  because the scores are not what is tested (the engine's liveness may change under us). */
  async function enrolledUser(s: ChildServer): Promise<{ user: string; backend: string }> {
    const id = await s.createUser();
    const user = await s.userToken(id);
    expect((await s.send('POST', '/user/selfie', user, videoForm(clip))).status).toBe(200);
    const backend = await s.backendUserToken(id);
    expect((await s.send('POST', '/user/authentication/enable', backend)).status).toBe(200);
    return { user, backend };
  }

  it('answers 8 concurrent uploads with 200 or 503 + Retry-After, and loses none', async () => {
    const s = await startChildServer(join(dir, 'queue'), newApiKey(), { ONBOARDING_MAX_QUEUE: '4', ONBOARDING_FAILED_AUTH_MAX: '1000' });
    servers.push(s);
    const t = await enrolledUser(s);
    const upload = () => s.send('POST', '/user/authenticate', t.user, videoForm(clip));
    const first = await Promise.all(Array.from({ length: 8 }, upload));
    const statuses = first.map((r) => r.status);
    expect(statuses.every((x) => x === 200 || x === 503)).toBe(true);
    const ids: string[] = [];
    let retries = 0;
    for (const res of first) {
      let r = res;
      while (r.status === 503) {
        const e = await errorOf(r);
        expect(e.code).toBe('BUSY');
        const wait = Number(r.headers.get('retry-after'));
        expect(wait).toBeGreaterThan(0);
        await new Promise((resolve) => setTimeout(resolve, wait * 1000));
        retries++;
        r = await upload();
      }
      expect(r.status).toBe(200);
      ids.push(((await r.json()) as { authentication_id: string }).authentication_id);
    }
    // Every client holds a distinct, stored authentication; nothing extra was stored; no temp file is left.
    expect(new Set(ids).size).toBe(8);
    for (const id of ids) expect((await s.get(`/user/authentication/${id}`, t.backend)).status).toBe(200);
    const listed = (await (await s.get('/user/authentications?page_size=100', t.backend)).json()) as { total: number };
    expect(listed.total).toBe(8);
    expect(s.tempFiles()).toEqual([]);
    recordFigure({
      name: 'reliability-queue',
      title: 'Onboarding server: face queue under load',
      command: 'pnpm test:reliability (queue-and-drain.test.ts)',
      about: 'Authenticate uploads sent at once to a server with one face worker and a queue of 4: how many were answered 200 at first and how many `503 BUSY` with `Retry-After`, and how many were stored once the refused ones retried as told.',
    }, { figure: 'queue', concurrent: 8, workers: 1, max_queue: 4, first_answers: { ok: statuses.filter((x) => x === 200).length, busy: statuses.filter((x) => x === 503).length }, retries, stored: listed.total });
    expect(await s.signal('SIGTERM')).toBe(0);
  });

  it('drains on SIGTERM: queued uploads finish, exit 0, and a restart finds them', async () => {
    const apiKey = newApiKey();
    const dataDir = join(dir, 'drain');
    const s = await startChildServer(dataDir, apiKey, { ONBOARDING_MAX_QUEUE: '4', ONBOARDING_FAILED_AUTH_MAX: '1000' });
    servers.push(s);
    const t = await enrolledUser(s);
    const pending = Array.from({ length: 3 }, () => s.send('POST', '/user/authenticate', t.user, videoForm(clip)));
    // All three are on disk (one being analysed, two waiting for the worker) before the signal.
    for (let i = 0; i < 3000 && s.tempFiles().length < 3; i++) await new Promise((r) => setTimeout(r, 10));
    expect(s.tempFiles().length).toBeGreaterThan(0);
    const exit = s.signal('SIGTERM');
    const answers = await Promise.all(pending);
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200]);
    const ids = await Promise.all(answers.map(async (r) => ((await r.json()) as { authentication_id: string }).authentication_id));
    expect(await exit).toBe(0);

    const again = await startChildServer(dataDir, apiKey);
    servers.push(again);
    for (const id of ids) expect((await again.get(`/user/authentication/${id}`, t.backend)).status).toBe(200);
    expect(again.tempFiles()).toEqual([]);
    expect(await again.signal('SIGTERM')).toBe(0);
  });
});
