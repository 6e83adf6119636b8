import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAdminServer } from '../../server/index.js';
import type { AdminServer } from '../../server/index.js';
import { deadOnboardingUrl } from './closed-port.js';
import { Agent } from './http-agent.js';

// Sign-in, cookies, CSRF, lockout and rate limit. These need no onboarding
// server; where a decision is tried, the onboarding URL is a closed port.
const REVIEWER = { email: 'lead@example.com', password: 'a long enough password' };
let dir: string;
let admin: AdminServer;
let onboardingUrl: string;

async function start(extra: Partial<Parameters<typeof startAdminServer>[0]> = {}) {
  return startAdminServer({ dataDir: join(dir, 'admin'), onboardingUrl, apiKey: 'unused-key', reviewer: REVIEWER, log: () => {}, ...extra });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'alice-admin-auth-'));
  onboardingUrl = await deadOnboardingUrl();
  admin = await start({ lockout: { maxFailures: 3, lockMs: 60_000 }, loginRateLimit: { limit: 8, windowMs: 60_000 } });
});

afterAll(async () => {
  await admin?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('sign-in', () => {
  it('refuses the API without a session', async () => {
    const res = await new Agent(admin.url).get('/api/enrollments');
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ error: { code: 'NOT_SIGNED_IN', message: 'Sign in first.' } });
  });

  it('sets an httpOnly, SameSite=Strict session cookie (not Secure over plain http) and a CSRF token', async () => {
    const agent = new Agent(admin.url);
    const res = await agent.signIn(REVIEWER.email, REVIEWER.password);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ reviewer: { email: REVIEWER.email } });
    expect(agent.csrf).toMatch(/^[\w-]{40,}$/);
    const cookie = res.setCookie.find((c) => c.startsWith('alice_admin_sid='))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(cookie).not.toMatch(/Secure/i);
    expect((await agent.get('/api/session')).body).toEqual({ reviewer: { email: REVIEWER.email }, csrf_token: agent.csrf });
    expect((await agent.get('/api/config')).body).toEqual({ thresholds: { liveness: 50, matching: 50 }, poll_interval_ms: 5000 });
  });

  it('rejects a wrong password with one message for unknown and known emails', async () => {
    const a = await new Agent(admin.url).signIn('nobody@example.com', 'whatever password');
    const b = await new Agent(admin.url).signIn('someone-else@example.com', 'whatever password');
    expect(a.status).toBe(401);
    expect(a.body).toEqual(b.body);
    expect(a.body.error.code).toBe('INVALID_CREDENTIALS');
  });

  it('needs the CSRF header for writes, and a sign-out ends the session server side', async () => {
    const agent = new Agent(admin.url);
    await agent.signIn(REVIEWER.email, REVIEWER.password);
    const stolenCookie = agent.cookie;
    const noToken = await agent.post('/api/enrollments/u1/decisions', { action: 'authorize' }, { csrf: false });
    expect(noToken.status).toBe(403);
    expect(noToken.body.error.code).toBe('CSRF_TOKEN_INVALID');
    const wrongToken = await agent.request('POST', '/api/logout', undefined, { csrf: false, headers: { 'x-csrf-token': 'x'.repeat(43) } });
    expect(wrongToken.status).toBe(403);

    expect((await agent.post('/api/logout')).status).toBe(200);
    const replay = new Agent(admin.url);
    replay.cookie = stolenCookie;
    expect((await replay.get('/api/enrollments')).status).toBe(401);
  });

  it('only accepts JSON at sign-in (a cross-site form cannot post it)', async () => {
    const res = await new Agent(admin.url).request('POST', '/api/login', `email=${REVIEWER.email}&password=x`, {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.status).toBe(415);
  });

  it('issues a new session id at sign-in (no fixation)', async () => {
    const agent = new Agent(admin.url);
    await agent.signIn(REVIEWER.email, REVIEWER.password);
    const first = agent.cookie;
    await agent.signIn(REVIEWER.email, REVIEWER.password);
    expect(agent.cookie).not.toBe(first);
  });
});

