// Token rules over HTTP: kinds, expiry (moved clock), forgery, API keys,
// per-address limit, CORS scope, security headers, and logs without secrets.
import { createHmac } from 'node:crypto';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger.js';
import { onPostgres } from './backend.js';
import { errorOf, startTestServer, type TestServer } from './helpers.js';

const ORIGIN = 'http://app.example.test';
let s: TestServer;
let logs = '';

beforeAll(async () => {
  const sink = new PassThrough();
  sink.on('data', (c: Buffer) => (logs += c.toString()));
  s = await startTestServer({ corsOrigins: [ORIGIN], logger: createLogger('info', sink) });
});
afterAll(() => s.stop());

const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;

describe('login token', () => {
  it('is issued for a valid API key, with the contract claims', async () => {
    const token = await s.loginToken();
    const c = claimsOf(token);
    expect(c.kind).toBe('login');
    expect(Number(c.exp) - Number(c.iat)).toBe(3600);
    expect(typeof c.jti).toBe('string');
  });
  it('is refused without or with a wrong API key', async () => {
    expect(await errorOf(await s.get('/login_token'))).toMatchObject({ status: 401, code: 'INVALID_API_KEY' });
    expect(await errorOf(await s.get('/login_token', undefined, { apikey: 'ak_wrong' }))).toMatchObject({ status: 401, code: 'INVALID_API_KEY' });
  });
  // On PostgreSQL the key is ONBOARDING_JWT_SECRET, required there (config tests).
  it.skipIf(onPostgres)('keeps the JWT key in the data dir, readable by the owner only', () => {
    expect(statSync(join(s.dataDir, 'jwt-secret.key')).mode & 0o777).toBe(0o600);
  });
});

describe('token kinds and scope', () => {
  it('issues backend, backend-with-user and user tokens bound to the user', async () => {
    const user = await s.createUser({ email: 'kinds@example.com' });
    expect(claimsOf(await s.backendToken())).toMatchObject({ kind: 'backend' });
    expect(claimsOf(await s.backendUserToken(user))).toMatchObject({ kind: 'backend_user', sub: user });
    expect(claimsOf(await s.userToken(user))).toMatchObject({ kind: 'user', sub: user });
  });
  it('answers 404 USER_NOT_FOUND for a token of an unknown user', async () => {
    const login = await s.loginToken();
    expect(await errorOf(await s.get('/backend_token/nope', login))).toMatchObject({ status: 404, code: 'USER_NOT_FOUND' });
    expect(await errorOf(await s.get('/user_token/nope', login))).toMatchObject({ status: 404, code: 'USER_NOT_FOUND' });
  });
  it('refuses a token of the wrong kind with 403 WRONG_TOKEN_KIND', async () => {
    const user = await s.createUser();
    const [login, backend, backendUser, userToken] = [await s.loginToken(), await s.backendToken(), await s.backendUserToken(user), await s.userToken(user)];
    const cases: Array<[string, string, string]> = [
      ['GET', '/backend_token', backend],
      ['GET', '/user_token/' + user, userToken],
      ['GET', '/users', login],
      ['GET', '/users', userToken],
      ['GET', '/users/status', backendUser],
      ['POST', '/user', backendUser],
      ['GET', '/user/status', backend],
      ['GET', '/user/report', userToken],
      ['PATCH', '/user/selfie', userToken],
      ['DELETE', '/user', userToken],
      ['POST', '/user/authentication/enable', userToken],
      ['GET', '/user/authentications', userToken],
      ['GET', '/user/authentication/x', userToken],
      ['POST', '/user/authenticate', backend],
      ['GET', '/media/x/download', backend],
    ];
    for (const [method, path, token] of cases) {
      const e = await errorOf(await s.send(method, path, token));
      expect({ method, path, status: e.status, code: e.code }).toEqual({ method, path, status: 403, code: 'WRONG_TOKEN_KIND' });
    }
  });
  it('lets a user token reach only its own user', async () => {
    const a = await s.createUser({ email: 'a@scope.test' });
    const b = await s.createUser({ email: 'b@scope.test' });
    const res = await s.get('/user/status', await s.userToken(b));
    expect(((await res.json()) as { user: { user_id: string } }).user.user_id).toBe(b);
    expect(a).not.toBe(b);
  });
});

