// Users, listings with paging and filters, authorization flags, refusals
// that come before the face engine, and persistence across a restart.
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MEDIA_SWEEP_GRACE_MS } from '../src/server.js';
import { mediaStoreFor, onPostgres } from './backend.js';
import { errorOf, startTestServer, type TestServer } from './helpers.js';

let s: TestServer;
let backend: string;
beforeAll(async () => {
  s = await startTestServer();
  backend = await s.backendToken();
});
afterAll(() => s.stop());

type Page = { users: Array<Record<string, unknown>>; total: number; page: number; page_size: number };
const list = async (query: string, path = '/users') => {
  const res = await s.get(`${path}?${query}`, backend);
  expect(res.status).toBe(200);
  return (await res.json()) as Page;
};

describe('POST /user', () => {
  it('accepts JSON, urlencoded and multipart bodies', async () => {
    const json = await s.send('POST', '/user', backend, JSON.stringify({ email: 'json@example.com', first_name: 'Jay' }), { 'content-type': 'application/json' });
    const urlenc = await s.send('POST', '/user', backend, new URLSearchParams({ email: 'url@example.com', last_name: 'Ell' }));
    const form = new FormData();
    form.append('email', 'multi@example.com');
    const multi = await s.send('POST', '/user', backend, form);
    for (const res of [json, urlenc, multi]) expect(res.status).toBe(200);
    const id = ((await json.json()) as { user_id: string }).user_id;
    const status = (await (await s.get('/user/status', await s.backendUserToken(id))).json()) as { user: Record<string, unknown> };
    expect(status.user).toMatchObject({
      user_id: id, email: 'json@example.com', first_name: 'Jay', last_name: null, authorized: false, state: 'NO_SELFIE',
      face_liveness: null, selfies: 0, valid_selfies: 0, authentications: 0, last_selfie_at: null, last_authentication_at: null, cropped_face: null,
    });
  });
  it('creates a user with no fields at all', async () => {
    expect((await s.send('POST', '/user', backend)).status).toBe(200);
  });
  it('answers 400 INVALID_REQUEST naming the bad field', async () => {
    const bad = await s.send('POST', '/user', backend, JSON.stringify({ email: 'not-an-email' }), { 'content-type': 'application/json' });
    expect(await errorOf(bad)).toMatchObject({ status: 400, code: 'INVALID_REQUEST', details: { field: 'email' } });
    const broken = await s.send('POST', '/user', backend, '{"email":', { 'content-type': 'application/json' });
    expect(await errorOf(broken)).toMatchObject({ status: 400, code: 'INVALID_REQUEST' });
    const form = new FormData();
    form.append('email', new Blob(['x']), 'file.txt');
    expect(await errorOf(await s.send('POST', '/user', backend, form))).toMatchObject({ status: 400, code: 'INVALID_REQUEST', details: { field: 'email' } });
  });
});

describe('GET /users and /users/status', () => {
  const ids: string[] = [];
  beforeAll(async () => {
    for (const name of ['carol', 'alice', 'bob', 'dave']) ids.push(await s.createUser({ email: `${name}@list.test`, first_name: name }));
    await s.send('POST', '/user/authorize', await s.backendUserToken(ids[1]!));
  });
  it('pages newest first by default', async () => {
    const p1 = await list('page_size=2&filter_field=email&filter_value=@list.test');
    expect(p1).toMatchObject({ total: 4, page: 1, page_size: 2 });
    expect(p1.users.map((u) => u.user_id)).toEqual([ids[3], ids[2]]);
    const p2 = await list('page_size=2&page=2&filter_field=email&filter_value=@list.test');
    expect(p2.users.map((u) => u.user_id)).toEqual([ids[1], ids[0]]);
    expect(Object.keys(p2.users[0]!).sort()).toEqual(['created_at', 'email', 'first_name', 'last_name', 'user_id']);
  });
  it('sorts by email ascending and filters by authorized and state', async () => {
    const byEmail = await list('sort_by=email&descending=false&filter_field=email&filter_value=LIST.TEST');
    expect(byEmail.users.map((u) => u.first_name)).toEqual(['alice', 'bob', 'carol', 'dave']);
    const authorized = await list('authorized=true&filter_field=email&filter_value=@list.test', '/users/status');
    expect(authorized.users.map((u) => u.user_id)).toEqual([ids[1]]);
    expect(authorized.users[0]).toMatchObject({ authorized: true, state: 'NO_SELFIE' });
    const noSelfie = await list('filter_field=state&filter_value=NO_SELFIE&page_size=100', '/users/status');
    expect(noSelfie.users.every((u) => u.state === 'NO_SELFIE')).toBe(true);
    expect(noSelfie.total).toBeGreaterThanOrEqual(4);
    expect((await list('filter_field=state&filter_value=SELFIE_VALID', '/users/status')).total).toBe(0);
  });
  it('treats % and _ in the email filter literally', async () => {
    expect((await list('filter_field=email&filter_value=%25')).total).toBe(0);
  });
  it('answers 400 INVALID_REQUEST for bad query values', async () => {
    for (const [q, field] of [['page_size=101', 'page_size'], ['page=0', 'page'], ['sort_by=name', 'sort_by'], ['descending=maybe', 'descending'], ['filter_field=state&filter_value=HAPPY', 'filter_value']]) {
      expect(await errorOf(await s.get(`/users?${q}`, backend))).toMatchObject({ status: 400, code: 'INVALID_REQUEST', details: { field } });
    }
  });
});

