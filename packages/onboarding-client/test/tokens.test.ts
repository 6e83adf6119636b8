// Token life cycle: caching until 60 s before exp, single-flight, and the one retry on 401.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { OnboardingApiError } from '../src/index.js';
import { apiError } from './support/fake-api.js';
import { startHarness, type Harness } from './support/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.api.close();
});
beforeEach(() => {
  h.api.reset();
  h.sleeps.waits.length = 0;
});

describe('token caching', () => {
  it('gets the login token with the API key header and reuses every token while valid', async () => {
    const client = h.client();
    const userId = h.api.newUserId();
    await client.getReport(userId);
    await client.getReport(userId);
    await client.getUsers();
    await client.getUsers();
    const login = h.api.calls('GET', '/login_token');
    expect(login).toHaveLength(1);
    expect(login[0]!.headers.apikey).toBe(h.api.apiKey);
    expect(login[0]!.headers.authorization).toBeUndefined();
    expect(h.api.calls('GET', `/backend_token/${userId}`)).toHaveLength(1);
    expect(h.api.calls('GET', '/backend_token')).toHaveLength(1);
    expect(h.api.calls('GET', '/user/report')).toHaveLength(2);
  });

  it('keeps a token until 60 s before its exp, then fetches a new one', async () => {
    const client = h.client();
    await client.getUsers();
    const issued = h.api.tokens.issued.at(-1)!;
    expect(issued.kind).toBe('backend');
    // 61 s before exp: still cached.
    h.clock.ms = (issued.exp - 61) * 1000;
    await client.getUsers();
    expect(h.api.calls('GET', '/backend_token')).toHaveLength(1);
    // 60 s before exp: renewed (the login token is as old, so it is renewed too).
    h.clock.ms = (issued.exp - 60) * 1000;
    await client.getUsers();
    expect(h.api.calls('GET', '/backend_token')).toHaveLength(2);
    expect(h.api.calls('GET', '/login_token')).toHaveLength(2);
    expect(h.api.calls('GET', '/users').map((r) => r.token?.iat)).toEqual([issued.iat, issued.iat, issued.iat + 3540]);
  });

  it('keeps one token per user and per kind', async () => {
    const client = h.client();
    const [a, b] = [h.api.newUserId(), h.api.newUserId()];
    await Promise.all([client.getReport(a), client.getReport(b), client.getReport(a)]);
    expect(h.api.calls('GET', `/backend_token/${a}`)).toHaveLength(1);
    expect(h.api.calls('GET', `/backend_token/${b}`)).toHaveLength(1);
    const reports = h.api.calls('GET', '/user/report');
    expect(reports.map((r) => r.token?.sub).sort()).toEqual([a, a, b]);
    expect(reports.every((r) => r.token?.kind === 'backend_user')).toBe(true);
  });

  it('hands out a user token for the browser, cached like the others', async () => {
    const client = h.client();
    const userId = h.api.newUserId();
    const first = await client.createUserToken(userId);
    const second = await client.createUserToken(userId);
    expect(second).toBe(first);
    const claims = JSON.parse(Buffer.from(first.split('.')[1]!, 'base64url').toString()) as { kind: string; sub: string };
    expect(claims).toMatchObject({ kind: 'user', sub: userId });
    expect(h.api.calls('GET', `/user_token/${userId}`)).toHaveLength(1);
  });
});

describe('single-flight', () => {
  it('shares one token request among concurrent calls', async () => {
    const client = h.client();
    const userId = h.api.newUserId();
    await Promise.all(Array.from({ length: 10 }, () => client.getReport(userId)));
    expect(h.api.calls('GET', '/login_token')).toHaveLength(1);
    expect(h.api.calls('GET', `/backend_token/${userId}`)).toHaveLength(1);
    expect(h.api.calls('GET', '/user/report')).toHaveLength(10);
  });

  it('shares a failure too, and tries again on the next call', async () => {
    const client = h.client();
    h.api.script('GET', '/backend_token', apiError(500, 'INTERNAL', 'Broken.'));
    const results = await Promise.allSettled([client.getUsers(), client.getUsers(), client.getUsers()]);
    expect(results.every((r) => r.status === 'rejected' && (r.reason as OnboardingApiError).code === 'INTERNAL')).toBe(true);
    expect(h.api.calls('GET', '/backend_token')).toHaveLength(1);
    await expect(client.getUsers()).resolves.toMatchObject({ total: expect.any(Number) });
    expect(h.api.calls('GET', '/backend_token')).toHaveLength(2);
  });
});

