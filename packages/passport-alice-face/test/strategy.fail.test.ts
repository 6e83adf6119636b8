// Every fail code with its status, the scores it carries, and proof that
// verify is never reached on a refused authentication.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VerifyFunction } from '../src/index.js';
import { post, type LoginResult } from './support/app.js';
import { Apps, seed, strategyFor } from './support/harness.js';
import { cannedAuthentication, startUpstream, type Upstream } from './support/upstream.js';

let upstream: Upstream;
let url: string;
let verifyCalls = 0;
const apps = new Apps();

beforeAll(async () => {
  upstream = await startUpstream();
  const strategy = strategyFor(upstream, {}, async (userId) => {
    verifyCalls++;
    return { id: userId };
  });
  url = (await apps.start(strategy)).url;
});
afterAll(async () => {
  expect(apps.callbackCounts().every((n) => n === 1)).toBe(true);
  await apps.closeAll();
  await upstream.close();
});

async function login(body: Record<string, string> | undefined, path = '/login', query = ''): Promise<LoginResult> {
  const before = verifyCalls;
  const res = await post(`${url}${path}${query}`, body);
  expect(verifyCalls, 'verify must not run for a refused login').toBe(before);
  return res;
}

describe('400: the request does not say what to check', () => {
  it('MISSING_AUTHENTICATION_ID with no id anywhere, or an empty one', async () => {
    for (const body of [undefined, { user_id: 'u1' }, { user_id: 'u1', authentication_id: '' }] as Array<Record<string, string> | undefined>) {
      const res = await login(body);
      expect(res.status).toBe(400);
      expect(res.body.challenge).toEqual({ code: 'MISSING_AUTHENTICATION_ID', message: expect.stringMatching(/^Missing authentication_id/) });
    }
  });

  it('INVALID_AUTHENTICATION_ID for a path, a repeated query field, or an over-long id', async () => {
    const cases: Array<[Record<string, string> | undefined, string]> = [
      [{ user_id: 'u1', authentication_id: '../../users' }, ''],
      [{ user_id: 'u1' }, '?authentication_id=a&authentication_id=b'],
      [{ user_id: 'u1', authentication_id: 'x'.repeat(129) }, ''],
    ];
    for (const [body, query] of cases) {
      const res = await login(body, '/login', query);
      expect(res.status).toBe(400);
      expect(res.body.challenge.code).toBe('INVALID_AUTHENTICATION_ID');
    }
  });

  it('MISSING_USER_ID when userId gives nothing, INVALID_USER_ID when it is not a plain id', async () => {
    const missing = await login({ authentication_id: 'abc' });
    expect([missing.status, missing.body.challenge.code]).toEqual([400, 'MISSING_USER_ID']);
    const invalid = await login({ authentication_id: 'abc', user_id: '..' });
    expect([invalid.status, invalid.body.challenge.code]).toEqual([400, 'INVALID_USER_ID']);
  });

  it('Passport renders it as a plain 400 without the custom callback', async () => {
    const res = await login({ user_id: 'u1' }, '/login-default');
    expect([res.status, res.text]).toEqual([400, 'Bad Request']);
  });
});

/** Whether the face matched at the default matching threshold (50). */
const matched = (scores: { matching: number | null }) => scores.matching !== null && scores.matching >= 50;

