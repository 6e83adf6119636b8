// The per-address limit on the email step, a new login attempt, POST /login and
// sign-up, over real HTTP on loopback with a moved clock. The Onboarding API
// URL points at a closed port: every request here is answered before it is
// needed (bad emails, no login in the session), or not at all (429).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExampleApp, startExampleApp, type ExampleAppOptions, type RunningExampleApp } from '../src/index.js';
import { readEnv } from '../src/config.js';
import { freePort } from './helpers/stack.js';
import { WebAgent } from './helpers/web-agent.js';

const MAX = 4;
const WINDOW_MS = 15 * 60 * 1000;
let dataRoot: string;
let onboardingUrl: string;
const started: RunningExampleApp[] = [];

beforeAll(async () => {
  dataRoot = mkdtempSync(join(tmpdir(), 'example-rate-limit-'));
  onboardingUrl = `http://127.0.0.1:${await freePort()}/onboarding`;
});

afterAll(async () => {
  for (const app of started) await app.close();
  rmSync(dataRoot, { recursive: true, force: true });
});

/** An app with its own data dir and a clock the test moves. */
async function start(extra: Partial<ExampleAppOptions> = {}) {
  let now = 1_800_000_000_000;
  const app = await startExampleApp({
    dataDir: mkdtempSync(join(dataRoot, 'app-')),
    onboardingUrl,
    apiKey: 'test-key',
    sessionSecret: 'a-test-secret-of-enough-length',
    loginRateLimit: { max: MAX },
    now: () => now,
    ...extra,
  });
  started.push(app);
  return { url: app.url, advance: (ms: number) => (now += ms) };
}

async function agentAt(url: string): Promise<WebAgent> {
  const agent = new WebAgent(url);
  await agent.get('/login');
  return agent;
}

/** One attempt at each limited route in turn; none of them reaches the Onboarding API. */
const attempts = [
  (a: WebAgent, h?: Record<string, string>) => a.post('/login/start', { email: 'not-an-email' }, h),
  (a: WebAgent, h?: Record<string, string>) => a.post('/signup', { email: 'not-an-email' }, h),
  (a: WebAgent, h?: Record<string, string>) => a.post('/login', { login_attempt: 'x' }, h),
  (a: WebAgent, h?: Record<string, string>) => a.postJson('/login/attempt', undefined, h),
];
const expectedBefore = [400, 400, 303, 403];

