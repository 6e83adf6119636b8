// Faults end in error(err) with a stable code: never a success, never a
// silent fail. Each is a real condition of the upstream or the app's code.
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { AliceFaceStrategy, MemoryReplayStore, type StrategyOptions } from '../src/index.js';
import { post } from './support/app.js';
import { Apps, seed, strategyFor, userIdFromRequest, useUpstream } from './support/harness.js';
import { cannedAuthentication, startUpstream, type Upstream } from './support/upstream.js';

let upstream: Upstream;
let verifyCalls = 0;
const apps = new Apps();
const countingVerify = async (userId: string) => {
  verifyCalls++;
  return { id: userId };
};

useUpstream(apps, (u) => (upstream = u));

async function expectError(overrides: Partial<StrategyOptions>, id: string, code: string, user = 'u-err'): Promise<any> {
  const app = await apps.start(strategyFor(upstream, overrides, countingVerify));
  const before = verifyCalls;
  const res = await post(`${app.url}/login`, { authentication_id: id, user_id: user });
  expect(res.status).toBe(500);
  expect(res.body.error.code).toBe(code);
  expect(res.body.error.message).toMatch(/^[A-Z]/);
  expect(verifyCalls).toBe(before);
  return res.body.error;
}

function respondWith(id: string, status: number, body: string, headers: Record<string, string> = {}): string {
  upstream.add({ id, owner: 'u-err', respond: (res) => res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(body) });
  return id;
}

describe('the API fails', () => {
  it('a 500 is ERR_ALICE_FACE_UPSTREAM', async () => {
    const id = respondWith('e500', 500, JSON.stringify({ error: { code: 'INTERNAL', message: 'Boom.' } }));
    const err = await expectError({}, id, 'ERR_ALICE_FACE_UPSTREAM');
    expect(err.message).toContain('500');
  });

  it('a 503 with Retry-After, still busy after the retries, is ERR_ALICE_FACE_UPSTREAM', async () => {
    const id = respondWith('e503', 503, JSON.stringify({ error: { code: 'BUSY', message: 'Busy.' } }), { 'retry-after': '0' });
    await expectError({}, id, 'ERR_ALICE_FACE_UPSTREAM');
  });

  it('a body that is not JSON, or not an authentication, is ERR_ALICE_FACE_MALFORMED_RESPONSE', async () => {
    await expectError({}, respondWith('bad-json', 200, '<html>oops'), 'ERR_ALICE_FACE_MALFORMED_RESPONSE');
    const good = cannedAuthentication('x', { liveness: 90, matching: 90 });
    const variants: Record<string, unknown> = {
      'string-score': { ...good, face_liveness: '90' },
      'score-over-100': { ...good, face_matching: 150 },
      'no-date': { ...good, created_at: 'yesterday' },
      'other-id': { ...good, authentication_id: 'someone-elses' },
    };
    for (const [id, authentication] of Object.entries(variants)) {
      const body = JSON.stringify({ authentication: { ...(authentication as object), ...(id === 'other-id' ? {} : { authentication_id: id }) } });
      await expectError({}, respondWith(id, 200, body), 'ERR_ALICE_FACE_MALFORMED_RESPONSE');
    }
  });

  it('a created_at far in the future (clocks apart) is a fault, not a pass', async () => {
    const id = seed(upstream, 'u-err', { liveness: 90, matching: 90 }, -120);
    const err = await expectError({}, id, 'ERR_ALICE_FACE_MALFORMED_RESPONSE');
    expect(err.message).toContain('future');
  });

  it('an unreachable API is ERR_ALICE_FACE_UPSTREAM', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as { port: number }).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const client = { apiKey: upstream.apiKey, baseUrl: `http://127.0.0.1:${port}/onboarding` };
    await expectError({ client }, 'anything', 'ERR_ALICE_FACE_UPSTREAM');
  });

  it('an API that does not answer in time is ERR_ALICE_FACE_UPSTREAM', async () => {
    upstream.add({ id: 'hangs', owner: 'u-err', respond: () => undefined });
    const client = { apiKey: upstream.apiKey, baseUrl: upstream.url, timeoutMs: 300 };
    await expectError({ client }, 'hangs', 'ERR_ALICE_FACE_UPSTREAM');
  });
});

