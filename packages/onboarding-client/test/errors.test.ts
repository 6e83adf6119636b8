// Every failure is one OnboardingApiError with status, code, message, operation, details and
// cause: API errors by status, malformed bodies, timeouts, refused connections.
import { createServer } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { OnboardingApiError, type OnboardingClient } from '../src/index.js';
import { apiError } from './support/fake-api.js';
import { startHarness, type Harness } from './support/harness.js';

let h: Harness;
let client: OnboardingClient;
let userId: string;
beforeAll(async () => {
  h = await startHarness();
  client = h.client({ retries: 0 });
  userId = h.api.newUserId();
});
afterAll(async () => {
  await h.api.close();
});
beforeEach(() => h.api.reset());

async function failure(promise: Promise<unknown>): Promise<OnboardingApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OnboardingApiError);
  expect(error).toBeInstanceOf(Error);
  return error as OnboardingApiError;
}

describe('API errors by status', () => {
  const cases = [
    [400, 'INVALID_REQUEST', 'The field email is not an email address.', { field: 'email' }],
    [401, 'INVALID_TOKEN', 'The token is not valid.', undefined],
    [403, 'USER_NOT_AUTHORIZED', 'Face login is not enabled for this user.', undefined],
    [404, 'USER_NOT_FOUND', 'No such user.', undefined],
    [409, 'ALREADY_ENABLED', 'Authentication is already enabled.', { state: 'enabled' }],
    [413, 'TOO_LARGE', 'The upload is larger than 20 MB.', { limit: 20971520 }],
    [422, 'NO_FACE', 'No usable face was found in the video.', undefined],
    [429, 'TOO_MANY_ATTEMPTS', 'Too many failed attempts.', undefined],
    [500, 'INTERNAL', 'Something went wrong.', undefined],
    [503, 'BUSY', 'The face queue is full.', undefined],
  ] as const;

  it.each(cases)('%i %s keeps status, code, message and details', async (status, code, message, details) => {
    const answer = apiError(status, code, message, details);
    // A 401 is retried once with a fresh token, so it must be answered twice.
    h.api.script('POST', '/user/authenticate', ...(status === 401 ? [answer, answer] : [answer]));
    const error = await failure(client.authenticate(userId, Buffer.from('video bytes')));
    expect(error).toMatchObject({ name: 'OnboardingApiError', status, code, message, operation: 'authenticate' });
    expect(error.details).toEqual(details);
    expect(error).not.toHaveProperty('response');
  });

  it('carries Retry-After of 429 and 503 as retryAfterMs', async () => {
    h.api.script('GET', '/user/report', { ...apiError(429, 'TOO_MANY_ATTEMPTS', 'Slow down.'), headers: { 'retry-after': '900' } });
    expect(await failure(client.getReport(userId))).toMatchObject({ status: 429, retryAfterMs: 900_000 });
  });

  it('gives a stable code when the body is not the contract\'s error shape', async () => {
    h.api.script('POST', '/user', { status: 502, raw: '<html>Bad gateway</html>' });
    expect(await failure(client.createUser())).toMatchObject({
      status: 502, code: 'BAD_GATEWAY', message: 'The Onboarding API answered 502.', operation: 'createUser',
    });
    h.api.script('PATCH', '/user/selfie', { status: 409, body: { message: 'Selfie already voided.' } });
    expect(await failure(client.voidSelfie(userId))).toMatchObject({ status: 409, code: 'CONFLICT', message: 'Selfie already voided.' });
  });

  it('reports a failed token request under the calling method', async () => {
    const fresh = h.client({ retries: 0 });
    h.api.script('GET', `/backend_token/${userId}`, apiError(404, 'USER_NOT_FOUND', 'No such user.'));
    expect(await failure(fresh.getReport(userId))).toMatchObject({ status: 404, code: 'USER_NOT_FOUND', operation: 'getReport' });
  });
});

