// passReqToCallback: verify receives the request first, in both styles.
import type { Request } from 'express';
import { describe, expect, it } from 'vitest';
import { AliceFaceStrategy } from '../src/index.js';
import { post } from './support/app.js';
import { Apps, seed, userIdFromRequest, useUpstream } from './support/harness.js';
import type { Upstream } from './support/upstream.js';

let upstream: Upstream;
const apps = new Apps();
useUpstream(apps, (u) => (upstream = u));

describe('passReqToCallback: true', () => {
  it('passes (req, userId, authentication) to a promise-returning verify', async () => {
    const seen: unknown[][] = [];
    const strategy = new AliceFaceStrategy(
      { client: { apiKey: upstream.apiKey, baseUrl: upstream.url }, userId: userIdFromRequest, passReqToCallback: true },
      async (req, userId, authentication) => {
        seen.push([req.body.remember, req.ip, userId, authentication.face_matching]);
        return { id: userId, remember: req.body.remember === 'yes' };
      },
    );
    const app = await apps.start(strategy);
    const id = seed(upstream, 'u-req', { liveness: 60, matching: 61 });
    const res = await post(`${app.url}/login`, { authentication_id: id, user_id: 'u-req', remember: 'yes' });
    expect(res.body.user).toEqual({ id: 'u-req', remember: true });
    expect(seen).toEqual([['yes', '127.0.0.1', 'u-req', 61]]);
  });

  it('passes (req, userId, authentication, done) to a callback verify', async () => {
    const strategy = new AliceFaceStrategy(
      { client: { apiKey: upstream.apiKey, baseUrl: upstream.url }, userId: userIdFromRequest, passReqToCallback: true },
      (req: Request, userId, _authentication, done) => {
        if (req.body.tenant !== 'acme') return done(null, false, { message: 'Wrong tenant.' });
        done(null, { id: userId, tenant: req.body.tenant });
      },
    );
    const app = await apps.start(strategy);
    const ok = seed(upstream, 'u-req', { liveness: 60, matching: 60 });
    expect((await post(`${app.url}/login`, { authentication_id: ok, user_id: 'u-req', tenant: 'acme' })).body.user).toEqual({
      id: 'u-req',
      tenant: 'acme',
    });
    const other = seed(upstream, 'u-req', { liveness: 60, matching: 60 });
    const refused = await post(`${app.url}/login`, { authentication_id: other, user_id: 'u-req', tenant: 'evil' });
    expect(refused.body.challenge).toMatchObject({ code: 'USER_REJECTED', message: 'Wrong tenant.' });
  });
});

describe('passReqToCallback: false (the default)', () => {
  it('passes (userId, authentication, done) and no request', async () => {
    const seen: unknown[][] = [];
    const strategy = new AliceFaceStrategy(
      { client: { apiKey: upstream.apiKey, baseUrl: upstream.url }, userId: userIdFromRequest },
      (...args: unknown[]) => {
        seen.push(args);
        (args[2] as (e: null, u: object) => void)(null, { id: args[0] });
      },
    );
    const app = await apps.start(strategy);
    const id = seed(upstream, 'u-noreq', { liveness: 60, matching: 60 });
    expect((await post(`${app.url}/login`, { authentication_id: id, user_id: 'u-noreq' })).status).toBe(200);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toHaveLength(3);
    expect(seen[0]![0]).toBe('u-noreq');
    expect((seen[0]![1] as { authentication_id: string }).authentication_id).toBe(id);
    expect(typeof seen[0]![2]).toBe('function');
  });
});