describe('attempt rate limit', () => {
  it('counts the email step, sign-up, POST /login and a new login attempt together, then answers 429 with Retry-After', async () => {
    const app = await start();
    const agent = await agentAt(app.url);
    for (let i = 0; i < MAX; i++) expect((await attempts[i]!(agent)).status, `attempt ${i + 1}`).toBe(expectedBefore[i]);

    const page = await agent.post('/login/start', { email: 'someone@example.com' });
    expect(page.status).toBe(429);
    expect(page.headers.get('retry-after')).toBe(String(WINDOW_MS / 1000));
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(page.text).toContain('Too many attempts');
    expect(page.text).toContain('Please wait 15 minutes and try again.');

    const json = await agent.postJson('/login/attempt');
    expect(json.status).toBe(429);
    expect(Number(json.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(JSON.parse(json.text)).toEqual({ error: { code: 'TOO_MANY_ATTEMPTS', message: expect.stringMatching(/^Too many attempts/) } });
    expect((await agent.post('/signup', { email: 'not-an-email' })).status).toBe(429);
    expect((await agent.post('/login', { login_attempt: 'x' })).status).toBe(429);
  });

  it('leaves other routes open and starts over when the window has passed', async () => {
    const app = await start();
    const agent = await agentAt(app.url);
    for (let i = 0; i < MAX; i++) await attempts[0]!(agent);
    expect((await attempts[0]!(agent)).status).toBe(429);
    // Pages, static files and the other POSTs are not limited.
    expect((await agent.get('/login')).status).toBe(200);
    expect((await agent.get('/signup')).status).toBe(200);
    expect((await agent.get('/static/face-capture.js')).status).toBe(200);
    const enroll = await agent.postRecording('/enroll/video', Buffer.from('clip'));
    expect(JSON.parse(enroll.text).error.code).toBe('NO_ENROLLMENT');
    expect((await agent.post('/logout')).status).toBe(303);

    app.advance(WINDOW_MS - 1_000);
    const late = await (await agentAt(app.url)).post('/login/start', { email: 'not-an-email' });
    expect(late.status).toBe(429);
    expect(late.headers.get('retry-after')).toBe('1');
    app.advance(1_000);
    expect((await (await agentAt(app.url)).post('/login/start', { email: 'not-an-email' })).status).toBe(400);
  });

  it('keeps addresses apart behind a trusted proxy, and ignores X-Forwarded-For otherwise', async () => {
    const proxied = await start({ trustProxy: ['loopback'] });
    const a = await agentAt(proxied.url);
    const first = { 'x-forwarded-for': '203.0.113.1' };
    for (let i = 0; i < MAX; i++) await attempts[0]!(a, first);
    expect((await attempts[0]!(a, first)).status).toBe(429);
    expect((await attempts[0]!(a, { 'x-forwarded-for': '203.0.113.2' })).status).toBe(400);

    const direct = await start();
    const b = await agentAt(direct.url);
    for (let i = 0; i < MAX; i++) await attempts[0]!(b, { 'x-forwarded-for': `198.51.100.${i + 1}` });
    expect((await attempts[0]!(b, { 'x-forwarded-for': '198.51.100.99' })).status).toBe(429);
  });

  it('is off with a limit of 0', async () => {
    const app = await start({ loginRateLimit: { max: 0 } });
    const agent = await agentAt(app.url);
    for (let i = 0; i < 40; i++) expect((await attempts[i % attempts.length]!(agent)).status).toBe(expectedBefore[i % attempts.length]);
  });
});

describe('rate limit configuration', () => {
  it('defaults to 30 per address per 15 minutes, and reads LOGIN_RATE_LIMIT and TRUST_PROXY', () => {
    const dataDir = mkdtempSync(join(dataRoot, 'opts-'));
    const example = createExampleApp({ dataDir, onboardingUrl, apiKey: 'k' });
    expect(example.options.loginRateLimit).toEqual({ max: 30, windowMs: WINDOW_MS });
    expect(example.options.trustProxy).toBe(false);
    example.close();
    const env = { ONBOARDING_API_KEY: 'k' };
    expect(readEnv(env)).toMatchObject({ LOGIN_RATE_LIMIT: 30 });
    expect(readEnv({ ...env, LOGIN_RATE_LIMIT: '0', TRUST_PROXY: 'loopback, 10.0.0.0/8' })).toMatchObject({
      LOGIN_RATE_LIMIT: 0,
      TRUST_PROXY: ['loopback', '10.0.0.0/8'],
    });
    expect(readEnv({ ...env, TRUST_PROXY: '1' }).TRUST_PROXY).toBe(1);
  });

  it('names the bad option or variable, and refuses trusting every proxy', () => {
    const dataDir = mkdtempSync(join(dataRoot, 'bad-'));
    expect(() => createExampleApp({ dataDir, onboardingUrl, apiKey: 'k', loginRateLimit: { max: -1 } })).toThrow(/`loginRateLimit.max`/);
    expect(() => createExampleApp({ dataDir, onboardingUrl, apiKey: 'k', trustProxy: ['not-an-ip'] })).toThrow(/`trustProxy`/);
    expect(() => readEnv({ ONBOARDING_API_KEY: 'k', TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY: .*spoof X-Forwarded-For/);
    expect(() => readEnv({ ONBOARDING_API_KEY: 'k', LOGIN_RATE_LIMIT: 'many' })).toThrow(/LOGIN_RATE_LIMIT/);
  });
});
