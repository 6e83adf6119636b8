// The whole login flow of the seed over HTTP with the real face engine (one
// pool of one worker for this file) on real fixture clips made into new
// clips with ffmpeg: enroll, report, void, re-enroll, enable, authenticate
// (same person passes, another person and a still-photo replay do not),
// access rules between users, deletion, and a restart on the same data.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, hasFixtures } from './fixtures.js';
import { errorOf, startTestServer, videoForm, type TestServer } from './helpers.js';
import { frameOf, segment, stillReplay } from './media.js';

type Auth = { authentication_id: string; face_liveness: number | null; face_matching: number | null; checks: unknown[]; media: { video: { href: string; extension: string } } };
type Report = { summary: { face_liveness: number | null; checks: unknown[] }; selfies: Array<{ id: string; voided: boolean; liveness: number | null; number_of_faces: number; checks: Array<{ key: string }>; media: { cropped_face: { href: string } } }> };

describe.skipIf(!hasFixtures)('login flow with the real face engine', () => {
  let s: TestServer;
  let dir: string;
  const clip: Record<string, string> = {};
  let userA = '';
  let tA = { user: '', backend: '' };
  const authIds: Record<string, string> = {};

  const upload = async (path: string, file: string, token: string, name = 'clip.mp4', type = 'video/mp4') =>
    s.send('POST', path, token, videoForm(readFileSync(file), name, type));
  const getAuth = async (id: string): Promise<Auth> =>
    ((await (await s.get(`/user/authentication/${id}`, tA.backend)).json()) as { authentication: Auth }).authentication;
  const report = async (): Promise<Report> => ((await (await s.get('/user/report', tA.backend)).json()) as { report: Report }).report;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'onboarding-flow-'));
    const a = fixture('videos/real-selfie-2.mp4');
    clip.enroll = segment(a, 0, 2, join(dir, 'a-first.mp4'));
    clip.same = segment(a, 2, 2, join(dir, 'a-second.mp4'));
    clip.other = fixture('videos/real-selfie-4.mp4');
    clip.photo = frameOf(a, 1, join(dir, 'a-photo.jpg'));
    clip.replay = stillReplay(clip.photo, 3, join(dir, 'a-replay.mp4'));
    // Passive authentications (no challenge_id): this file is that flow; challenge.test.ts has the default, which requires one.
    s = await startTestServer({ workers: 1, maxQueue: 1, warmEngine: true, requireChallenge: false });
    userA = await s.createUser({ email: 'person-a@example.com', first_name: 'A' });
    tA = { user: await s.userToken(userA), backend: await s.backendUserToken(userA) };
  });
  afterAll(async () => {
    await s?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('enrolls a selfie video: scores, report, status and the face crop', async () => {
    const res = await upload('/user/selfie', clip.enroll!, tA.user);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { selfie_id: string; face_liveness?: number | null; number_of_faces: number };
    // A user token (what a browser holds) is told no score; the backend reads it from the report.
    expect(body).not.toHaveProperty('face_liveness');
    expect(body.number_of_faces).toBe(1);
    const r = await report();
    expect(r.selfies).toHaveLength(1);
    expect(r.selfies[0]).toMatchObject({ id: body.selfie_id, voided: false, liveness: expect.any(Number), number_of_faces: 1, challenge: null });
    expect(r.selfies[0]!.checks.map((c) => c.key)).toEqual(expect.arrayContaining(['only_one_face', 'face_size', 'sharpness', 'frontal']));
    const crop = await fetch(r.selfies[0]!.media.cropped_face.href, { headers: { authorization: `Bearer ${tA.user}` } });
    expect(crop.headers.get('content-type')).toBe('image/jpeg');
    expect([...new Uint8Array(await crop.arrayBuffer()).subarray(0, 2)]).toEqual([0xff, 0xd8]);
    const status = (await (await s.get('/user/status', tA.user)).json()) as { user: Record<string, unknown> };
    expect(status.user).toMatchObject({ state: 'SELFIE_VALID', selfies: 1, valid_selfies: 1 });
    expect(status.user).not.toHaveProperty('face_liveness');
    const forBackend = (await (await s.get('/user/status', tA.backend)).json()) as { user: Record<string, unknown> };
    expect(forBackend.user).toMatchObject({ face_liveness: r.selfies[0]!.liveness });
  });

  it('scores the live selfie video at 50 or more', async () => {
    expect((await report()).summary.face_liveness).toBeGreaterThanOrEqual(50);
  });

  it('voids the selfie (kept in the report) and re-enrolls', async () => {
    expect((await s.send('PATCH', '/user/selfie', tA.backend)).status).toBe(200);
    let r = await report();
    expect(r.selfies[0]!.voided).toBe(true);
    expect(r.summary.face_liveness).toBeNull();
    const status = (await (await s.get('/user/status', tA.backend)).json()) as { user: Record<string, unknown> };
    expect(status.user).toMatchObject({ state: 'SELFIE_VOIDED', valid_selfies: 0, cropped_face: null });
    expect(await errorOf(await s.send('PATCH', '/user/selfie', tA.backend))).toMatchObject({ status: 404, code: 'NO_SELFIE' });
    expect((await upload('/user/selfie', clip.enroll!, tA.user)).status).toBe(200);
    r = await report();
    expect(r.selfies.map((x) => x.voided)).toEqual([true, false]);
  });

  it('refuses to authenticate until enabled, then passes another clip of the same person', async () => {
    expect(await errorOf(await upload('/user/authenticate', clip.same!, tA.user))).toMatchObject({ status: 403, code: 'USER_NOT_AUTHORIZED' });
    expect((await s.send('POST', '/user/authentication/enable', tA.backend)).status).toBe(200);
    const res = await upload('/user/authenticate', clip.same!, tA.user);
    expect(res.status).toBe(200);
    authIds.same = ((await res.json()) as { authentication_id: string }).authentication_id;
    const auth = await getAuth(authIds.same);
    expect(auth.face_matching).toBeGreaterThanOrEqual(50);
    expect(auth.media.video.extension).toBe('mp4');
    const video = await fetch(auth.media.video.href, { headers: { authorization: `Bearer ${tA.backend}` } });
    expect(video.headers.get('content-type')).toBe('video/mp4');
    expect(Buffer.from(await video.arrayBuffer()).equals(readFileSync(clip.same!))).toBe(true);
  });

  it('gives the same-person clip a live score of 50 or more', async () => {
    expect((await getAuth(authIds.same!)).face_liveness).toBeGreaterThanOrEqual(50);
  });

  it('scores another person below 50 for matching', async () => {
    const res = await upload('/user/authenticate', clip.other!, tA.user);
    authIds.other = ((await res.json()) as { authentication_id: string }).authentication_id;
    expect((await getAuth(authIds.other)).face_matching).toBeLessThan(50);
  });

  it('scores a still-photo replay of the same person below 50 for liveness', async () => {
    const res = await upload('/user/authenticate', clip.replay!, tA.user);
    authIds.replay = ((await res.json()) as { authentication_id: string }).authentication_id;
    const auth = await getAuth(authIds.replay);
    expect(auth.face_liveness === null || auth.face_liveness < 50).toBe(true);
    expect(auth.face_liveness).not.toBeNull();
  });

  it('lists the authentications newest first', async () => {
    const list = (await (await s.get('/user/authentications?page_size=2', tA.backend)).json()) as { authentications: Auth[]; total: number; version: number };
    expect(list.total).toBe(3);
    expect(list.version).toBe(1);
    expect(list.authentications.map((a) => a.authentication_id)).toEqual([authIds.replay, authIds.other]);
  });

  it("keeps another user's tokens away from this user's media and authentications", async () => {
    const b = await s.createUser();
    const [bUser, bBackend] = [await s.userToken(b), await s.backendUserToken(b)];
    const auth = await getAuth(authIds.same!);
    const mediaPath = new URL(auth.media.video.href).pathname.replace('/onboarding', '');
    expect(await errorOf(await s.get(mediaPath, bUser))).toMatchObject({ status: 404, code: 'MEDIA_NOT_FOUND' });
    expect(await errorOf(await s.get(mediaPath, bBackend))).toMatchObject({ status: 404, code: 'MEDIA_NOT_FOUND' });
    expect(await errorOf(await s.get(`/user/authentication/${authIds.same}`, bBackend))).toMatchObject({ status: 404, code: 'AUTHENTICATION_NOT_FOUND' });
  });

  it('enrolls a still image with liveness null, shown as null in the report', async () => {
    const c = await s.createUser();
    const res = await upload('/user/selfie', clip.photo!, await s.backendUserToken(c), 'photo.jpg', 'image/jpeg');
    expect(await res.json()).toMatchObject({ face_liveness: null, number_of_faces: 1 });
    const r = ((await (await s.get('/user/report', await s.backendUserToken(c))).json()) as { report: Report }).report;
    expect(r.summary.face_liveness).toBeNull();
    expect(r.selfies[0]!.liveness).toBeNull();
  });

  it('keeps everything across a restart on the same data dir', async () => {
    const before = await report();
    await s.close();
    const again = await startTestServer({ dataDir: s.dataDir, apiKey: s.apiKey, requireChallenge: false });
    try {
      const r = ((await (await again.get('/user/report', tA.backend)).json()) as { report: Report }).report;
      expect(r.selfies.map((x) => x.id)).toEqual(before.selfies.map((x) => x.id));
      const auth = ((await (await again.get(`/user/authentication/${authIds.same}`, tA.backend)).json()) as { authentication: Auth }).authentication;
      expect(auth.face_matching).toBeGreaterThanOrEqual(50);
      const path = new URL(auth.media.video.href).pathname.replace('/onboarding', '');
      expect((await again.get(path, tA.user)).status).toBe(200);
      // Deleting the user removes every row and file of theirs.
      const filesBefore = (await again.mediaFiles()).length;
      expect((await again.send('DELETE', '/user', tA.backend)).status).toBe(200);
      expect((await again.mediaFiles()).length).toBe(filesBefore - 5); // 2 crops + 3 videos
      expect(await errorOf(await again.get(path, tA.user))).toMatchObject({ status: 404 });
    } finally {
      await again.close();
    }
  });
});
