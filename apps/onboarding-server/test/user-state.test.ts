// The user state of Alice's SDKs without the face engine: ACCEPTED follows
// face login, REJECTED sticks until changed, the other states must match the
// selfies (409 otherwise, nothing changed); who made each change is kept; the
// query strings of the SDKs (Python booleans, page_size=0, unknown parameters)
// are read; stats and authentication ids. With selfies: sdk-contract/.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorOf, startTestServer, type TestServer } from './helpers.js';

let s: TestServer;
let backend: string;
beforeAll(async () => {
  s = await startTestServer();
  backend = await s.backendToken();
});
afterAll(() => s.stop());

type UserState = { value: string; operator: string | null; update_reasons: unknown; updated_at: string | null };
const json = { 'content-type': 'application/json' };

async function userWithToken(fields: Record<string, string> = {}) {
  const id = await s.createUser(fields);
  const t = await s.backendUserToken(id);
  const state = async () => (await (await s.get('/user/state', t)).json()) as string;
  const status = async () => ((await (await s.get('/user/status', t)).json()) as { user: { authorized: boolean; user_state: UserState; device: unknown } }).user;
  const patch = (body: unknown) => s.send('PATCH', '/user/state', t, JSON.stringify(body), json);
  return { id, t, state, status, patch };
}

describe('user state', () => {
  it('starts NOT_STARTED and follows face login, recording who changed it and why', async () => {
    const u = await userWithToken();
    expect(await u.state()).toBe('NOT_STARTED');
    expect((await u.status()).user_state).toEqual({ value: 'NOT_STARTED', operator: null, update_reasons: null, updated_at: null });
    const reasons = [{ reason: 'Checked by hand' }];
    expect((await s.send('POST', '/user/authentication/enable', u.t, JSON.stringify({ operator: 'lead@example.com', update_reasons: reasons }), json)).status).toBe(200);
    expect(await u.status()).toMatchObject({ authorized: true, user_state: { value: 'ACCEPTED', operator: 'lead@example.com', update_reasons: reasons } });
    expect((await s.send('POST', '/user/deauthorize', u.t)).status).toBe(200);
    expect(await u.status()).toMatchObject({ authorized: false, user_state: { value: 'NOT_STARTED', operator: 'auto', update_reasons: null } });
  });

  it('PATCH /user/state: ACCEPTED enables face login, REJECTED disables it and sticks', async () => {
    const u = await userWithToken();
    expect((await u.patch({ state: 'ACCEPTED', update_reasons: null, operator: 'auto' })).status).toBe(200);
    expect((await u.status()).authorized).toBe(true);
    expect((await u.patch({ state: 'REJECTED', operator: 'reviewer' })).status).toBe(200);
    expect(await u.status()).toMatchObject({ authorized: false, user_state: { value: 'REJECTED', operator: 'reviewer' } });
    expect(await errorOf(await s.send('POST', '/user/authenticate', await s.userToken(u.id), new FormData()))).toMatchObject({ status: 403, code: 'USER_NOT_AUTHORIZED' });
    expect((await u.patch({ state: 'NOT_STARTED' })).status).toBe(200);
    expect(await u.state()).toBe('NOT_STARTED');
  });

  it('refuses a state the selfies contradict with 409, changing nothing', async () => {
    const u = await userWithToken();
    await u.patch({ state: 'ACCEPTED', operator: 'first' });
    for (const state of ['TO_REVIEW', 'IN_PROGRESS']) {
      expect(await errorOf(await u.patch({ state, operator: 'second' }))).toMatchObject({ status: 409, code: 'STATE_CONFLICT', details: { state: 'NOT_STARTED' } });
    }
    expect(await u.status()).toMatchObject({ authorized: true, user_state: { value: 'ACCEPTED', operator: 'first' } });
  });

  it('answers 400 naming the field for a bad body, 404 for a deleted user', async () => {
    const u = await userWithToken();
    for (const [body, field] of [[{}, 'state'], [{ state: 'accepted' }, 'state'], [{ state: 'ACCEPTED', update_reasons: 'no' }, 'update_reasons'], [{ state: 'ACCEPTED', update_reasons: [{ a: 1 }] }, 'update_reasons'], [{ state: 'ACCEPTED', operator: '' }, 'operator']] as const) {
      expect(await errorOf(await u.patch(body))).toMatchObject({ status: 400, code: 'INVALID_REQUEST', details: { field } });
    }
    expect(await errorOf(await s.send('POST', '/user/authentication/enable', u.t, JSON.stringify({ operator: 'x'.repeat(201) }), json))).toMatchObject({ status: 400, details: { field: 'operator' } });
    await s.send('DELETE', '/user', u.t);
    expect(await errorOf(await u.patch({ state: 'ACCEPTED' }))).toMatchObject({ status: 404, code: 'USER_NOT_FOUND' });
    expect(await errorOf(await s.get('/user/state', u.t))).toMatchObject({ status: 404, code: 'USER_NOT_FOUND' });
  });
});

