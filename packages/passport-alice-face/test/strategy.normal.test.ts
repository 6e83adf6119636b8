// Successful logins: every place the id may come from, every verify style,
// Passport's default rendering, and one upstream request per login.
import { describe, expect, expectTypeOf, it } from 'vitest';
import DefaultExport, { AliceFaceStrategy, Strategy } from '../src/index.js';
import { post } from './support/app.js';
import { Apps, seed, strategyFor, useUpstream } from './support/harness.js';
import type { Upstream } from './support/upstream.js';

let upstream: Upstream;
const apps = new Apps();

useUpstream(apps, (u) => (upstream = u));

describe('exports', () => {
  it('is named alice-face and exported as default, AliceFaceStrategy and Strategy', () => {
    expect(Strategy).toBe(AliceFaceStrategy);
    expect(DefaultExport).toBe(AliceFaceStrategy);
    expect(strategyFor(upstream).name).toBe('alice-face');
    // Typed as its own name, not passport-custom's literal 'custom'.
    expectTypeOf(strategyFor(upstream).name).toEqualTypeOf<'alice-face'>();
  });
});

describe('a passing authentication logs the user in', () => {
  it('from a JSON body, with the authentication and both scores as info', async () => {
    const app = await apps.start(strategyFor(upstream));
    const id = seed(upstream, 'user-a', { liveness: 91.5, matching: 77 });
    const res = await post(`${app.url}/login`, { authentication_id: id, user_id: 'user-a' });
    expect(res.status).toBe(200);
    expect(res.body.user).toEqual({ id: 'app-user-a', onboardingUserId: 'user-a' });
    expect(res.body.info.scores).toEqual({ liveness: 91.5, matching: 77 });
    expect(res.body.info.authentication.authentication_id).toBe(id);
  });

  it('from a urlencoded form post', async () => {
    const app = await apps.start(strategyFor(upstream));
    const id = seed(upstream, 'user-form', { liveness: 60, matching: 60 });
    const res = await post(`${app.url}/login`, { authentication_id: id, user_id: 'user-form' }, { form: true });
    expect(res.status).toBe(200);
    expect(res.body.user.onboardingUserId).toBe('user-form');
  });

  it('from the query string, then from the x-authentication-id header', async () => {
    const app = await apps.start(strategyFor(upstream));
    const fromQuery = seed(upstream, 'user-q', { liveness: 60, matching: 60 });
    const q = await post(`${app.url}/login?authentication_id=${fromQuery}`, { user_id: 'user-q' });
    expect(q.body.info.authentication.authentication_id).toBe(fromQuery);
    const fromHeader = seed(upstream, 'user-q', { liveness: 60, matching: 60 });
    const h = await post(`${app.url}/login`, undefined, { headers: { 'x-authentication-id': fromHeader, 'x-user-id': 'user-q' } });
    expect(h.status).toBe(200);
    expect(h.body.info.authentication.authentication_id).toBe(fromHeader);
  });

  it('looks in the body first, then the query, then the header', async () => {
    const app = await apps.start(strategyFor(upstream));
    const [inBody, inQuery, inHeader] = [1, 2, 3].map(() => seed(upstream, 'user-order', { liveness: 70, matching: 70 }));
    const headers = { 'x-authentication-id': inHeader! };
    const all = await post(`${app.url}/login?authentication_id=${inQuery}`, { authentication_id: inBody!, user_id: 'user-order' }, { headers });
    expect(all.body.info.authentication.authentication_id).toBe(inBody);
    const noBody = await post(`${app.url}/login?authentication_id=${inQuery}`, { user_id: 'user-order' }, { headers });
    expect(noBody.body.info.authentication.authentication_id).toBe(inQuery);
  });

  it('accepts scores exactly at the thresholds', async () => {
    const app = await apps.start(strategyFor(upstream));
    const id = seed(upstream, 'user-edge', { liveness: 50, matching: 50 });
    expect((await post(`${app.url}/login`, { authentication_id: id, user_id: 'user-edge' })).status).toBe(200);
  });

  it('renders through Passport by default: req.user and req.authInfo are set', async () => {
    const app = await apps.start(strategyFor(upstream));
    const id = seed(upstream, 'user-d', { liveness: 88, matching: 66 });
    const res = await post(`${app.url}/login-default`, { authentication_id: id, user_id: 'user-d' });
    expect(res.status).toBe(200);
    expect(res.body.user.id).toBe('app-user-d');
    expect(res.body.authInfo.scores).toEqual({ liveness: 88, matching: 66 });
  });
});

describe('verify styles and userId styles', () => {
  it('a Node-style callback, with extra info merged into the success info', async () => {
    const strategy = strategyFor(upstream, {}, (userId, authentication, done) => {
      setImmediate(() => done(null, { id: userId, seen: authentication.authentication_id }, { message: 'Welcome back.' }));
    });
    const app = await apps.start(strategy);
    const id = seed(upstream, 'user-cb', { liveness: 60, matching: 60 });
    const res = await post(`${app.url}/login`, { authentication_id: id, user_id: 'user-cb' });
    expect(res.body.user).toEqual({ id: 'user-cb', seen: id });
    expect(res.body.info.message).toBe('Welcome back.');
    expect(res.body.info.scores).toEqual({ liveness: 60, matching: 60 });
  });

  it('a function returning the user directly, and an async userId option', async () => {
    const strategy = strategyFor(
      upstream,
      { userId: async (req) => ((req.body as { email: string }).email === 'a@example.com' ? 'user-email' : undefined) },
      (userId) => ({ id: `sync-${userId}` }),
    );
    const app = await apps.start(strategy);
    const id = seed(upstream, 'user-email', { liveness: 60, matching: 60 });
    const res = await post(`${app.url}/login`, { authentication_id: id, email: 'a@example.com' });
    expect(res.body.user).toEqual({ id: 'sync-user-email' });
  });
  it('a verify that answers twice (done, then a promise) still gets exactly one outcome: the first', async () => {
    const strategy = strategyFor(upstream, {}, ((userId: string, _authentication: unknown, done: (e: null, u: object) => void) => {
      done(null, { id: `first-${userId}` });
      done(null, { id: 'second' });
      return Promise.resolve(false);
    }) as never);
    const app = await apps.start(strategy);
    const id = seed(upstream, 'user-twice', { liveness: 60, matching: 60 });
    const res = await post(`${app.url}/login`, { authentication_id: id, user_id: 'user-twice' });
    expect([res.status, res.body.user]).toEqual([200, { id: 'first-user-twice' }]);
    expect(apps.callbackCounts().every((n) => n === 1)).toBe(true);
  });
});

describe('upstream traffic', () => {
  it('makes one upstream request per login once the tokens are cached', async () => {
    const app = await apps.start(strategyFor(upstream));
    const first = seed(upstream, 'user-steady', { liveness: 60, matching: 60 });
    expect((await post(`${app.url}/login`, { authentication_id: first, user_id: 'user-steady' })).status).toBe(200);
    const before = { ...upstream.counts };
    for (let i = 0; i < 5; i++) {
      const id = seed(upstream, 'user-steady', { liveness: 60, matching: 60 });
      expect((await post(`${app.url}/login`, { authentication_id: id, user_id: 'user-steady' })).status).toBe(200);
    }
    const delta = Object.fromEntries(Object.entries(upstream.counts).map(([k, v]) => [k, v - (before[k] ?? 0)]));
    expect(delta).toEqual({ login_token: 0, backend_token: 0, user_token: 0, authentication: 5, other: 0 });
  });
});
