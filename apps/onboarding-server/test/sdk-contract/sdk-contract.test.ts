// The seed's flow and the user-management calls as Alice's Python SDK makes
// them (sdk-client.ts), against the real server and face engine: every JSON
// answer must fit what the SDK parses (sdk-models.schema.json, written from
// the SDK's models; README.md names the commits). The server runs with
// requireChallenge off: the SDK's authenticate_user sends no challenge_id
// (docs/CONTRACT.md, "Alice's SDKs").
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, hasFixtures } from '../fixtures.js';
import { startTestServer, type TestServer } from '../helpers.js';
import { frameOf, segment } from '../media.js';
import { expectFits, sdkClient } from './sdk-client.js';

type Report = { summary: Record<string, unknown>; selfies: Array<{ id: string; voided: boolean; liveness: number | null }> };
type Status = { user: { authorized: boolean; user_state: { value: string; operator: string | null; update_reasons: unknown }; device: unknown } };

describe.skipIf(!hasFixtures)("Alice's Python SDK against the self-hosted server", () => {
  let s: TestServer;
  let sdk: ReturnType<typeof sdkClient>;
  let dir: string;
  const clip = { live: '', photo: '', login: '' };
  let userId = '';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'onboarding-sdk-'));
    const src = fixture('videos/real-selfie-2.mp4');
    clip.live = segment(src, 0, 2, join(dir, 'enroll.mp4'));
    clip.login = segment(src, 2, 2, join(dir, 'login.mp4'));
    clip.photo = frameOf(src, 1, join(dir, 'photo.jpg'));
    s = await startTestServer({ workers: 1, maxQueue: 2, requireChallenge: false });
    sdk = sdkClient(s.url, s.apiKey);
  });
  afterAll(async () => {
    await s?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs the seed flow: create, selfie, report, void under 50, enable, authenticate, read it', async () => {
    const created = await sdk.json<{ user_id: string }>('create_user', await sdk.send('POST', '/user', await sdk.backend(), sdk.form({
      first_name: 'Ada', last_name: 'Lovelace', email: 'ada@example.com',
      device_platform: 'Android', device_platform_version: '14', device_model: 'Pixel 8', flow_id: 'ignored-flow',
    })));
    userId = created.user_id;
    const bu = await sdk.backendUser(userId);
    const report = async () =>
      (await sdk.json<{ report: Report }>('create_report', await sdk.get('/user/report', bu, { 'Alice-Report-Version': '1' }))).report;

    // A still photo has no liveness (null, under 50): the backend voids it, as the seed does.
    expect((await sdk.send('POST', '/user/selfie', await sdk.user(userId), sdk.video(clip.photo, true))).status).toBe(200);
    expect((await report()).selfies[0]!.liveness).toBeNull();
    expect((await sdk.send('PATCH', '/user/selfie', bu)).status).toBe(200);
    expect((await sdk.send('POST', '/user/selfie', await sdk.user(userId), sdk.video(clip.live, true))).status).toBe(200);
    const r = await report();
    expect(r.selfies.map((x) => x.voided)).toEqual([true, false]);
    expect(r.summary).toMatchObject({
      external_user_data: { first_name: 'Ada', last_name: 'Lovelace', email: 'ada@example.com' },
      devices: [{ platform: 'Android', platform_version: '14', model: 'Pixel 8' }],
      user_data: [],
      state: { value: 'TO_REVIEW' },
    });
    expect(await sdk.json('get_user_state', await sdk.get('/user/state', bu))).toBe('TO_REVIEW');

    expect((await sdk.send('POST', '/user/authentication/enable', bu)).status).toBe(200);
    expect(await sdk.json('get_user_state', await sdk.get('/user/state', bu))).toBe('ACCEPTED');
    const { authentication_id: id } = await sdk.json<{ authentication_id: string }>('authenticate_user',
      await sdk.send('POST', '/user/authenticate', await sdk.user(userId), sdk.video(clip.login, false)));
    const { authentication } = await sdk.json<{ authentication: { face_matching: number; media: { video: { href: string } } } }>('get_authentication',
      await sdk.get(`/user/authentication/${id}`, bu, { 'Alice-Authentication-Version': '1' }));
    expect(authentication.face_matching).toBeGreaterThanOrEqual(50);
    // download(href): the media href read back with the backend token with user id.
    expect((await sdk.get(new URL(authentication.media.video.href).pathname.replace(/^\/onboarding/, ''), bu)).status).toBe(200);
    const all = await sdk.json<{ authentications: unknown[]; total: number }>('get_authentications',
      await sdk.get('/user/authentications?page=1&page_size=0&descending=True', bu, { 'Alice-Authentication-Version': '1' }));
    expect(all).toMatchObject({ total: 1, authentications: [expect.objectContaining({ authentication_id: id })] });
    expect(await sdk.json('get_authentications_ids', await sdk.get('/user/authentications/ids', bu))).toEqual({ authentication_ids: [id] });
  });

  it('runs the user-management calls: status, lists, stats, state, deletion', async () => {
    const backend = await sdk.backend();
    const bu = await sdk.backendUser(userId);
    const status = await sdk.json<Status>('get_user_status', await sdk.get('/user/status', await sdk.user(userId)));
    expect(status.user).toMatchObject({ authorized: true, user_state: { value: 'ACCEPTED', operator: 'auto' }, device: { platform: 'Android', platform_version: '14', model: 'Pixel 8' } });
    const other = (await sdk.json<{ user_id: string }>('create_user', await sdk.send('POST', '/user', backend))).user_id;

    // get_users_status() with its defaults: authorized=False lists every user, not only those without face login.
    const page = await sdk.json<{ users: Array<{ user_id: string }>; total: number }>('get_users_status',
      await sdk.get('/users/status?page=1&page_size=10&descending=True&authorized=False', backend));
    expect(page.users.map((u) => u.user_id).sort()).toEqual([userId, other].sort());
    const authorized = await sdk.json<{ users: Array<{ user_id: string }> }>('get_users_status',
      await sdk.get('/users/status?page=1&page_size=0&descending=False&authorized=True&filter_field=state&filter_value=ACCEPTED', backend));
    expect(authorized.users.map((u) => u.user_id)).toEqual([userId]);
    expect((await sdk.json<{ users: unknown[] }>('get_users', await sdk.get('/users', backend))).users).toHaveLength(2);
    expect(await sdk.json('get_users_stats', await sdk.get('/users/stats', backend))).toEqual({
      stats: { total: 2, authorized: 1, with_selfie: 1, with_valid_selfie: 1, states: { NOT_STARTED: 1, IN_PROGRESS: 0, TO_REVIEW: 0, ACCEPTED: 1, REJECTED: 0 } },
    });

    // update_user_state(user_id, REJECTED, operator, update_reasons): face login goes off with it.
    const reasons = [{ reason: 'The face does not match the document we hold.' }];
    const patched = await sdk.send('PATCH', '/user/state', bu, JSON.stringify({ state: 'REJECTED', update_reasons: reasons, operator: 'reviewer@example.com' }), { 'content-type': 'application/json' });
    expect(patched.status).toBe(200);
    expect(await sdk.json('get_user_state', await sdk.get('/user/state', bu))).toBe('REJECTED');
    const after = await sdk.json<Status>('get_user_status', await sdk.get('/user/status', await sdk.user(userId)));
    expect(after.user).toMatchObject({ authorized: false, user_state: { value: 'REJECTED', operator: 'reviewer@example.com', update_reasons: reasons } });
    expect((await sdk.send('POST', '/user/authenticate', await sdk.user(userId), sdk.video(clip.login, false))).status).toBe(403);
    // The same call with the SDK's defaults (operator "auto", update_reasons None) accepts again.
    const accepted = await sdk.send('PATCH', '/user/state', bu, JSON.stringify({ state: 'ACCEPTED', update_reasons: null, operator: 'auto' }), { 'content-type': 'application/json' });
    expect(accepted.status).toBe(200);
    expect((await sdk.json<Status>('get_user_status', await sdk.get('/user/status', bu))).user).toMatchObject({ authorized: true, user_state: { value: 'ACCEPTED', update_reasons: null } });

    // delete_selfie(user_id, selfie_id), then delete_user: both answer 200.
    const { report } = await sdk.json<{ report: Report }>('create_report', await sdk.get('/user/report', bu));
    expect((await sdk.send('DELETE', `/user/selfie/${report.selfies[0]!.id}`, bu)).status).toBe(200);
    expect((await sdk.json<{ report: Report }>('create_report', await sdk.get('/user/report', bu))).report.selfies).toHaveLength(1);
    expect((await sdk.send('DELETE', '/user', bu)).status).toBe(200);
    const gone = await sdk.get('/user/state', await sdk.backendUser(other));
    expect(await sdk.json('get_user_state', gone)).toBe('NOT_STARTED');
  });

  it('answers the out-of-scope calls with 501 NOT_SUPPORTED naming the feature', async () => {
    const backend = await sdk.backend();
    const calls: Array<[string, string, string]> = [
      ['GET', '/documents/supported', 'documents'], ['POST', '/user/document', 'documents'], ['PUT', '/user/document', 'documents'],
      ['DELETE', '/user/document/d1', 'documents'], ['PATCH', '/user/document/d1', 'documents'], ['POST', '/user/document/properties', 'documents'],
      ['POST', '/user/other-trusted-document', 'documents'], ['PATCH', '/user/other-trusted-document/d1', 'documents'], ['DELETE', '/user/other-trusted-document/d1', 'documents'],
      ['POST', '/user/certificate', 'certificates'], ['GET', '/user/certificate/c1', 'certificates'], ['GET', '/user/certificates', 'certificates'],
      ['GET', '/user/screening/search', 'screening'], ['GET', '/user/screening/search/detail', 'screening'], ['GET', '/user/screening/monitor', 'screening'], ['DELETE', '/user/screening/monitor', 'screening'],
      ['POST', '/user/identify', 'identification'], ['GET', '/user/match?match_case=selfie', 'identification'],
      ['POST', '/duplicates/search', 'duplicates'], ['GET', '/duplicates/search/s1', 'duplicates'], ['GET', '/duplicates/searches', 'duplicates'],
      ['GET', '/flow', 'flows'], ['GET', '/flow?flow_id=f1', 'flows'], ['GET', '/flows', 'flows'], ['POST', '/flow', 'flows'], ['PATCH', '/flow', 'flows'], ['DELETE', '/flow?flow_id=f1', 'flows'],
      ['GET', '/user/flow', 'flows'], ['PATCH', '/user/flow/f1', 'flows'], ['POST', '/user/feedback', 'feedback'],
      ['POST', '/sandbox/user', 'sandbox'], ['GET', '/sandbox/user/token', 'sandbox'],
    ];
    for (const [method, path, feature] of calls) {
      const res = await sdk.send(method, path, backend);
      const body = (await res.json()) as { error: { code: string; message: string; details: unknown } };
      expectFits('error', body);
      expect({ call: `${method} ${path}`, status: res.status, code: body.error.code, details: body.error.details }).toEqual({ call: `${method} ${path}`, status: 501, code: 'NOT_SUPPORTED', details: { feature } });
      expect(body.error.message).toMatch(/^[A-Z1].* not supported by the self-hosted onboarding server/);
    }
    expect((await sdk.get('/no-such-endpoint', backend)).status).toBe(404);
  });
});