describe('bad tokens', () => {
  it('answers 401 MISSING_TOKEN without a bearer header', async () => {
    expect(await errorOf(await s.get('/users'))).toMatchObject({ status: 401, code: 'MISSING_TOKEN' });
    expect(await errorOf(await s.get('/users', undefined, { authorization: 'Basic abc' }))).toMatchObject({ status: 401, code: 'MISSING_TOKEN' });
  });
  it('answers 401 INVALID_TOKEN for garbage, forged, tampered and alg=none tokens', async () => {
    const backend = await s.backendToken();
    const [h, p] = backend.split('.') as [string, string];
    const forgedBody = `${h}.${p}`;
    const forged = `${forgedBody}.${createHmac('sha256', 'not-the-server-key-not-the-server-key').update(forgedBody).digest('base64url')}`;
    const tampered = `${h}.${b64({ ...claimsOf(backend), kind: 'backend', exp: 9_999_999_999 })}.${backend.split('.')[2]}`;
    const none = `${b64({ alg: 'none', typ: 'JWT' })}.${p}.`;
    for (const token of ['garbage', 'a.b.c', forged, tampered, none]) {
      expect(await errorOf(await s.get('/users', token))).toMatchObject({ status: 401, code: 'INVALID_TOKEN' });
    }
  });
  it('answers 401 TOKEN_EXPIRED after 60 minutes', async () => {
    const backend = await s.backendToken();
    expect((await s.get('/users', backend)).status).toBe(200);
    s.advance(61 * 60_000);
    try {
      expect(await errorOf(await s.get('/users', backend))).toMatchObject({ status: 401, code: 'TOKEN_EXPIRED' });
    } finally {
      s.advance(-61 * 60_000);
    }
  });
});

describe('CORS and headers', () => {
  it('answers preflights for user-token endpoints from configured origins only', async () => {
    const ok = await s.send('OPTIONS', '/user/selfie', undefined, undefined, { origin: ORIGIN, 'access-control-request-method': 'POST' });
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(ok.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
    const other = await s.send('OPTIONS', '/user/selfie', undefined, undefined, { origin: 'http://evil.test' });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
  it('allows a configured origin on a user-token call', async () => {
    const res = await s.get('/user/status', await s.userToken(await s.createUser()), { origin: ORIGIN });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(res.headers.get('vary')).toMatch(/Origin/);
  });
  it('never allows cross-origin calls to backend-token endpoints', async () => {
    const res = await s.get('/users', await s.backendToken(), { origin: ORIGIN });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });
  it('sends helmet headers and JSON errors for unknown endpoints', async () => {
    const res = await s.get('/nope');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await errorOf(res)).toMatchObject({ status: 404, code: 'NOT_FOUND' });
  });
});

describe('logs', () => {
  it('are JSON lines with no token or API key in them', async () => {
    await s.userToken(await s.createUser({ email: 'log@example.com' }));
    const lines = logs.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.some((l) => l.msg === 'request' && String(l.path).startsWith('/onboarding/user_token/') && l.status === 200)).toBe(true);
    expect(logs).not.toContain(s.apiKey);
    expect(logs).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/);
    expect(logs).not.toContain('log@example.com');
  });
});

/** Waits out a per-address window: the seconds a 429 said, and a little more. */
const waitOut = (limited: Response) => new Promise((r) => setTimeout(r, Number(limited.headers.get('retry-after')) * 1000 + 200));

describe('API key guessing', () => {
  it('is limited per client address with 429 and Retry-After, then recovers', async () => {
    const guarded = await startTestServer({ apiKeyRateLimit: { max: 20, windowMs: 3_000 } });
    try {
      // Good keys do not count: only the 401s do.
      for (let i = 0; i < 3; i++) expect((await guarded.get('/login_token', undefined, { apikey: guarded.apiKey })).status).toBe(200);
      let last: Response | undefined;
      for (let i = 0; i < 21; i++) last = await guarded.get('/login_token', undefined, { apikey: `ak_guess_${i}` });
      expect(last!.status).toBe(429);
      expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await errorOf(last!)).code).toBe('TOO_MANY_ATTEMPTS');
      // Over the limit, the address gets no token at all until the window ends.
      expect((await guarded.get('/login_token', undefined, { apikey: guarded.apiKey })).status).toBe(429);
      await waitOut(last!);
      expect((await guarded.get('/login_token', undefined, { apikey: guarded.apiKey })).status).toBe(200);
    } finally {
      await guarded.stop();
    }
  });
});

describe('token request flood', () => {
  it('limits every token request per client address (bad tokens included), then recovers', async () => {
    const limited = await startTestServer({ tokenRateLimit: { max: 5, windowMs: 3_000 } });
    try {
      const login = await limited.loginToken();
      expect((await limited.get('/backend_token', login)).status).toBe(200);
      expect((await limited.get('/backend_token', 'not.a.token')).status).toBe(401);
      expect((await limited.get('/user_token/nobody', login)).status).toBe(404);
      expect((await limited.get('/backend_token', login)).status).toBe(200);
      const refused = await limited.get('/backend_token', login);
      expect(await errorOf(refused)).toMatchObject({ status: 429, code: 'TOO_MANY_REQUESTS' });
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      // Other endpoints are not token endpoints and stay open.
      expect((await limited.get('/healthcheck')).status).toBe(200);
      await waitOut(refused);
      expect((await limited.get('/backend_token', login)).status).toBe(200);
    } finally {
      await limited.stop();
    }
  });
});