describe('what the SDKs send and read', () => {
  it('stores device_info, ignores flow_id, and returns the device in the status', async () => {
    const u = await userWithToken({ first_name: 'Dev', device_platform: 'iOS', device_model: 'iPhone 15', flow_id: 'f' });
    expect((await u.status()).device).toEqual({ platform: 'iOS', platform_version: null, model: 'iPhone 15' });
    expect((await (await userWithToken()).status()).device).toBeNull();
  });

  it('reads Python booleans, page_size=0 as every row, authorized=False as no filter, and ignores unknown parameters', async () => {
    const ids = [(await userWithToken({ email: 'p1@py.test' })).id, (await userWithToken({ email: 'p2@py.test' })).id];
    await s.send('POST', '/user/authorize', await s.backendUserToken(ids[0]!));
    const page = async (q: string) => {
      const res = await s.get(`/users/status?${q}&filter_field=email&filter_value=py.test`, backend);
      expect(res.status).toBe(200);
      return ((await res.json()) as { users: Array<{ user_id: string }> }).users.map((x) => x.user_id);
    };
    expect(await page('page=1&page_size=10&descending=True&authorized=False')).toEqual([ids[1], ids[0]]);
    expect(await page('page=1&page_size=0&descending=FALSE&authorized=True&wait=1')).toEqual([ids[0]]);
    expect(await page('page_size=1&page=2&descending=False')).toEqual([ids[1]]);
    const byState = await s.get('/users/status?filter_field=user_state&filter_value=ACCEPTED&page_size=0', backend);
    expect(((await byState.json()) as { users: Array<{ user_id: string }> }).users.map((x) => x.user_id)).toContain(ids[0]);
    expect(await errorOf(await s.get('/users?filter_field=user_state&filter_value=SELFIE_VALID', backend))).toMatchObject({ status: 400, details: { field: 'filter_value' } });
  });

  it('counts users by state and lists no authentication ids before any', async () => {
    const before = ((await (await s.get('/users/stats', backend)).json()) as { stats: { total: number; states: Record<string, number> } }).stats;
    const u = await userWithToken();
    await u.patch({ state: 'REJECTED' });
    const after = ((await (await s.get('/users/stats', backend)).json()) as { stats: { total: number; states: Record<string, number> } }).stats;
    expect(after.total).toBe(before.total + 1);
    expect(after.states.REJECTED).toBe(before.states.REJECTED! + 1);
    expect(Object.values(after.states).reduce((a, b) => a + b, 0)).toBe(after.total);
    expect(await (await s.get('/user/authentications/ids', u.t)).json()).toEqual({ authentication_ids: [] });
    expect(await errorOf(await s.send('DELETE', '/user/selfie/nope', u.t))).toMatchObject({ status: 404, code: 'SELFIE_NOT_FOUND' });
  });

  it('lets a browser send Alice-User-Agent to the user-token endpoints of an allowed origin', async () => {
    const origin = 'http://app.test';
    const c = await startTestServer({ corsOrigins: [origin] });
    try {
      const res = await c.send('OPTIONS', '/user/selfie', undefined, undefined, { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, alice-user-agent' });
      expect(res.status).toBe(204);
      expect(res.headers.get('access-control-allow-headers')?.toLowerCase().split(', ')).toContain('alice-user-agent');
    } finally {
      await c.stop();
    }
  });
});
