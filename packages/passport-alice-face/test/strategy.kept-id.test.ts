// authenticationId option: the backend uploaded the recording and kept the id
// (here keyed by a header standing in for the session); the strategy reads
// only that, never an id the browser posts.
import type { Request } from 'express';
import { describe, expect, it } from 'vitest';
import { AliceFaceStrategy } from '../src/index.js';
import { post } from './support/app.js';
import { Apps, seed, userIdFromRequest, useUpstream } from './support/harness.js';
import type { Upstream } from './support/upstream.js';

let upstream: Upstream;
const apps = new Apps();
useUpstream(apps, (u) => (upstream = u));

/** What the backend kept per login attempt (a session, in an app). */
const kept = new Map<string, string>();
const fromKept = (req: Request) => kept.get(String(req.headers['x-attempt']));

async function app(authenticationId: (req: Request) => unknown) {
  const strategy = new AliceFaceStrategy(
    { client: { apiKey: upstream.apiKey, baseUrl: upstream.url }, userId: userIdFromRequest, authenticationId: authenticationId as never },
    async (userId) => ({ id: userId }),
  );
  return apps.start(strategy);
}

describe('authenticationId: the id the backend kept', () => {
  it('logs in with the kept id and ignores an id posted by the browser', async () => {
    const a = await app(fromKept);
    kept.set('attempt-1', seed(upstream, 'u-kept', { liveness: 80, matching: 90 }));
    const posted = seed(upstream, 'u-kept', { liveness: 10, matching: 10 });
    const res = await fetch(`${a.url}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-attempt': 'attempt-1' },
      body: JSON.stringify({ user_id: 'u-kept', authentication_id: posted }),
    });
    expect(((await res.json()) as { user: unknown }).user).toEqual({ id: 'u-kept' });
  });

  it('is MISSING_AUTHENTICATION_ID (400) when nothing was kept, whatever the browser posts', async () => {
    const a = await app(fromKept);
    const posted = seed(upstream, 'u-kept', { liveness: 80, matching: 90 });
    const res = await post(`${a.url}/login`, { user_id: 'u-kept', authentication_id: posted });
    expect(res.status).toBe(400);
    expect(res.body.challenge).toMatchObject({ code: 'MISSING_AUTHENTICATION_ID' });
  });

  it('hands a throwing function to Express as ERR_ALICE_FACE_AUTHENTICATION_ID, and refuses a non-function', async () => {
    const a = await app(() => {
      throw new Error('session store down');
    });
    const res = await post(`${a.url}/login`, { user_id: 'u-kept' });
    expect(res.status).toBe(500);
    expect(res.body.error).toMatchObject({ code: 'ERR_ALICE_FACE_AUTHENTICATION_ID' });
    expect(() => new AliceFaceStrategy({ client: { apiKey: 'k' }, userId: () => 'u', authenticationId: 'authentication_id' as never }, () => false)).toThrow(
      /`authenticationId` must be a function/,
    );
  });
});
