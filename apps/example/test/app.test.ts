// HTTP tests of the example app's own behaviour (headers, cookies, CSRF,
// sessions, redirects) on a real SQLite file. The Onboarding API URL points
// at a closed port here, so calls that need it show the "unavailable" page.
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExampleApp, startExampleApp, type RunningExampleApp } from '../src/index.js';
import { freePort } from './helpers/stack.js';
import { WebAgent } from './helpers/web-agent.js';

let dataDir: string;
let onboardingUrl: string;
let running: RunningExampleApp;
const start = () => startExampleApp({ dataDir, onboardingUrl, apiKey: 'test-key', sessionSecret: 'a-test-secret-of-enough-length' });

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'example-app-'));
  // A loopback port nobody listens on (bound, then released).
  onboardingUrl = `http://127.0.0.1:${await freePort()}/onboarding`;
  running = await start();
});

afterAll(async () => {
  await running?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('pages and headers', () => {
  it('serves the home page with a CSP that allows this origin only (never the Onboarding API) and camera previews', async () => {
    const res = await new WebAgent(running.url).get('/');
    expect(res.status).toBe(200);
    expect(res.text).toContain('Log in with your face');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("connect-src 'self';");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain('media-src');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get('permissions-policy')).toContain('camera=(self)');
    expect(res.headers.get('x-powered-by')).toBeNull();
  });

  it('creates no session for a visitor who only reads the home page', async () => {
    const res = await new WebAgent(running.url).get('/');
    expect(res.headers.getSetCookie()).toEqual([]);
  });

  it('sets an httpOnly SameSite=Lax session cookie once a form is shown', async () => {
    const agent = new WebAgent(running.url);
    const res = await agent.get('/signup');
    expect(res.status).toBe(200);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('example.sid='));
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(agent.csrf).toMatch(/^[\w-]{40,}$/);
  });

  it('serves the capture package (@alice-face/capture) as JavaScript and CSS', async () => {
    const agent = new WebAgent(running.url);
    const res = await agent.get('/static/capture/index.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/javascript/);
    expect(res.text).toContain('defineFaceCapture');
    expect((await agent.get('/static/capture/face-capture.css')).headers.get('content-type')).toMatch(/text\/css/);
    expect((await agent.get('/static/capture/missing.js')).status).toBe(404);
  });

  it('escapes what a person typed when it is shown back', async () => {
    const agent = new WebAgent(running.url);
    await agent.get('/signup');
    const res = await agent.post('/signup', { email: '"><script>alert(1)</script>' });
    expect(res.status).toBe(400);
    expect(res.text).not.toContain('<script>alert(1)');
    expect(res.text).toContain('&quot;&gt;&lt;script&gt;');
  });

  it('answers unknown paths with a 404 page', async () => {
    const res = await new WebAgent(running.url).get('/nope');
    expect(res.status).toBe(404);
    expect(res.text).toContain('There is no page at this address.');
  });
});

describe('CSRF protection', () => {
  it('refuses a form posted without a token', async () => {
    const agent = new WebAgent(running.url);
    await agent.get('/signup');
    const res = await agent.post('/signup', { email: 'a@example.com', _csrf: null });
    expect(res.status).toBe(403);
    expect(res.text).toContain('This form has expired or did not come from this site.');
  });

  it("refuses another session's token", async () => {
    const victim = new WebAgent(running.url);
    const attacker = new WebAgent(running.url);
    await victim.get('/signup');
    await attacker.get('/signup');
    const res = await victim.post('/signup', { email: 'a@example.com', _csrf: attacker.csrf });
    expect(res.status).toBe(403);
  });

  it('refuses a post with no session at all (logout, login, attempt and recording calls)', async () => {
    const agent = new WebAgent(running.url);
    expect((await agent.post('/logout', { _csrf: 'x' })).status).toBe(403);
    expect((await agent.post('/login', { login_attempt: 'x', _csrf: 'x' })).status).toBe(403);
    const attempt = await agent.postJson('/login/attempt', 'x');
    expect(attempt.status).toBe(403);
    expect(JSON.parse(attempt.text)).toEqual({ error: { code: 'CSRF_TOKEN_INVALID', message: expect.stringMatching(/^This form/) } });
    agent.csrf = 'x';
    expect((await agent.postRecording('/enroll/video', Buffer.from('clip'))).status).toBe(403);
  });

  it('accepts the token from the x-csrf-token header for fetch calls and uploads', async () => {
    const agent = new WebAgent(running.url);
    await agent.get('/signup');
    const res = await agent.postJson('/login/attempt');
    // Past CSRF: refused only because this session has entered no email.
    expect(res.status).toBe(403);
    expect(JSON.parse(res.text).error.code).toBe('NO_LOGIN');
    const upload = await agent.postRecording('/enroll/video', Buffer.from('clip'));
    expect(upload.status).toBe(403);
    expect(JSON.parse(upload.text).error.code).toBe('NO_ENROLLMENT');
  });

  it('has no route that hands a token to the browser', async () => {
    const agent = new WebAgent(running.url);
    await agent.get('/signup');
    for (const path of ['/login/token', '/enroll/token']) expect((await agent.postJson(path)).status).toBe(404);
  });
});

describe('flow guards', () => {
  it('sends visitors without a session state to the right step', async () => {
    const agent = new WebAgent(running.url);
    expect((await agent.get('/profile')).location).toBe('/login');
    expect((await agent.get('/enroll')).location).toBe('/signup');
    expect((await agent.get('/login/face')).location).toBe('/login');
  });

  it('validates the email before calling the Onboarding API', async () => {
    const agent = new WebAgent(running.url);
    await agent.get('/login');
    const res = await agent.post('/login/start', { email: 'not-an-email' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Please enter a valid email address.');
  });

  it('shows a clear page when the Onboarding API is unreachable', async () => {
    const agent = new WebAgent(running.url);
    await agent.get('/signup');
    const res = await agent.post('/signup', { email: 'down@example.com' });
    expect(res.status).toBe(502);
    expect(res.text).toContain('The face service could not complete the request.');
  });
});

describe('sessions', () => {
  it('keeps sessions in SQLite across a restart', async () => {
    const agent = new WebAgent(running.url);
    await agent.get('/signup');
    await running.close();
    running = await start();
    const restarted = new WebAgent(running.url);
    restarted.cookies.set('example.sid', agent.cookies.get('example.sid') ?? '');
    // The old token is still this session's token: the post gets past CSRF to validation.
    const res = await restarted.post('/signup', { email: 'bad', _csrf: agent.csrf });
    expect(res.status).toBe(400);
  });

  it('destroys the session on logout', async () => {
    const agent = new WebAgent(running.url);
    await agent.get('/signup');
    const res = await agent.post('/logout');
    expect(res.status).toBe(303);
    expect(res.location).toBe('/');
    const again = await agent.post('/signup', { email: 'bad' });
    expect(again.status).toBe(403);
  });
});

describe('data at rest', () => {
  it('makes an open data dir private and keeps its files 0600', async () => {
    const dir = join(dataDir, 'open');
    mkdirSync(dir, { mode: 0o755 });
    chmodSync(dir, 0o755);
    writeFileSync(join(dir, 'example.sqlite'), '', { mode: 0o644 });
    chmodSync(join(dir, 'example.sqlite'), 0o644);
    const app = createExampleApp({ dataDir: dir, onboardingUrl, apiKey: 'k' });
    app.close();
    const mode = (f: string) => (statSync(join(dir, f)).mode & 0o777).toString(8);
    expect(mode('.')).toBe('700');
    expect(mode('tmp')).toBe('700');
    for (const f of readdirSync(dir).filter((n) => n !== 'tmp')) expect([f, mode(f)]).toEqual([f, '600']);
  });
});

describe('options', () => {
  it('names the bad option', () => {
    expect(() => createExampleApp({ dataDir, onboardingUrl: 'ftp://x', apiKey: 'k' })).toThrow(/`onboardingUrl`/);
    expect(() => createExampleApp({ dataDir, onboardingUrl, apiKey: 'k', thresholds: { liveness: 101 } })).toThrow(
      /`thresholds.liveness`/,
    );
  });
});
