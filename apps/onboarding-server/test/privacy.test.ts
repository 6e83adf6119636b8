// The person's rights at the API: the published retention schedule and its
// configuration, the export of everything held about a user, the log of who
// downloaded which media (token kind and API key, never the token), and the
// withdrawal that destroys the biometrics and turns face login off.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';
import { createApiKey } from '../src/services/token-service.js';
import { storeFor } from './backend.js';
import { fixture, hasFixtures } from './fixtures.js';
import { apiHelpers, errorOf, startTestServer, videoForm, type TestServer } from './helpers.js';
import { frameOf } from './media.js';

type Access = { user_id: string; media_id: string; media_kind: string; token_kind: string; api_key: { id: string; name: string | null } | null };

describe('retention configuration', () => {
  it('reads the ages in days, with the defaults, and refuses bad values naming the variable', () => {
    expect(loadConfig({}).retention).toEqual({ authenticationVideoDays: 30, voidedSelfieDays: 30, challengeDays: 1 });
    expect(loadConfig({}).retentionSweepMs).toBe(60 * 60_000);
    const c = loadConfig({ ONBOARDING_RETENTION_AUTH_VIDEO_DAYS: '7', ONBOARDING_RETENTION_VOIDED_SELFIE_DAYS: '0', ONBOARDING_RETENTION_CHALLENGE_DAYS: '2', ONBOARDING_RETENTION_SWEEP_MINUTES: '5' });
    expect(c.retention).toEqual({ authenticationVideoDays: 7, voidedSelfieDays: 0, challengeDays: 2 });
    expect(c.retentionSweepMs).toBe(5 * 60_000);
    for (const [name, value] of [['ONBOARDING_RETENTION_AUTH_VIDEO_DAYS', '-1'], ['ONBOARDING_RETENTION_VOIDED_SELFIE_DAYS', '1.5'], ['ONBOARDING_RETENTION_CHALLENGE_DAYS', 'forever'], ['ONBOARDING_RETENTION_SWEEP_MINUTES', '0']]) {
      expect(() => loadConfig({ [name!]: value })).toThrow(ConfigError);
      expect(() => loadConfig({ [name!]: value })).toThrow(name);
    }
  });
});