describe('401: the face login is refused with a code, the scores and whether the face matched', () => {
  const cases: Array<[string, { liveness: number | null; matching: number | null }]> = [
    ['LIVENESS_TOO_LOW', { liveness: 49.9, matching: 95 }],
    ['LIVENESS_TOO_LOW', { liveness: 12, matching: 8 }], // a spoof is reported as a spoof first
    ['FACE_MISMATCH', { liveness: 95, matching: 49.99 }],
    ['SCORE_MISSING', { liveness: null, matching: 95 }],
    ['SCORE_MISSING', { liveness: 95, matching: null }],
  ];
  for (const [code, scores] of cases) {
    it(`${code} for liveness ${scores.liveness} and matching ${scores.matching}`, async () => {
      const id = seed(upstream, 'u-scores', scores);
      const res = await login({ authentication_id: id, user_id: 'u-scores' });
      expect(res.status).toBe(401);
      expect(res.body.challenge).toEqual({ code, message: expect.any(String), scores, faceMatched: matched(scores) });
    });
  }

  it("carries a failed challenge's sentence for the person (self-hosted server), and none for a passed, null or absent challenge", async () => {
    const withChallenge = (challenge: unknown) => {
      const id = `chal-${Math.random().toString(36).slice(2)}`;
      upstream.add({ owner: 'u-chal', authentication: { ...cannedAuthentication(id, { liveness: 40, matching: 90 }), challenge } as never });
      return login({ authentication_id: id, user_id: 'u-chal' });
    };
    const failed = await withChallenge({ passed: false, reason: 'Step 1 (turn your head left) was not seen.', steps: [] });
    expect(failed.body.challenge).toEqual({
      code: 'LIVENESS_TOO_LOW',
      message: expect.any(String),
      scores: { liveness: 40, matching: 90 },
      faceMatched: true,
      reason: 'Step 1 (turn your head left) was not seen.',
    });
    for (const challenge of [{ passed: true, reason: 'All 1 steps were seen in order, each in time.', steps: [] }, null, undefined, { passed: false, reason: '' }]) {
      const res = await withChallenge(challenge);
      expect(res.body.challenge.code, JSON.stringify(challenge)).toBe('LIVENESS_TOO_LOW');
      expect(res.body.challenge, JSON.stringify(challenge)).not.toHaveProperty('reason');
    }
  });

  it('AUTHENTICATION_NOT_FOUND for an unknown id, an id of another user, and an unknown user', async () => {
    const othersId = seed(upstream, 'u-owner', { liveness: 99, matching: 99 });
    for (const body of [
      { authentication_id: 'does-not-exist', user_id: 'u-owner' },
      { authentication_id: othersId, user_id: 'u-attacker' },
      { authentication_id: othersId, user_id: 'no-such-user' },
    ]) {
      upstream.addUser('u-attacker');
      const res = await login(body);
      expect(res.status).toBe(401);
      expect(res.body.challenge).toEqual({ code: 'AUTHENTICATION_NOT_FOUND', message: expect.any(String) });
    }
    // The owner can still use it: the attempts above did not spend it.
    expect((await post(`${url}/login`, { authentication_id: othersId, user_id: 'u-owner' })).status).toBe(200);
  });

  it('AUTHENTICATION_EXPIRED past maxAgeSeconds (120 by default)', async () => {
    const fresh = seed(upstream, 'u-age', { liveness: 90, matching: 90 }, 110);
    expect((await post(`${url}/login`, { authentication_id: fresh, user_id: 'u-age' })).status).toBe(200);
    const old = seed(upstream, 'u-age', { liveness: 90, matching: 90 }, 125);
    const res = await login({ authentication_id: old, user_id: 'u-age' });
    expect([res.status, res.body.challenge.code]).toEqual([401, 'AUTHENTICATION_EXPIRED']);
    expect(res.body.challenge.scores).toEqual({ liveness: 90, matching: 90 });
    expect(res.body.challenge.faceMatched).toBe(true);
  });

  it('AUTHENTICATION_REPLAYED on the second use of an id', async () => {
    const id = seed(upstream, 'u-replay', { liveness: 90, matching: 80 });
    expect((await post(`${url}/login`, { authentication_id: id, user_id: 'u-replay' })).status).toBe(200);
    const res = await login({ authentication_id: id, user_id: 'u-replay' });
    expect(res.status).toBe(401);
    expect(res.body.challenge).toEqual({ code: 'AUTHENTICATION_REPLAYED', message: expect.any(String), scores: { liveness: 90, matching: 80 }, faceMatched: true });
  });

  it('Passport renders it as a plain 401 without the custom callback', async () => {
    const id = seed(upstream, 'u-scores', { liveness: 10, matching: 90 });
    const res = await login({ authentication_id: id, user_id: 'u-scores' }, '/login-default');
    expect([res.status, res.text]).toEqual([401, 'Unauthorized']);
  });
});

describe('401 USER_REJECTED: verify said no', () => {
  async function appWith(verify: VerifyFunction): Promise<string> {
    return (await apps.start(strategyFor(upstream, {}, verify))).url;
  }

  it('when verify resolves false, with the default message', async () => {
    const app = await appWith(async () => false);
    const id = seed(upstream, 'u-rej', { liveness: 70, matching: 70 });
    const res = await post(`${app}/login`, { authentication_id: id, user_id: 'u-rej' });
    expect(res.status).toBe(401);
    expect(res.body.challenge).toEqual({ code: 'USER_REJECTED', message: expect.any(String), scores: { liveness: 70, matching: 70 }, faceMatched: true });
  });

  it("when done(null, false, { message }) is called, with the app's message", async () => {
    const app = await appWith((_userId, _authentication, done) => done(null, false, { message: 'Account suspended.' }));
    const id = seed(upstream, 'u-rej', { liveness: 70, matching: 70 });
    const res = await post(`${app}/login`, { authentication_id: id, user_id: 'u-rej' });
    expect(res.body.challenge).toMatchObject({ code: 'USER_REJECTED', message: 'Account suspended.' });
  });
});