describe('401 handling', () => {
  it('drops the refused token, gets a new one and retries once', async () => {
    const client = h.client();
    const userId = h.api.newUserId();
    await client.getReport(userId);
    h.api.tokens.rotateKey(); // every cached token is now refused with 401 INVALID_TOKEN
    const report = await client.getReport(userId);
    expect(report.user_id).toBe(userId);
    expect(h.api.calls('GET', '/user/report')).toHaveLength(3);
    expect(h.api.calls('GET', '/login_token')).toHaveLength(2);
    expect(h.api.calls('GET', `/backend_token/${userId}`)).toHaveLength(3);
  });

  it('retries a 401 from an endpoint once, then reports it', async () => {
    const client = h.client();
    const userId = h.api.newUserId();
    h.api.script('POST', '/user/authentication/enable', apiError(401, 'TOKEN_EXPIRED', 'The token has expired.'));
    await client.enableAuthentication(userId);
    expect(h.api.calls('POST', '/user/authentication/enable')).toHaveLength(2);

    const expired = apiError(401, 'TOKEN_EXPIRED', 'The token has expired.');
    h.api.script('POST', '/user/authentication/enable', expired, expired, expired);
    const error = await client.enableAuthentication(userId).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OnboardingApiError);
    expect(error).toMatchObject({ status: 401, code: 'TOKEN_EXPIRED', operation: 'enableAuthentication' });
    expect(h.api.calls('POST', '/user/authentication/enable')).toHaveLength(4);
  });

  it('does not retry a refused API key', async () => {
    const client = h.client({ apiKey: 'wrong-key' });
    const error = await client.getUsers().catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 401, code: 'INVALID_API_KEY', operation: 'getUsers' });
    expect(h.api.calls('GET', '/login_token')).toHaveLength(1);
    expect(h.api.calls('GET', '/users')).toHaveLength(0);
  });

  it('does not retry a 403 (wrong kind is not an expired token)', async () => {
    const client = h.client();
    h.api.script('GET', '/users', apiError(403, 'WRONG_TOKEN_KIND', 'This endpoint needs a backend token.'));
    await expect(client.getUsers()).rejects.toMatchObject({ status: 403, code: 'WRONG_TOKEN_KIND' });
    expect(h.api.calls('GET', '/users')).toHaveLength(1);
  });
});

describe('tokens the client cannot read', () => {
  it('uses a token without a readable exp for one call only', async () => {
    const client = h.client();
    h.api.script('GET', '/login_token', { body: { token: 'opaque-token' } }, { body: { token: 'opaque-token' } });
    // The fake refuses the opaque login token with 401, so the client fetches another and fails.
    await expect(client.getUsers()).rejects.toMatchObject({ status: 401, code: 'INVALID_TOKEN' });
    expect(h.api.calls('GET', '/login_token')).toHaveLength(2);
    await client.getUsers();
    expect(h.api.calls('GET', '/login_token')).toHaveLength(3);
  });

  it('evicts the oldest tokens beyond maxCachedTokens', async () => {
    const client = h.client({ maxCachedTokens: 2 });
    const [a, b, c] = [h.api.newUserId(), h.api.newUserId(), h.api.newUserId()];
    await client.getReport(a); // cache, least recently used first: login, a
    await client.getReport(b); // login, b (a evicted)
    await client.getReport(b); // b is still cached
    await client.getReport(c); // login, c (b evicted)
    await client.getReport(a); // a was evicted: fetched again
    expect(h.api.calls('GET', `/backend_token/${a}`)).toHaveLength(2);
    expect(h.api.calls('GET', `/backend_token/${b}`)).toHaveLength(1);
    // The login token is used for every fetch, so it is never the one evicted.
    expect(h.api.calls('GET', '/login_token')).toHaveLength(1);
  });
});