describe.skipIf(!hasFixtures)('export, media downloads and withdrawal', () => {
  let s: TestServer;
  let dir: string;
  let photo = '';
  let userId = '';
  let other = '';

  const upload = async (path: string, token: string) => {
    const res = await s.send('POST', path, token, videoForm(readFileSync(photo), 'photo.jpg', 'image/jpeg'));
    expect(res.status).toBe(200);
    return (await res.json()) as Record<string, string>;
  };
  const exported = async () => {
    const res = await s.get('/user/export', await s.backendUserToken(userId));
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    return ((await res.json()) as { export: Record<string, any> }).export;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'onboarding-privacy-'));
    photo = frameOf(fixture('videos/real-selfie-5.mp4'), 1, join(dir, 'photo.jpg'));
    s = await startTestServer({ workers: 1, retention: { authenticationVideoDays: 14 } });
    userId = await s.createUser({ email: 'exports@example.com', first_name: 'Ex' });
    other = await s.createUser({ email: 'someone.else@example.com' });
    const bu = await s.backendUserToken(userId);
    await upload('/user/selfie', await s.userToken(userId));
    expect((await s.send('POST', '/user/authentication/enable', bu)).status).toBe(200);
    await upload('/user/authenticate', bu);
    await upload('/user/selfie', await s.userToken(other));
  });
  afterAll(async () => {
    await s?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('publishes the retention schedule without a token', async () => {
    const body = (await (await s.get('/retention')).json()) as { retention: Record<string, unknown> };
    expect(body.retention).toMatchObject({ authentication_video_days: 14, voided_selfie_days: 30, challenge_days: 1 });
  });

  it('exports the user, report, authentications with scores, every media and the schedule', async () => {
    const e = await exported();
    expect(e).toMatchObject({ version: 1, retention: { authentication_video_days: 14 }, user: { user_id: userId, email: 'exports@example.com', authorized: true } });
    expect(e.report.selfies).toHaveLength(1);
    expect(e.authentications).toHaveLength(1);
    expect(Object.keys(e.authentications[0])).toEqual(expect.arrayContaining(['face_liveness', 'face_matching', 'media_expires_at']));
    expect(e.media.map((m: { kind: string }) => m.kind).sort()).toEqual(['cropped_face', 'video']);
    for (const m of e.media) expect(m.href).toMatch(new RegExp(`/media/${m.id}/download$`));
    expect(JSON.stringify(e)).not.toContain(other);
  });

  it('records each media download with the token kind and the API key, and lists them newest first', async () => {
    // A second, named key, added to the server's own file as the CLI does.
    const store = await storeFor(s.dataDir);
    const named = await createApiKey(store, 'reviewer dashboard', new Date()).finally(() => store.close());
    const viaNamed = apiHelpers(s.url, named.key);
    const [crop, video] = ((await exported()).media as Array<{ id: string; kind: string }>).sort((a, b) => a.kind.localeCompare(b.kind));
    expect((await s.get(`/media/${crop!.id}/download`, await s.userToken(userId))).status).toBe(200);
    expect((await viaNamed.get(`/media/${video!.id}/download`, await viaNamed.backendUserToken(userId))).status).toBe(200);
    // Another user's token finds nothing and leaves no entry.
    expect((await s.get(`/media/${video!.id}/download`, await s.backendUserToken(other))).status).toBe(404);

    const page = (await (await s.get(`/media_access?user_id=${userId}`, await s.backendToken())).json()) as { media_access: Access[]; total: number };
    expect(page.total).toBe(2);
    expect(page.media_access.map((a) => [a.media_kind, a.token_kind, a.api_key?.name])).toEqual([
      ['video', 'backend_user', 'reviewer dashboard'],
      ['cropped_face', 'user', 'generated at start'],
    ]);
    expect(page.media_access[0]!.api_key!.id).toBe(named.row.id);
    const all = (await (await s.get('/media_access?page_size=1', await s.backendToken())).json()) as { media_access: Access[]; total: number };
    expect(all).toMatchObject({ total: 2, page_size: 1 });
    expect(all.media_access).toHaveLength(1);
    // The person sees the same log in the export; no token is stored anywhere in it.
    const e = await exported();
    expect(e.media_access).toHaveLength(2);
    expect(JSON.stringify(page)).not.toMatch(/eyJ/);
  });

  it('withdrawal: selfies and templates deleted, videos destroyed, scores kept, face login off', async () => {
    const bu = await s.backendUserToken(userId);
    const before = await exported();
    const res = await s.send('DELETE', '/user/biometrics', bu, JSON.stringify({ operator: 'the person', update_reasons: [{ reason: 'Consent withdrawn' }] }), { 'content-type': 'application/json' });
    expect(await res.json()).toEqual({ message: 'Ok', selfies_deleted: 1, videos_destroyed: 1 });
    const e = await exported();
    expect(e.report.selfies).toEqual([]);
    expect(e.user).toMatchObject({ authorized: false, state: 'NO_SELFIE', user_state: { value: 'NOT_STARTED', operator: 'the person', update_reasons: [{ reason: 'Consent withdrawn' }] } });
    expect(e.authentications[0]).toMatchObject({ face_liveness: before.authentications[0].face_liveness, face_matching: before.authentications[0].face_matching, media: {} });
    expect(e.authentications[0].media_destroyed_at).toEqual(expect.any(String));
    expect(e.media).toEqual([expect.objectContaining({ kind: 'video', href: null, destroyed_at: expect.any(String) })]);
    const video = e.media[0].id as string;
    expect(await errorOf(await s.get(`/media/${video}/download`, bu))).toMatchObject({ status: 410, code: 'MEDIA_DESTROYED' });
    expect(await errorOf(await s.send('POST', '/user/authenticate', bu, videoForm(readFileSync(photo), 'photo.jpg', 'image/jpeg')))).toMatchObject({ code: 'USER_NOT_AUTHORIZED' });
    // The other user is untouched; the person may enrol again.
    expect(await s.mediaFiles()).toHaveLength(1);
    await upload('/user/selfie', await s.userToken(userId));
    expect((await exported()).user).toMatchObject({ authorized: false, user_state: { value: 'TO_REVIEW' } });
  });
});
