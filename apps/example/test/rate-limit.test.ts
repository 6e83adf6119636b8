// The per-address limit on the email step, a new login attempt, POST /login and
// sign-up, over real HTTP on loopback (short windows where one must end), and
// shared with sessions by two instances on one Redis. The Onboarding API
// URL points at a closed port: every request here is answered before it is
// needed (bad emails, no login in the session), or not at all (429).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshRedisDb } from '../../../test-support/redis.js';
import { haveServices, service } from '../../../test-support/services.js';
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

/** An app with its own data dir. */
async function start(extra: Partial<ExampleAppOptions> & { redisUrl?: string } = {}) {
  const app = await startExampleApp({
    dataDir: mkdtempSync(join(dataRoot, 'app-')),
    onboardingUrl,
    apiKey: 'test-key',
    sessionSecret: 'a-test-secret-of-enough-length',
    loginRateLimit: { max: MAX },
    ...extra,
  });
  started.push(app);
  return { url: app.url };
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
    const app = await start({ loginRateLimit: { max: MAX, windowMs: 3_000 } });
    const agent = await agentAt(app.url);
    for (let i = 0; i < MAX; i++) await attempts[0]!(agent);
    const limited = await attempts[0]!(agent);
    expect(limited.status).toBe(429);
    expect(limited.text).toContain('Please wait a minute and try again.');
    // Pages, static files and the other POSTs are not limited.
    expect((await agent.get('/login')).status).toBe(200);
    expect((await agent.get('/signup')).status).toBe(200);
    expect((await agent.get('/static/face-capture.js')).status).toBe(200);
    const enroll = await agent.postRecording('/enroll/video', Buffer.from('clip'));
    expect(JSON.parse(enroll.text).error.code).toBe('NO_ENROLLMENT');
    expect((await agent.post('/logout')).status).toBe(303);

    await new Promise((r) => setTimeout(r, Number(limited.headers.get('retry-after')) * 1000 + 200));
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

describe.runIf(haveServices(['redis'], 'the example on a shared Redis'))('two instances sharing one Redis', () => {
  it('count one budget per address, and share sessions: a form from one is accepted by the other', async () => {
    const redisUrl = await freshRedisDb(service('redisUrl'));
    const [a, b] = [await start({ redisUrl }), await start({ redisUrl })];
    const onA = await agentAt(a.url);
    const onB = new WebAgent(b.url);
    for (const [k, v] of onA.cookies) onB.cookies.set(k, v);
    onB.csrf = onA.csrf;
    // The session (and its CSRF token) made by A is B's too: the form is judged on its email, not refused as forged.
    expect((await onB.post('/login/start', { email: 'not-an-email' })).status).toBe(400);
    for (let i = 1; i < MAX; i++) expect((await (i % 2 ? onA : onB).post('/login/start', { email: 'not-an-email' })).status).toBe(400);
    expect((await onA.post('/login/start', { email: 'not-an-email' })).status).toBe(429);
    expect((await onB.post('/signup', { email: 'not-an-email' })).status).toBe(429);
  });

  it('without Redis, each instance has its own sessions: the other refuses the form', async () => {
    const [a, b] = [await start(), await start()];
    const onA = await agentAt(a.url);
    const onB = new WebAgent(b.url);
    for (const [k, v] of onA.cookies) onB.cookies.set(k, v);
    onB.csrf = onA.csrf;
    expect((await onB.post('/login/start', { email: 'not-an-email' })).status).toBe(403);
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
