import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, hasFixtures } from '../../../../test-support/fixtures.js';
import { Agent } from './http-agent.js';
import { REVIEWER, startStack } from './stack.js';
import type { Stack } from './stack.js';

// Every decision reaches the real onboarding server (real face engine on a
// real selfie clip), and each writes an audit entry.
describe.skipIf(!hasFixtures)('decisions against the real onboarding server', () => {
  let stack: Stack;
  let agent: Agent;
  let alice: string;
  let bob: string;

  beforeAll(async () => {
    stack = await startStack();
    alice = await stack.client.createUser({ email: 'alice@example.com', firstName: 'Alice' });
    await stack.client.addSelfie(alice, fixture('videos/real-selfie-1.mp4'));
    bob = await stack.client.createUser({ email: 'bob@example.com' });
    agent = new Agent(stack.admin.url);
    expect((await agent.signIn(REVIEWER.email, REVIEWER.password)).status).toBe(200);
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('lists the enrollment awaiting review with its face, liveness and checks', async () => {
    const res = await agent.get('/api/enrollments?state=awaiting');
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(1);
    const row = res.body.rows[0];
    expect(row).toMatchObject({ user_id: alice, email: 'alice@example.com', name: 'Alice', state: 'SELFIE_VALID', authorized: false });
    // Whatever the engine scored (a number, or null when it could not), shown as the onboarding server reports it.
    expect(row.face_liveness).toBe((await stack.client.getUserStatus(alice)).face_liveness);
    expect(row.checks.length).toBeGreaterThan(0);
    expect(row.cropped_face_url).toMatch(new RegExp(`^/api/users/${alice}/media/[\\w-]+$`));
    expect((await agent.get('/api/enrollments?state=no_selfie')).body.rows.map((r: { user_id: string }) => r.user_id)).toEqual([bob]);
    expect((await agent.get('/api/enrollments?state=all&q=bob@example.com')).body.rows.map((r: { user_id: string }) => r.user_id)).toEqual([bob]);
  });

  it('proxies the cropped face without exposing a token or caching it', async () => {
    const row = (await agent.get('/api/enrollments?state=awaiting')).body.rows[0];
    const face = await agent.get(row.cropped_face_url);
    expect(face.status).toBe(200);
    expect(face.headers.get('content-type')).toMatch(/^image\/jpeg/);
    expect(face.headers.get('cache-control')).toBe('no-store');
    expect((face.body as Buffer).subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
    expect((await new Agent(stack.admin.url).get(row.cropped_face_url)).status).toBe(401);
  });

  it('records who viewed the media: the reviewer in the audit log, the admin\'s API key at the API', async () => {
    const row = (await agent.get('/api/enrollments?state=awaiting')).body.rows[0];
    const mediaId = String(row.cropped_face_url).split('/').at(-1);
    const views = (await agent.get(`/api/audit?action=view_media&user=${alice}`)).body;
    expect(views.entries[0]).toMatchObject({ action: 'view_media', reviewer_email: REVIEWER.email, user_id: alice, media_id: mediaId, outcome: 'success' });
    const missing = await agent.get(`/api/users/${alice}/media/00000000-0000-4000-8000-000000000000`);
    expect(missing.status).toBe(404);
    expect((await agent.get('/api/audit?action=view_media&outcome=failure')).body.entries[0]).toMatchObject({ media_id: '00000000-0000-4000-8000-000000000000', error_code: 'MEDIA_NOT_FOUND' });
    const api = (await agent.get(`/api/media-access?user=${alice}`)).body;
    expect(api.entries[0]).toMatchObject({ user_id: alice, media_id: mediaId, media_kind: 'cropped_face', token_kind: 'backend_user', api_key: { name: expect.any(String) } });
    expect(JSON.stringify(api)).not.toMatch(/eyJ/);
  });

  it('authorizes: the onboarding server enables face login and the audit log records it', async () => {
    const res = await agent.post(`/api/enrollments/${alice}/decisions`, { action: 'authorize', reason: 'Matches the ID photo' });
    expect(res.status).toBe(200);
    expect(res.body.entry).toMatchObject({ action: 'authorize', user_id: alice, user_email: 'alice@example.com', outcome: 'success', reviewer_email: REVIEWER.email, reason: 'Matches the ID photo' });
    expect(await stack.client.getUserStatus(alice)).toMatchObject({
      authorized: true,
      user_state: { value: 'ACCEPTED', operator: REVIEWER.email, update_reasons: [{ reason: 'Matches the ID photo' }] },
    });
    expect((await agent.get('/api/enrollments?state=awaiting')).body.total).toBe(0);
    expect((await agent.get('/api/enrollments?state=authorized')).body.rows[0].user_id).toBe(alice);
  });

  it('shows selfies, report and the login history with both scores and a proxied video', async () => {
    await stack.client.authenticate(alice, fixture('videos/real-selfie-2.mp4'));
    const res = await agent.get(`/api/enrollments/${alice}`);
    expect(res.status).toBe(200);
    const detail = res.body;
    expect(detail.selfies).toHaveLength(1);
    expect(detail.selfies[0].checks.length).toBeGreaterThan(0);
    expect(detail.report).toMatchObject({ user_id: alice, version: 1 });
    expect(JSON.stringify(detail.report)).not.toContain(stack.onboardingUrl);
    expect(detail.authentications_total).toBe(1);
    const login = detail.authentications[0];
    const upstream = await stack.client.getAuthentication(alice, login.authentication_id);
    expect(login).toMatchObject({ face_matching: upstream.face_matching, face_liveness: upstream.face_liveness });
    expect(typeof login.face_matching).toBe('number');
    expect(login.passed).toBe(login.face_matching >= 50 && login.face_liveness !== null && login.face_liveness >= 50);
    const video = await agent.get(login.video_url);
    expect(video.status).toBe(200);
    expect(video.headers.get('content-type')).toMatch(/^video\//);
  });

  it("passes each selfie's and login's challenge result through: null when passive, else as the onboarding server reports it", async () => {
    let detail = (await agent.get(`/api/enrollments/${alice}`)).body;
    expect(detail.selfies[0].challenge).toBeNull();
    expect(detail.authentications[0].challenge).toBeNull();
    const challenge = await stack.client.createChallenge(alice);
    const id = await stack.client.authenticate(alice, fixture('videos/real-selfie-2.mp4'), { challengeId: challenge.challenge_id });
    const upstream = (await stack.client.getAuthentication(alice, id)).challenge;
    expect(upstream?.steps.map((s) => ({ kind: s.kind, start: s.window_start, end: s.window_end }))).toEqual(challenge.steps);
    detail = (await agent.get(`/api/enrollments/${alice}`)).body;
    expect(detail.authentications.find((a: { authentication_id: string }) => a.authentication_id === id).challenge).toEqual(upstream);
  });

  it('revokes and voids the selfie on the onboarding server', async () => {
    expect((await agent.post(`/api/enrollments/${alice}/decisions`, { action: 'revoke' })).status).toBe(200);
    expect((await stack.client.getUserStatus(alice)).authorized).toBe(false);
    expect((await agent.post(`/api/enrollments/${alice}/decisions`, { action: 'void_selfie', reason: 'Blurry' })).status).toBe(200);
    expect(await stack.client.getUserStatus(alice)).toMatchObject({ state: 'SELFIE_VOIDED', user_state: { value: 'IN_PROGRESS', operator: REVIEWER.email, update_reasons: [{ reason: 'Blurry' }] } });
    expect((await agent.get('/api/enrollments?state=voided')).body.rows.map((r: { user_id: string }) => r.user_id)).toEqual([alice]);
    const detail = (await agent.get(`/api/enrollments/${alice}`)).body;
    expect(detail.selfies[0].voided).toBe(true);
  });

  it('passes on a state conflict from the onboarding server and audits it as a failure', async () => {
    const res = await agent.post(`/api/enrollments/${bob}/decisions`, { action: 'void_selfie' });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('NO_SELFIE');
    const audit = await agent.get(`/api/audit?user=${bob}`);
    expect(audit.body.entries[0]).toMatchObject({ action: 'void_selfie', outcome: 'failure', error_code: 'NO_SELFIE', user_email: 'bob@example.com' });
  });

  it('deletes a user only with the typed email', async () => {
    const wrong = await agent.post(`/api/enrollments/${bob}/decisions`, { action: 'delete_user', confirm_email: 'bob@example.org' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.code).toBe('CONFIRMATION_MISMATCH');
    expect((await stack.client.getUserStatus(bob)).email).toBe('bob@example.com');

    const ok = await agent.post(`/api/enrollments/${bob}/decisions`, { action: 'delete_user', confirm_email: 'BOB@example.com', reason: 'Asked to be forgotten' });
    expect(ok.status).toBe(200);
    await expect(stack.client.getUserStatus(bob)).rejects.toMatchObject({ status: 404, code: 'USER_NOT_FOUND' });
    const missing = await agent.get(`/api/enrollments/${bob}`);
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('USER_NOT_FOUND');
  });

  it('keeps the whole trail, filterable by action and user', async () => {
    const all = (await agent.get('/api/audit')).body;
    expect(all.entries.map((e: { action: string; outcome: string }) => `${e.action}:${e.outcome}`)).toEqual([
      'delete_user:success',
      'void_selfie:failure',
      'void_selfie:success',
      'revoke:success',
      'view_media:success', // the login video
      'authorize:success',
      'view_media:failure', // a media id the user does not have
      'view_media:success', // the face crop
    ]);
    const authorizations = (await agent.get('/api/audit?action=authorize&user=alice@')).body;
    expect(authorizations.total).toBe(1);
    expect(authorizations.entries[0].user_id).toBe(alice);
  });
});