describe('lockout and rate limit', () => {
  it('locks an account after 3 failures, even for the right password', async () => {
    const email = 'locked@example.com';
    const second = await start({ dataDir: join(dir, 'lockout'), reviewer: { email, password: REVIEWER.password }, lockout: { maxFailures: 3, lockMs: 60_000 } });
    try {
      for (let i = 0; i < 2; i++) expect((await new Agent(second.url).signIn(email, 'wrong password!')).status).toBe(401);
      const third = await new Agent(second.url).signIn(email, 'wrong password!');
      expect(third.status).toBe(423);
      expect(third.body.error.code).toBe('ACCOUNT_LOCKED');
      const right = await new Agent(second.url).signIn(email, REVIEWER.password);
      expect(right.status).toBe(423);
      expect(Number(right.headers.get('retry-after'))).toBeGreaterThan(0);
    } finally {
      await second.close();
    }
  });

  it('sends helmet headers with a strict CSP on pages and API answers', async () => {
    for (const path of ['/', '/api/session']) {
      const res = await fetch(`${admin.url}${path}`);
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('x-frame-options'), path).toBe('DENY');
      expect(res.headers.get('content-security-policy'), path).toMatch(/script-src 'self'/);
      expect(res.headers.get('content-security-policy'), path).toMatch(/frame-ancestors 'none'/);
      expect(res.headers.get('x-powered-by'), path).toBeNull();
    }
  });

  it('limits sign-in attempts per IP with 429 and Retry-After', async () => {
    const third = await start({ dataDir: join(dir, 'ratelimit'), loginRateLimit: { limit: 4, windowMs: 60_000 } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await new Agent(third.url).signIn(`x${i}@example.com`, 'wrong password!')).status);
      expect(statuses).toEqual([401, 401, 401, 401, 429]);
      const limited = await new Agent(third.url).signIn(REVIEWER.email, REVIEWER.password);
      expect(limited.status).toBe(429);
      expect(limited.body.error.code).toBe('TOO_MANY_ATTEMPTS');
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    } finally {
      await third.close();
    }
  });

  it('behind a proxy named by trustProxy, limits each forwarded client address on its own; refuses trustProxy true', async () => {
    const proxied = await start({ dataDir: join(dir, 'proxied'), trustProxy: 'loopback', loginRateLimit: { limit: 2, windowMs: 60_000 } });
    try {
      const from = (address: string) => new Agent(proxied.url).request('POST', '/api/login', { email: 'x@example.com', password: 'wrong password!' }, { headers: { 'x-forwarded-for': address } });
      const statuses: number[] = [];
      for (const address of ['203.0.113.7', '203.0.113.7', '203.0.113.7', '198.51.100.9']) statuses.push((await from(address)).status);
      expect(statuses).toEqual([401, 401, 429, 401]);
    } finally {
      await proxied.close();
    }
    await expect(start({ dataDir: join(dir, 'trust-all'), trustProxy: true })).rejects.toThrow(/trustProxy.*spoof X-Forwarded-For/);
  });

  it('marks cookies Secure when configured', async () => {
    const secure = await start({ dataDir: join(dir, 'secure'), secureCookies: true, trustProxy: 1 });
    try {
      // Behind a TLS-terminating proxy that says so; express-session only sends a Secure cookie over https.
      const res = await new Agent(secure.url).request('POST', '/api/login', REVIEWER, { headers: { 'x-forwarded-proto': 'https' } });
      expect(res.status).toBe(200);
      expect(res.setCookie.find((c) => c.startsWith('alice_admin_sid='))).toMatch(/;\s*Secure/i);
    } finally {
      await secure.close();
    }
  });
});

describe('sessions and audit storage', () => {
  it('keeps sessions in SQLite across a restart', async () => {
    const agent = new Agent(admin.url);
    await agent.signIn(REVIEWER.email, REVIEWER.password);
    await admin.close();
    admin = await start();
    agent.baseUrl = admin.url;
    expect((await agent.get('/api/session')).body.reviewer).toEqual({ email: REVIEWER.email });
  });

  it('audits a decision that fails because the onboarding server is down, and the entry cannot be changed', async () => {
    const agent = new Agent(admin.url);
    await agent.signIn(REVIEWER.email, REVIEWER.password);
    const res = await agent.post('/api/enrollments/user123/decisions', { action: 'authorize', reason: 'Looks fine' });
    expect(res.status).toBe(502);
    expect(res.body.error.code).toBe('ONBOARDING_UNREACHABLE');
    const audit = await agent.get('/api/audit?outcome=failure');
    expect(audit.body.entries[0]).toMatchObject({
      reviewer_email: REVIEWER.email,
      action: 'authorize',
      user_id: 'user123',
      reason: 'Looks fine',
      outcome: 'failure',
      error_code: 'NETWORK_ERROR',
    });
    expect(res.body.error.details).toEqual({ audit_id: audit.body.entries[0].id });

    const db = new Database(join(dir, 'admin', 'admin.sqlite'));
    try {
      expect(() => db.prepare("UPDATE audit SET outcome = 'success'").run()).toThrow(/immutable/);
      expect(() => db.prepare('DELETE FROM audit').run()).toThrow(/immutable/);
    } finally {
      db.close();
    }
    expect((await agent.request('DELETE', '/api/audit/1')).status).toBe(404);
  });

  it('rejects a malformed decision', async () => {
    const agent = new Agent(admin.url);
    await agent.signIn(REVIEWER.email, REVIEWER.password);
    const res = await agent.post('/api/enrollments/user123/decisions', { action: 'approve' });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'INVALID_REQUEST', details: { fields: ['action'] } });
  });
});
