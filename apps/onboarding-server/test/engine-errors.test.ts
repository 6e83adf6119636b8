// Every refusal that comes from the face engine, with the real engine: the
// status and code of each, 503 BUSY + Retry-After on a full queue, the
// per-user failed-authentication limit, no leftovers after any failure, and
// a shutdown that lets an in-flight upload finish.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, hasFixtures } from './fixtures.js';
import { errorOf, startTestServer, videoForm, type TestServer } from './helpers.js';
import { frameOf, longClip, randomBytesFile, segment, truncated } from './media.js';

describe.skipIf(!hasFixtures)('face engine refusals over HTTP', () => {
  let s: TestServer;
  let dir: string;
  const f: Record<string, string> = {};
  const upload = (path: string, file: string, token: string, name = 'clip.mp4') => s.send('POST', path, token, videoForm(readFileSync(file), name));
  const selfies = async (token: string) => ((await (await s.get('/user/status', token)).json()) as { user: { selfies: number } }).user.selfies;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'onboarding-errors-'));
    const a = fixture('videos/real-selfie-5.mp4');
    f.clip = segment(a, 0, 2, join(dir, 'clip.mp4'));
    f.photo = frameOf(a, 1, join(dir, 'photo.jpg'));
    f.long = longClip(20, join(dir, 'long.mp4'));
    f.truncated = truncated(fixture('videos/real-selfie-1.mp4'), 30_000, join(dir, 'truncated.mp4'));
    f.random = randomBytesFile(dir, 50_000);
    f.noFace = fixture('faces/scenes/white.png');
    s = await startTestServer({ workers: 1, maxQueue: 1, warmEngine: true, requireChallenge: false }); // engine faults, not challenges
  });
  afterAll(async () => {
    await s?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('maps each engine refusal to its status and code, leaving nothing behind', async () => {
    const t = await s.userToken(await s.createUser());
    const cases: Array<[string, number, string]> = [
      [f.random!, 415, 'NOT_A_VIDEO'],
      [f.noFace!, 422, 'NO_FACE'],
      [f.truncated!, 422, 'CORRUPT_MEDIA'],
      [f.long!, 422, 'TOO_LONG'],
    ];
    for (const [file, status, code] of cases) {
      const e = await errorOf(await upload('/user/selfie', file, t));
      expect({ file, status: e.status, code: e.code }).toEqual({ file, status, code });
      expect(e.message).toMatch(/^[A-Z]/);
    }
    expect(await selfies(t)).toBe(0);
    expect(await s.mediaFiles()).toEqual([]);
    expect(s.tempFiles()).toEqual([]);
  });

  it('answers 503 BUSY with Retry-After when the face queue is full, and loses nothing', async () => {
    const t = await s.userToken(await s.createUser());
    const before = (await s.mediaFiles()).length;
    const results = await Promise.all([0, 1, 2, 3].map(() => upload('/user/selfie', f.clip!, t)));
    const statuses = results.map((r) => r.status);
    expect(statuses.every((x) => x === 200 || x === 503)).toBe(true);
    expect(statuses).toContain(503);
    expect(statuses).toContain(200);
    for (const r of results.filter((x) => x.status === 503)) {
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await errorOf(r)).code).toBe('BUSY');
    }
    const ok = statuses.filter((x) => x === 200).length;
    expect(await selfies(t)).toBe(ok);
    expect((await s.mediaFiles()).length).toBe(before + ok);
    expect(s.tempFiles()).toEqual([]);
  });

  it('limits failed authentications per user: 5 in 15 minutes, then 429 with Retry-After', async () => {
    const id = await s.createUser();
    const [t, backend] = [await s.userToken(id), await s.backendUserToken(id)];
    expect((await upload('/user/selfie', f.photo!, t, 'photo.jpg')).status).toBe(200);
    await s.send('POST', '/user/authentication/enable', backend);
    // A still image has no liveness, so each attempt is a failed authentication.
    for (let i = 0; i < 5; i++) expect((await upload('/user/authenticate', f.photo!, t, 'photo.jpg')).status).toBe(200);
    const limited = await upload('/user/authenticate', f.photo!, t, 'photo.jpg');
    expect(await errorOf(limited)).toMatchObject({ status: 429, code: 'TOO_MANY_ATTEMPTS' });
    const retry = Number(limited.headers.get('retry-after'));
    expect(retry).toBeGreaterThan(0);
    expect(retry).toBeLessThanOrEqual(15 * 60);
    s.advance(15 * 60_000 + 1000);
    expect((await upload('/user/authenticate', f.photo!, t, 'photo.jpg')).status).toBe(200);
  });

  it('drains on close: an upload in flight still completes', async () => {
    const t = await s.userToken(await s.createUser());
    const pending = upload('/user/selfie', f.clip!, t);
    // Wait until the server has the upload on disk (it is being analysed), then shut down.
    while (s.tempFiles().length === 0) await new Promise((r) => setTimeout(r, 10));
    const closed = s.close();
    const res = await pending;
    await closed;
    expect(res.status).toBe(200);
    expect(((await res.json()) as { number_of_faces: number }).number_of_faces).toBe(1);
    await expect(fetch(`${s.url}/healthcheck`)).rejects.toThrow();
  });
});