describe('one user', () => {
  it('enables and disables authentication, with the aliases', async () => {
    const id = await s.createUser();
    const t = await s.backendUserToken(id);
    const authorized = async () => ((await (await s.get('/user/status', t)).json()) as { user: { authorized: boolean } }).user.authorized;
    for (const [path, want] of [['/user/authentication/enable', true], ['/user/authentication/disable', false], ['/user/authorize', true], ['/user/deauthorize', false]] as const) {
      const res = await s.send('POST', path, t);
      expect(await res.json()).toEqual({ message: 'Ok' });
      expect(await authorized()).toBe(want);
    }
  });
  it('has an empty report, no authentications and 404s before any selfie', async () => {
    const id = await s.createUser({ email: 'empty@example.com', first_name: 'Em' });
    const t = await s.backendUserToken(id);
    const { report } = (await (await s.get('/user/report', t)).json()) as { report: Record<string, unknown> };
    expect(report).toMatchObject({
      user_id: id, version: 1, selfies: [], documents: [], events: [],
      other_trusted_documents: [],
      summary: {
        result: { selfie_security: 'n/a', document_security: 'n/a', document_read: 'n/a', process_security: 'n/a' },
        face_liveness: null, face_matching: [], checks: [], devices: [], user_data: [], sessions: 0, sessions_until_first_succeeded_onboarding: null,
        external_user_data: { email: 'empty@example.com', first_name: 'Em', last_name: null },
        state: { value: 'NOT_STARTED', operator: null, update_reasons: null, updated_at: null },
      },
    });
    expect(await (await s.get('/user/authentications', t)).json()).toEqual({ authentications: [], total: 0, version: 1 });
    expect(await errorOf(await s.send('PATCH', '/user/selfie', t))).toMatchObject({ status: 404, code: 'NO_SELFIE' });
    expect((await s.send('DELETE', '/user/selfie', t)).status).toBe(200);
    expect(await errorOf(await s.get('/user/authentication/nope', t))).toMatchObject({ status: 404, code: 'AUTHENTICATION_NOT_FOUND' });
    expect(await errorOf(await s.get('/media/nope/download', t))).toMatchObject({ status: 404, code: 'MEDIA_NOT_FOUND' });
    expect(await errorOf(await s.get('/user/authentications?page_size=-1', t))).toMatchObject({ status: 400, details: { field: 'page_size' } });
  });
  it('refuses authentication when not enabled, then when no valid selfie', async () => {
    const id = await s.createUser();
    const t = await s.userToken(id);
    expect(await errorOf(await s.send('POST', '/user/authenticate', t, new FormData()))).toMatchObject({ status: 403, code: 'USER_NOT_AUTHORIZED' });
    await s.send('POST', '/user/authentication/enable', await s.backendUserToken(id));
    expect(await errorOf(await s.send('POST', '/user/authenticate', t, new FormData()))).toMatchObject({ status: 403, code: 'NO_VALID_SELFIE' });
  });
  it('deletes the user: then 404 USER_NOT_FOUND everywhere', async () => {
    const id = await s.createUser();
    const t = await s.backendUserToken(id);
    expect(await (await s.send('DELETE', '/user', t)).json()).toEqual({ message: 'Ok' });
    expect(await errorOf(await s.get('/user/status', t))).toMatchObject({ status: 404, code: 'USER_NOT_FOUND' });
    expect(await errorOf(await s.send('DELETE', '/user', t))).toMatchObject({ status: 404, code: 'USER_NOT_FOUND' });
    expect(await errorOf(await s.get(`/user_token/${id}`, await s.loginToken()))).toMatchObject({ status: 404, code: 'USER_NOT_FOUND' });
  });
});

describe('restart', () => {
  it('keeps users, API keys and the signing key, and sweeps what a crash left', async () => {
    const r1 = await startTestServer();
    const id = await r1.createUser({ email: 'persist@example.com' });
    await r1.send('POST', '/user/authorize', await r1.backendUserToken(id));
    const oldToken = await r1.backendUserToken(id);
    await r1.close();
    // What a crash mid-upload leaves: a temp upload and a media file whose row never committed.
    writeFileSync(join(r1.dataDir, 'tmp', 'upload-crashed'), 'partial');
    const media = await mediaStoreFor(r1.dataDir);
    await media.putBuffer(randomUUID(), Buffer.from('orphan'));
    await media.close();
    const r2 = await startTestServer({ dataDir: r1.dataDir, apiKey: r1.apiKey });
    try {
      const status = (await (await r2.get('/user/status', oldToken)).json()) as { user: Record<string, unknown> };
      expect(status.user).toMatchObject({ user_id: id, email: 'persist@example.com', authorized: true });
      expect((await r2.get('/login_token', undefined, { apikey: r1.apiKey })).status).toBe(200);
      expect(r2.tempFiles()).toEqual([]);
      // Alone on its data the orphan is garbage at once; on a shared store it may be
      // another instance's upload in flight, so it waits until it is an hour old.
      expect(await r2.mediaFiles()).toHaveLength(onPostgres ? 1 : 0);
    } finally {
      await r2.close();
    }
    const later = Date.now() + MEDIA_SWEEP_GRACE_MS + 60_000;
    const r3 = await startTestServer({ dataDir: r1.dataDir, apiKey: r1.apiKey, now: () => later });
    try {
      expect(await r3.mediaFiles()).toEqual([]);
    } finally {
      await r3.close();
      await r1.stop().catch(() => {});
    }
  });
});
