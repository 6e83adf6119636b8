// What goes on the wire for every method: HTTP method, path, query, token kind, and body.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { OnboardingClient } from '../src/index.js';
import type { Recorded } from './support/fake-api.js';
import { startHarness, type Harness } from './support/harness.js';

let h: Harness;
let client: OnboardingClient;
let userId: string;
beforeAll(async () => {
  h = await startHarness();
  client = h.client();
  userId = h.api.newUserId();
});
afterAll(async () => {
  await h.api.close();
});
beforeEach(() => h.api.reset());

/** The one request the last call made to the endpoint (token requests aside). */
function only(method: string, path: string): Recorded {
  const calls = h.api.calls(method, path);
  expect(calls).toHaveLength(1);
  return calls[0]!;
}

function expectUserToken(req: Recorded, kind = 'backend_user'): void {
  expect(req.token).toMatchObject({ kind, sub: userId });
  expect(req.headers.authorization).toMatch(/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
}

describe('users', () => {
  it('createUser: POST /user, backend token, multipart fields only for what is given', async () => {
    const id = await client.createUser({ email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace' });
    expect(id).toMatch(/^user-\d+$/);
    const req = only('POST', '/user');
    expect(req.token?.kind).toBe('backend');
    expect(req.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(Object.fromEntries(req.form!.entries())).toEqual({ email: 'ada@example.com', first_name: 'Ada', last_name: 'Lovelace' });

    h.api.reset();
    await client.createUser();
    expect([...only('POST', '/user').form!.keys()]).toEqual([]);

    h.api.reset();
    await client.createUser({ device: { platform: 'iOS', model: 'iPhone 15' } });
    expect(Object.fromEntries(only('POST', '/user').form!.entries())).toEqual({ device_platform: 'iOS', device_model: 'iPhone 15' });
  });

  it('getUsersStats: GET /users/stats, backend token, unwraps `stats`', async () => {
    expect(await client.getUsersStats()).toMatchObject({ total: 2, authorized: 1, states: { ACCEPTED: 1, NOT_STARTED: 1 } });
    expect(only('GET', '/users/stats').token?.kind).toBe('backend');
  });

  it('getUserState reads the bare JSON string; updateUserState sends JSON {state, operator, update_reasons}', async () => {
    await expect(client.getUserState(userId)).resolves.toBe('TO_REVIEW');
    expectUserToken(only('GET', '/user/state'));
    const reasons = [{ reason: 'Checked by hand' }];
    await client.updateUserState(userId, 'REJECTED', { operator: 'lead@example.com', updateReasons: reasons });
    const req = only('PATCH', '/user/state');
    expectUserToken(req);
    expect(req.headers['content-type']).toBe('application/json');
    expect(JSON.parse(req.body.toString())).toEqual({ state: 'REJECTED', operator: 'lead@example.com', update_reasons: reasons });
  });

  it('deleteUser: DELETE /user with the user\'s backend token', async () => {
    const doomed = h.api.newUserId();
    await client.deleteUser(doomed);
    expect(only('DELETE', '/user').token).toMatchObject({ kind: 'backend_user', sub: doomed });
  });

  it('getUserStatus: GET /user/status, unwraps `user`', async () => {
    const status = await client.getUserStatus(userId);
    expect(status).toMatchObject({ user_id: userId, authorized: true, state: 'SELFIE_VALID', face_liveness: 87.5 });
    expectUserToken(only('GET', '/user/status'));
  });

  it('getUsers: GET /users with snake_case query, camelCase page', async () => {
    const page = await client.getUsers({
      page: 2, pageSize: 50, descending: false, authorized: true, sortBy: 'email', filterField: 'email', filterValue: 'a@b.c',
    });
    const req = only('GET', '/users');
    expect(req.token?.kind).toBe('backend');
    expect(Object.fromEntries(req.query)).toEqual({
      page: '2', page_size: '50', descending: 'false', authorized: 'true', sort_by: 'email', filter_field: 'email', filter_value: 'a@b.c',
    });
    expect(page).toMatchObject({ page: 2, pageSize: 50, total: page.users.length });
    expect(page.users[0]).toMatchObject({ user_id: expect.any(String), email: null });
  });

  it('getUsers without a query sends no query string', async () => {
    await client.getUsers();
    expect([...only('GET', '/users').query.keys()]).toEqual([]);
  });

  it('getUsersStatus: GET /users/status', async () => {
    const page = await client.getUsersStatus({ filterField: 'state', filterValue: 'SELFIE_VALID' });
    const req = only('GET', '/users/status');
    expect(req.query.get('filter_field')).toBe('state');
    expect(page.users[0]).toMatchObject({ authorized: true, cropped_face: { extension: 'jpeg' } });
  });
});

describe('selfies and report', () => {
  it('addSelfie: POST /user/selfie, multipart `video` with name and type, optional challenge_id', async () => {
    const mp4 = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypisom'), Buffer.alloc(32)]);
    const result = await client.addSelfie(userId, mp4, { challengeId: 'ch-1' });
    expect(result).toEqual({ selfie_id: 'selfie-1', face_liveness: 87.5, number_of_faces: 1 });
    const req = only('POST', '/user/selfie');
    expectUserToken(req);
    const video = req.form!.get('video') as File;
    expect(video).toBeInstanceOf(Blob);
    expect(video.name).toBe('media.mp4');
    expect(video.type).toBe('video/mp4');
    expect(Buffer.from(await video.arrayBuffer()).equals(mp4)).toBe(true);
    expect(req.form!.get('challenge_id')).toBe('ch-1');
  });

  it('voidSelfie: PATCH /user/selfie; deleteSelfie: DELETE /user/selfie, or one by id', async () => {
    await client.voidSelfie(userId);
    await client.deleteSelfie(userId);
    expectUserToken(only('PATCH', '/user/selfie'));
    expect(only('PATCH', '/user/selfie').body.length).toBe(0);
    expectUserToken(only('DELETE', '/user/selfie'));
    await client.deleteSelfie(userId, 's/1');
    expectUserToken(only('DELETE', `/user/selfie/${encodeURIComponent('s/1')}`));
    h.api.reset();
    await client.voidSelfie(userId, { operator: 'lead@example.com' });
    expect(JSON.parse(only('PATCH', '/user/selfie').body.toString())).toEqual({ operator: 'lead@example.com' });
  });

  it('getReport: GET /user/report, unwraps `report`', async () => {
    const report = await client.getReport(userId);
    expect(report).toMatchObject({ user_id: userId, version: 1, summary: { face_liveness: 87.5 } });
    expect(report.selfies[0]?.media.cropped_face?.href).toBe(`${h.api.url}/media/face-1/download`);
    expectUserToken(only('GET', '/user/report'));
  });
});

describe('authorization and authentication', () => {
  it.each([
    ['enableAuthentication', '/user/authentication/enable'],
    ['disableAuthentication', '/user/authentication/disable'],
    ['authorizeUser', '/user/authorize'],
    ['deauthorizeUser', '/user/deauthorize'],
  ] as const)('%s: POST %s', async (method, path) => {
    await expect(client[method](userId)).resolves.toBeUndefined();
    expectUserToken(only('POST', path));
  });

  it('enableAuthentication and disableAuthentication send who decided, when given', async () => {
    await client.enableAuthentication(userId, { operator: 'lead@example.com', updateReasons: [{ reason: 'ok' }] });
    expect(JSON.parse(only('POST', '/user/authentication/enable').body.toString())).toEqual({ operator: 'lead@example.com', update_reasons: [{ reason: 'ok' }] });
  });

  it('getAuthenticationIds: GET /user/authentications/ids, unwraps `authentication_ids`', async () => {
    await expect(client.getAuthenticationIds(userId)).resolves.toEqual(['auth-2', 'auth-1']);
    expectUserToken(only('GET', '/user/authentications/ids'));
  });

  it('authenticate: POST /user/authenticate with multipart `video`, returns the id', async () => {
    const webm = Buffer.from([0x1a, 0x45, 0xdf, 0xa3, 1, 2, 3, 4]);
    await expect(client.authenticate(userId, webm)).resolves.toBe('auth-1');
    const req = only('POST', '/user/authenticate');
    expectUserToken(req);
    expect((req.form!.get('video') as File).type).toBe('video/webm');
    expect(req.form!.has('challenge_id')).toBe(false);
  });

  it('uploads as the user, naming the end client, when asked (a backend forwarding a browser\'s recording)', async () => {
    const webm = Buffer.from([0x1a, 0x45, 0xdf, 0xa3, 1, 2, 3, 4]);
    await client.authenticate(userId, webm, { asUser: true, clientAddress: '203.0.113.9', challengeId: 'ch-2' });
    const req = only('POST', '/user/authenticate');
    expectUserToken(req, 'user');
    expect(req.headers['x-forwarded-for']).toBe('203.0.113.9');
    expect(req.form!.get('challenge_id')).toBe('ch-2');
    await client.addSelfie(userId, webm, { asUser: true });
    expectUserToken(only('POST', '/user/selfie'), 'user');
    await expect(client.authenticate(userId, webm, { clientAddress: 'not-an-address' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/^The clientAddress must be/) });
  });

  it('getAuthentications: GET /user/authentications with paging query', async () => {
    const page = await client.getAuthentications(userId, { page: 3, pageSize: 5, descending: true });
    const req = only('GET', '/user/authentications');
    expectUserToken(req);
    expect(Object.fromEntries(req.query)).toEqual({ page: '3', page_size: '5', descending: 'true' });
    expect(page).toMatchObject({ total: 1, version: 1, authentications: [{ authentication_id: 'auth-1' }] });
  });

  it('getAuthentication: GET /user/authentication/{id}, id escaped, unwraps `authentication`', async () => {
    const auth = await client.getAuthentication(userId, 'a/b c');
    expect(auth).toMatchObject({ authentication_id: 'a/b c', face_liveness: 91, face_matching: null });
    expect(auth.challenge).toBeUndefined(); // the hosted API sends no challenge result
    expectUserToken(only('GET', `/user/authentication/${encodeURIComponent('a/b c')}`));
  });
});

describe('media, health and tokens', () => {
  it('downloadMedia by id: GET /media/{id}/download, raw bytes and content type', async () => {
    const media = await client.downloadMedia(userId, 'video-1');
    expect(media.contentType).toBe('video/mp4');
    expect(media.data.toString()).toBe('bytes of video-1');
    expectUserToken(only('GET', '/media/video-1/download'));
  });

  it('downloadMedia by href: requests the same path on the configured base URL only', async () => {
    const media = await client.downloadMedia(userId, 'https://elsewhere.example/onboarding/media/face-7/download');
    expect(media.data.toString()).toBe('bytes of face-7');
    expect(only('GET', '/media/face-7/download').headers.host).toBe(new URL(h.api.url).host);
    await expect(client.downloadMedia(userId, 'https://x.example/other')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('healthcheck: GET /healthcheck without any token', async () => {
    await expect(client.healthcheck()).resolves.toEqual({ status: 'ok', version: '0.0.0-test' });
    const req = only('GET', '/healthcheck');
    expect(req.headers.authorization).toBeUndefined();
    expect(req.headers.apikey).toBeUndefined();
  });

  it('createUserToken: GET /user_token/{id} with the login token', async () => {
    const other = h.api.newUserId();
    await client.createUserToken(other);
    expect(only('GET', `/user_token/${other}`).token?.kind).toBe('login');
  });

  it('rejects an empty user id before sending anything', async () => {
    await expect(client.getReport('')).rejects.toMatchObject({ status: 0, code: 'INVALID_ARGUMENT', operation: 'getReport' });
    await expect(client.addSelfie(' ', Buffer.from('x'))).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(h.api.requests).toHaveLength(0);
  });
});