describe('the configuration is wrong', () => {
  it('a wrong API key is ERR_ALICE_FACE_UPSTREAM_AUTH', async () => {
    const id = seed(upstream, 'u-err', { liveness: 90, matching: 90 });
    await expectError({ client: { apiKey: 'wrong', baseUrl: upstream.url } }, id, 'ERR_ALICE_FACE_UPSTREAM_AUTH');
  });

  it('a base URL without /onboarding (404 NOT_FOUND, not a login decision) is a fault', async () => {
    const id = seed(upstream, 'u-err', { liveness: 90, matching: 90 });
    const client = { apiKey: upstream.apiKey, baseUrl: upstream.url.replace('/onboarding', '/v1') };
    await expectError({ client }, id, 'ERR_ALICE_FACE_UPSTREAM');
  });
});

describe("the app's own code fails", () => {
  it('userId throwing, or returning a non-string, is ERR_ALICE_FACE_USER_ID', async () => {
    const id = seed(upstream, 'u-err', { liveness: 90, matching: 90 });
    const err = await expectError({ userId: () => { throw new Error('DB down'); } }, id, 'ERR_ALICE_FACE_USER_ID');
    expect(err.message).toBe('The userId option function failed.');
    await expectError({ userId: (() => 42) as never }, id, 'ERR_ALICE_FACE_USER_ID');
  });

  it('verify throwing, rejecting or calling done(err) hands that error to Passport', async () => {
    const verifies = [
      () => { throw Object.assign(new Error('Sync throw.'), { code: 'APP_SYNC' }); },
      async () => { throw Object.assign(new Error('Rejected.'), { code: 'APP_ASYNC' }); },
      (_u: string, _a: unknown, done: (e: unknown) => void) => done(Object.assign(new Error('Done err.'), { code: 'APP_DONE' })),
    ];
    for (const [i, verify] of verifies.entries()) {
      const app = await apps.start(new AliceFaceStrategy({ client: { apiKey: upstream.apiKey, baseUrl: upstream.url }, userId: userIdFromRequest }, verify as never));
      const id = seed(upstream, 'u-err', { liveness: 90, matching: 90 });
      const res = await post(`${app.url}/login`, { authentication_id: id, user_id: 'u-err' });
      expect([res.status, res.body.error.code]).toEqual([500, ['APP_SYNC', 'APP_ASYNC', 'APP_DONE'][i]]);
    }
  });

  it('a replay store that fails, or a full memory store, is ERR_ALICE_FACE_REPLAY_STORE', async () => {
    const broken = { claim: async () => { throw new Error('Redis down'); } };
    await expectError({ replayStore: broken }, seed(upstream, 'u-err', { liveness: 90, matching: 90 }), 'ERR_ALICE_FACE_REPLAY_STORE');
    const full = new MemoryReplayStore({ maxEntries: 1 });
    await full.claim('occupied', 600);
    await expectError({ replayStore: full }, seed(upstream, 'u-err', { liveness: 90, matching: 90 }), 'ERR_ALICE_FACE_REPLAY_STORE');
  });

  it('Passport sends the fault to the error handler without the custom callback', async () => {
    const app = await apps.start(strategyFor(upstream, { client: { apiKey: 'wrong', baseUrl: upstream.url } }));
    const res = await post(`${app.url}/login-default`, { authentication_id: 'abc', user_id: 'u-err' });
    expect([res.status, res.body.error.code]).toEqual([500, 'ERR_ALICE_FACE_UPSTREAM_AUTH']);
  });
});
