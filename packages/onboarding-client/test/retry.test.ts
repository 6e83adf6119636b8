// Retry rules: only idempotent GETs, only on 502/503/504 and connection resets, with
// exponential backoff and jitter, Retry-After honoured up to a cap. Waits are recorded by an
// injected sleep, so nothing here depends on wall-clock time.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { apiError } from './support/fake-api.js';
import { startHarness, type Harness } from './support/harness.js';

let h: Harness;
let userId: string;
beforeAll(async () => {
  h = await startHarness();
  userId = h.api.newUserId();
});
afterAll(async () => {
  await h.api.close();
});
beforeEach(() => {
  h.api.reset();
  h.sleeps.waits.length = 0;
});

const busy = (retryAfter?: string) => ({
  ...apiError(503, 'BUSY', 'The face queue is full.'),
  ...(retryAfter ? { headers: { 'retry-after': retryAfter } } : {}),
});

describe('GET requests', () => {
  it('retries a 503 after the Retry-After the server asked for', async () => {
    const client = h.client();
    h.api.script('GET', '/user/report', busy('1'));
    const report = await client.getReport(userId);
    expect(report.user_id).toBe(userId);
    expect(h.api.calls('GET', '/user/report')).toHaveLength(2);
    expect(h.sleeps.waits).toEqual([1000]);
  });

  it('caps a long Retry-After at maxRetryDelayMs', async () => {
    const client = h.client({ maxRetryDelayMs: 3000 });
    h.api.script('GET', '/users', busy('3600'));
    await client.getUsers();
    expect(h.sleeps.waits).toEqual([3000]);
  });

  it('reads Retry-After given as an HTTP date', async () => {
    const client = h.client({ maxRetryDelayMs: 60_000 });
    h.api.script('GET', '/users', busy(new Date(Date.now() + 30_000).toUTCString()));
    await client.getUsers();
    expect(h.sleeps.waits).toHaveLength(1);
    expect(h.sleeps.waits[0]).toBeGreaterThan(25_000);
    expect(h.sleeps.waits[0]).toBeLessThanOrEqual(30_000);
  });

  it('backs off exponentially with jitter on 502 and 504, then gives up with the last error', async () => {
    const client = h.client({ retries: 3, retryBaseDelayMs: 100 });
    h.api.script(
      'GET', '/user/authentications',
      apiError(502, 'BAD_GATEWAY', 'Upstream down.'),
      apiError(504, 'GATEWAY_TIMEOUT', 'Upstream slow.'),
      apiError(502, 'BAD_GATEWAY', 'Upstream down.'),
      apiError(504, 'GATEWAY_TIMEOUT', 'Upstream slow.'),
    );
    const error = await client.getAuthentications(userId).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 504, code: 'GATEWAY_TIMEOUT', operation: 'getAuthentications' });
    expect(h.api.calls('GET', '/user/authentications')).toHaveLength(4);
    const [a, b, c] = h.sleeps.waits as [number, number, number];
    expect(h.sleeps.waits).toHaveLength(3);
    expect(a).toBeGreaterThanOrEqual(50);
    expect(a).toBeLessThanOrEqual(100);
    expect(b).toBeGreaterThanOrEqual(100);
    expect(b).toBeLessThanOrEqual(200);
    expect(c).toBeGreaterThanOrEqual(200);
    expect(c).toBeLessThanOrEqual(400);
  });

  it('stops after `retries` extra attempts; retries: 0 means one attempt', async () => {
    h.api.script('GET', '/users', busy(), busy(), busy(), busy());
    await expect(h.client().getUsers()).rejects.toMatchObject({ status: 503, code: 'BUSY' });
    expect(h.api.calls('GET', '/users')).toHaveLength(3);

    h.api.reset();
    h.api.script('GET', '/users', busy());
    const error = await h.client({ retries: 0 }).getUsers().catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 503, code: 'BUSY' });
    expect(h.api.calls('GET', '/users')).toHaveLength(1);
  });

  it('does not retry a 500 or a 4xx', async () => {
    const client = h.client();
    h.api.script('GET', '/user/status', apiError(500, 'INTERNAL', 'Boom.'));
    await expect(client.getUserStatus(userId)).rejects.toMatchObject({ status: 500 });
    h.api.script('GET', '/user/status', apiError(404, 'USER_NOT_FOUND', 'No such user.'));
    await expect(client.getUserStatus(userId)).rejects.toMatchObject({ status: 404 });
    expect(h.api.calls('GET', '/user/status')).toHaveLength(2);
    expect(h.sleeps.waits).toEqual([]);
  });

  it('retries a GET whose connection was reset', async () => {
    const client = h.client();
    h.api.script('GET', `/user/authentication/auth-9`, { destroy: true });
    const auth = await client.getAuthentication(userId, 'auth-9');
    expect(auth.authentication_id).toBe('auth-9');
    expect(h.api.calls('GET', '/user/authentication/auth-9')).toHaveLength(2);
    expect(h.sleeps.waits).toHaveLength(1);
  });

  it('retries the token requests too (they are GETs)', async () => {
    const client = h.client();
    h.api.script('GET', '/login_token', busy('2'));
    await client.getUsers();
    expect(h.api.calls('GET', '/login_token')).toHaveLength(2);
    expect(h.sleeps.waits).toEqual([2000]);
  });
});

describe('non-idempotent requests', () => {
  it('never retries a POST on 503', async () => {
    const client = h.client({ retries: 5 });
    await client.createUserToken(userId); // warm the login token
    h.api.script('POST', '/user/authenticate', busy('1'));
    const error = await client.authenticate(userId, Buffer.from('fake video')).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 503, code: 'BUSY', retryAfterMs: 1000, operation: 'authenticate' });
    expect(h.api.calls('POST', '/user/authenticate')).toHaveLength(1);
    expect(h.sleeps.waits).toEqual([]);
  });

  it('never retries a POST whose connection was reset', async () => {
    const client = h.client({ retries: 5 });
    h.api.script('POST', '/user', { destroy: true });
    await expect(client.createUser({ email: 'x@example.com' })).rejects.toMatchObject({ status: 0, code: 'NETWORK_ERROR' });
    expect(h.api.calls('POST', '/user')).toHaveLength(1);
  });

  it('never retries PATCH or DELETE on 502', async () => {
    const client = h.client();
    h.api.script('PATCH', '/user/selfie', apiError(502, 'BAD_GATEWAY', 'Down.'));
    h.api.script('DELETE', '/user/selfie', apiError(502, 'BAD_GATEWAY', 'Down.'));
    await expect(client.voidSelfie(userId)).rejects.toMatchObject({ status: 502 });
    await expect(client.deleteSelfie(userId)).rejects.toMatchObject({ status: 502 });
    expect(h.api.calls('PATCH', '/user/selfie')).toHaveLength(1);
    expect(h.api.calls('DELETE', '/user/selfie')).toHaveLength(1);
  });
});
