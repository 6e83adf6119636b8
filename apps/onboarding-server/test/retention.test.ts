// The retention sweep with a fake clock: each authentication video, voided
// selfie (crop and template) and expired challenge goes exactly when its age
// reaches the configured retention, not a millisecond before; valid selfies
// stay; rows and scores stay, and what the API shows (media link, expiry and
// destruction times) still fits the SDK's models. Plus the sweep's timer.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeFor } from './backend.js';
import { fixture, hasFixtures } from './fixtures.js';
import { errorOf, startTestServer, videoForm, type TestServer } from './helpers.js';
import { frameOf } from './media.js';
import { expectFits } from './sdk-contract/sdk-client.js';

const DAY = 24 * 60 * 60 * 1000;
const T0 = Date.parse('2030-01-01T00:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();

type Selfie = { id: string; voided: boolean; liveness: number | null; media: { cropped_face?: { href: string } }; media_expires_at: string | null; media_destroyed_at: string | null };
type Auth = { authentication_id: string; face_liveness: number | null; face_matching: number | null; media: { video?: { href: string } }; media_expires_at: string; media_destroyed_at: string | null };

describe.skipIf(!hasFixtures)('retention sweep', () => {
  let s: TestServer;
  let dir: string;
  let photo = '';
  let t = T0;
  let userId = '';
  const auths: string[] = [];

  const bu = () => s.backendUserToken(userId);
  const upload = async (path: string) => {
    const res = await s.send('POST', path, await bu(), videoForm(readFileSync(photo), 'photo.jpg', 'image/jpeg'));
    expect(res.status).toBe(200);
    return (await res.json()) as Record<string, string>;
  };
  const selfies = async () => ((await (await s.get('/user/report', await bu())).json()) as { report: { selfies: Selfie[] } }).report.selfies;
  const auth = async (id: string) => {
    const body = (await (await s.get(`/user/authentication/${id}`, await bu())).json()) as { authentication: Auth };
    expectFits('get_authentication', body);
    return body.authentication;
  };
  /** Bytes of each selfie's stored template, oldest first (0 once destroyed). */
  const templateBytes = async () => {
    const store = await storeFor(s.dataDir);
    try {
      return (await store.listSelfies(userId)).map((r) => (r.template ? r.template.byteLength : 0));
    } finally {
      await store.close();
    }
  };
  /** Sets the clock and sweeps: what it destroyed. */
  const sweepAt = async (ms: number) => {
    t = ms;
    const r = (await s.sweepRetention())!;
    return { videos: r.authenticationVideos, selfies: r.selfies, challenges: r.challenges, files: r.mediaIds.length };
  };
  const nothing = { videos: 0, selfies: 0, challenges: 0, files: 0 };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'onboarding-retention-'));
    photo = frameOf(fixture('videos/real-selfie-5.mp4'), 1, join(dir, 'photo.jpg'));
    s = await startTestServer({
      workers: 1, maxQueue: 2, now: () => t, tokenRateLimit: false,
      retention: { authenticationVideoDays: 30, voidedSelfieDays: 10, challengeDays: 1 },
    });
    userId = await s.createUser({ email: 'kept.briefly@example.com' });
    // T0: selfie 1, voided at once; a challenge (expires T0 + 60 s).
    await upload('/user/selfie');
    expect((await s.send('PATCH', '/user/selfie', await bu())).status).toBe(200);
    expect((await s.send('POST', '/user/challenge', await bu())).status).toBe(200);
    // T0 + 1 day: selfie 2 voided; selfie 3 stays valid; face login on; authentication 1.
    t = T0 + DAY;
    await upload('/user/selfie');
    expect((await s.send('PATCH', '/user/selfie', await bu())).status).toBe(200);
    t = T0 + DAY + 1; // a millisecond later: the report lists selfies by time, and ids break ties at random
    await upload('/user/selfie');
    t = T0 + DAY;
    expect((await s.send('POST', '/user/authentication/enable', await bu())).status).toBe(200);
    auths.push((await upload('/user/authenticate')).authentication_id!);
    // T0 + 2 days: authentication 2.
    t = T0 + 2 * DAY;
    auths.push((await upload('/user/authenticate')).authentication_id!);
  });
  afterAll(async () => {
    await s?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows when each item\'s media will be destroyed', async () => {
    expect((await selfies()).map((x) => [x.media_expires_at, x.media_destroyed_at])).toEqual([
      [iso(T0 + 10 * DAY), null], [iso(T0 + 11 * DAY), null], [null, null],
    ]);
    expect((await auth(auths[0]!)).media_expires_at).toBe(iso(T0 + 31 * DAY));
    expect((await auth(auths[1]!)).media_expires_at).toBe(iso(T0 + 32 * DAY));
    expect(await s.mediaFiles()).toHaveLength(5);
  });

  it('deletes a challenge once it has been expired for the challenge retention', async () => {
    expect(await sweepAt(T0 + 60_000 + DAY - 1)).toEqual(nothing);
    expect(await sweepAt(T0 + 60_000 + DAY)).toEqual({ ...nothing, challenges: 1 });
  });

  it('destroys each voided selfie\'s crop and template when its retention is reached, keeping the row', async () => {
    const [first, second] = await selfies();
    expect(await sweepAt(T0 + 10 * DAY - 1)).toEqual(nothing);
    expect(await sweepAt(T0 + 10 * DAY)).toEqual({ ...nothing, selfies: 1, files: 1 });
    const now = await selfies();
    expect(now[0]).toEqual({ ...first, media: {}, media_destroyed_at: iso(T0 + 10 * DAY) });
    expect(now[1]).toEqual(second);
    expect((await templateBytes()).map((n) => n > 0)).toEqual([false, true, true]);
    const crop = new URL(first!.media.cropped_face!.href).pathname.replace('/onboarding', '');
    expect(await errorOf(await s.get(crop, await bu()))).toMatchObject({ status: 410, code: 'MEDIA_DESTROYED' });

    expect(await sweepAt(T0 + 11 * DAY - 1)).toEqual(nothing);
    expect(await sweepAt(T0 + 11 * DAY)).toEqual({ ...nothing, selfies: 1, files: 1 });
    expect((await templateBytes()).map((n) => n > 0)).toEqual([false, false, true]);
  });

  it('destroys each authentication video when its retention is reached; scores stay', async () => {
    const [a1, a2] = [await auth(auths[0]!), await auth(auths[1]!)];
    expect(await sweepAt(T0 + 31 * DAY - 1)).toEqual(nothing);
    expect(await sweepAt(T0 + 31 * DAY)).toEqual({ ...nothing, videos: 1, files: 1 });
    expect(await auth(auths[0]!)).toEqual({ ...a1, media: {}, media_destroyed_at: iso(T0 + 31 * DAY) });
    expect(await auth(auths[1]!)).toEqual(a2);
    expect(await sweepAt(T0 + 32 * DAY - 1)).toEqual(nothing);
    expect(await sweepAt(T0 + 32 * DAY)).toEqual({ ...nothing, videos: 1, files: 1 });
    expect((await auth(auths[1]!)).media).toEqual({});
  });

  it('keeps the valid selfie whatever its age', async () => {
    expect(await sweepAt(T0 + 3650 * DAY)).toEqual(nothing);
    const valid = (await selfies())[2]!;
    expect(valid).toMatchObject({ voided: false, media_expires_at: null, media_destroyed_at: null });
    expect(await s.mediaFiles()).toHaveLength(1);
    expect((await templateBytes())[2]).toBeGreaterThan(0);
  });
});

describe.skipIf(!hasFixtures)('retention sweep timer', () => {
  it('runs on its own at the configured interval', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'onboarding-retention-timer-'));
    let t = T0;
    const s = await startTestServer({ workers: 1, now: () => t, retention: { voidedSelfieDays: 1 }, retentionSweepMs: 100 });
    try {
      const photo = frameOf(fixture('videos/real-selfie-5.mp4'), 1, join(dir, 'photo.jpg'));
      const userId = await s.createUser();
      const bu = await s.backendUserToken(userId);
      expect((await s.send('POST', '/user/selfie', bu, videoForm(readFileSync(photo), 'photo.jpg', 'image/jpeg'))).status).toBe(200);
      expect((await s.send('PATCH', '/user/selfie', bu)).status).toBe(200);
      t = T0 + DAY;
      await expect.poll(async () => (await s.mediaFiles()).length, { timeout: 10_000 }).toBe(0);
    } finally {
      await s.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