describe('malformed responses', () => {
  it('a 200 that is not JSON is INVALID_RESPONSE', async () => {
    h.api.script('GET', '/user/report', { status: 200, raw: 'definitely not json' });
    expect(await failure(client.getReport(userId))).toMatchObject({ status: 200, code: 'INVALID_RESPONSE', operation: 'getReport' });
  });

  it('a 200 without the wrapped object is INVALID_RESPONSE', async () => {
    h.api.script('GET', '/user/authentication/x', { body: { authentication: null } });
    h.api.script('POST', '/user', { body: { id: 'no user_id here' } });
    h.api.script('GET', '/users', { body: { users: 'nope', total: 1 } });
    expect(await failure(client.getAuthentication(userId, 'x'))).toMatchObject({ code: 'INVALID_RESPONSE' });
    expect(await failure(client.createUser())).toMatchObject({ code: 'INVALID_RESPONSE' });
    expect(await failure(client.getUsers())).toMatchObject({ code: 'INVALID_RESPONSE' });
  });

  it('a token response without a token is INVALID_RESPONSE', async () => {
    const fresh = h.client({ retries: 0 });
    h.api.script('GET', '/login_token', { body: { tok: 'x' } });
    expect(await failure(fresh.getUsers())).toMatchObject({ code: 'INVALID_RESPONSE', operation: 'getUsers' });
  });
});

describe('timeouts and network faults', () => {
  it('a server that never answers is TIMEOUT (status 0) with the abort as cause', async () => {
    const slow = h.client({ timeoutMs: 1000 });
    await slow.getUsers(); // tokens first, so the hang hits the endpoint
    h.api.script('GET', '/user/report', { hang: true });
    const error = await failure(slow.getReport(userId));
    expect(error).toMatchObject({ status: 0, code: 'TIMEOUT', operation: 'getReport' });
    expect(error.message).toMatch(/^The Onboarding API did not answer within 1000 ms\.$/);
    expect(error.cause).toBeDefined();
    expect(h.api.calls('GET', '/user/report')).toHaveLength(1); // timeouts are not retried
  });

  it('a body that stalls halfway is TIMEOUT too', async () => {
    const slow = h.client({ timeoutMs: 1000 });
    h.api.script('GET', '/user/report', { stallBody: true });
    expect(await failure(slow.getReport(userId))).toMatchObject({ status: 0, code: 'TIMEOUT' });
  });

  it('a refused connection is NETWORK_ERROR with the socket error as cause', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = probe.address() as { port: number };
        probe.close(() => resolve(free));
      });
    });
    const offline = h.client({ baseUrl: `http://127.0.0.1:${port}/onboarding` });
    const error = await failure(offline.healthcheck());
    expect(error).toMatchObject({ status: 0, code: 'NETWORK_ERROR', operation: 'healthcheck' });
    expect(error.message).toContain('ECONNREFUSED');
    expect(JSON.stringify(error.cause, Object.getOwnPropertyNames(error.cause))).toContain('ECONNREFUSED');
  });

  it('uses the fetch given in the options, and maps what it throws', async () => {
    const seen: string[] = [];
    const spy = h.client({ fetch: (input, init) => (seen.push(String(input)), fetch(input, init)) });
    await spy.healthcheck();
    expect(seen).toEqual([`${h.api.url}/healthcheck`]);
    const broken = h.client({ fetch: () => Promise.reject(new TypeError('fetch failed')) });
    expect(await failure(broken.healthcheck())).toMatchObject({ status: 0, code: 'NETWORK_ERROR' });
  });
});

describe('options', () => {
  it('rejects bad options with INVALID_OPTIONS naming the option', async () => {
    const { OnboardingClient: Client } = await import('../src/index.js');
    const bad = [
      [{ apiKey: '' }, /`apiKey`/],
      [{ apiKey: 'k', baseUrl: 'not a url' }, /`baseUrl`/],
      [{ apiKey: 'k', baseUrl: 'ftp://x/onboarding' }, /`baseUrl`/],
      [{ apiKey: 'k', retries: -1 }, /`retries`/],
      [{ apiKey: 'k', timeoutMs: 0 }, /`timeoutMs`/],
    ] as const;
    for (const [options, message] of bad) {
      let error: unknown;
      try {
        new Client(options);
      } catch (e) {
        error = e;
      }
      expect(error).toMatchObject({ code: 'INVALID_OPTIONS', status: 0 });
      expect((error as Error).message).toMatch(message);
    }
  });

  it('strips a trailing slash from baseUrl and defaults to the local server', async () => {
    const { OnboardingClient: Client, LOCAL_URL } = await import('../src/index.js');
    expect(new Client({ apiKey: 'k', baseUrl: `${h.api.url}/` }).baseUrl).toBe(h.api.url);
    expect(new Client({ apiKey: 'k' }).baseUrl).toBe(LOCAL_URL);
    await expect(new Client({ apiKey: 'k', baseUrl: `${h.api.url}/` }).healthcheck()).resolves.toMatchObject({ status: 'ok' });
  });
});
