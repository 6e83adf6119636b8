// csrfProtection on a real Express app with express-session on loopback:
// the token from a form field or the header, refused when missing or wrong,
// and the exempt path accepted as JSON only.
import express from 'express';
import session from 'express-session';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csrfProtection, csrfToken, errorHandler } from '../src/index.js';
import { closeAll, serve } from './serve.js';

let url: string;

beforeAll(async () => {
  const a = express();
  a.use(session({ secret: 'a test secret of some length', resave: false, saveUninitialized: false }));
  a.use(express.urlencoded({ extended: false }));
  a.use(express.json());
  a.use(csrfProtection({ exempt: ['/login'] }));
  a.get('/form', (req, res) => void res.json({ token: csrfToken(req) }));
  a.post('/login', (_req, res) => void res.json({ signedIn: true }));
  a.post('/things', (_req, res) => void res.json({ saved: true }));
  a.use(errorHandler());
  url = await serve(a);
});
afterAll(closeAll);

/** A session with its token: the cookie and the token the page would render. */
async function visit(): Promise<{ cookie: string; token: string }> {
  const res = await fetch(`${url}/form`);
  const token = ((await res.json()) as { token: string }).token;
  return { cookie: res.headers.get('set-cookie')!.split(';')[0]!, token };
}

const code = async (res: Response) => ({ status: res.status, code: ((await res.json()) as { error?: { code: string } }).error?.code });

describe('csrfProtection', () => {
  it('makes one token per session, kept across requests', async () => {
    const { cookie, token } = await visit();
    expect(token).toMatch(/^[\w-]{43}$/);
    const again = (await (await fetch(`${url}/form`, { headers: { cookie } })).json()) as { token: string };
    expect(again.token).toBe(token);
    expect((await visit()).token).not.toBe(token);
  });

  it('accepts the session’s token in the _csrf field or the x-csrf-token header', async () => {
    const { cookie, token } = await visit();
    const form = await fetch(`${url}/things`, { method: 'POST', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: `_csrf=${token}` });
    expect(form.status).toBe(200);
    const header = await fetch(`${url}/things`, { method: 'POST', headers: { cookie, 'x-csrf-token': token } });
    expect(header.status).toBe(200);
  });

  it('refuses a write without the token, with another session’s, or without a session: 403 CSRF_TOKEN_INVALID', async () => {
    const mine = await visit();
    const theirs = await visit();
    const post = (headers: Record<string, string>) => fetch(`${url}/things`, { method: 'POST', headers });
    expect(await code(await post({ cookie: mine.cookie }))).toEqual({ status: 403, code: 'CSRF_TOKEN_INVALID' });
    expect(await code(await post({ cookie: mine.cookie, 'x-csrf-token': theirs.token }))).toEqual({ status: 403, code: 'CSRF_TOKEN_INVALID' });
    expect(await code(await post({ 'x-csrf-token': mine.token }))).toEqual({ status: 403, code: 'CSRF_TOKEN_INVALID' });
    const refused = await post({ cookie: mine.cookie, 'x-csrf-token': mine.token.slice(1) });
    expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(/^This form has expired/);
  });

  it('lets an exempt path through without a token only as JSON', async () => {
    const asJson = await fetch(`${url}/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(asJson.status).toBe(200);
    const asForm = await fetch(`${url}/login`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'a=1' });
    expect(await code(asForm)).toEqual({ status: 415, code: 'UNSUPPORTED_MEDIA' });
  });
});
