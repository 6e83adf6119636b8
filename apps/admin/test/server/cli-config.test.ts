import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEnv, startAdminServer } from '../../server/index.js';
import { deadOnboardingUrl } from './closed-port.js';
import { Agent } from './http-agent.js';

const run = promisify(execFile);
const cli = resolve(import.meta.dirname, '../../server/cli.ts');
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'alice-admin-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function addReviewer(email: string, password: string) {
  return run(process.execPath, ['--import', 'tsx', cli, 'add-reviewer', email], {
    env: { ...process.env, ADMIN_DATA_DIR: dir, ADMIN_REVIEWER_PASSWORD: password },
  });
}

describe('add-reviewer CLI', () => {
  it('adds a reviewer who can then sign in, and resets the password when run again', async () => {
    expect((await addReviewer('cli@example.com', 'first password 123')).stdout).toContain('Reviewer cli@example.com added.');
    expect((await addReviewer('cli@example.com', 'second password 456')).stdout).toContain('Password reset for reviewer cli@example.com.');
    const admin = await startAdminServer({ dataDir: dir, onboardingUrl: await deadOnboardingUrl(), apiKey: 'k', log: () => {} });
    try {
      expect((await new Agent(admin.url).signIn('cli@example.com', 'first password 123')).status).toBe(401);
      expect((await new Agent(admin.url).signIn('cli@example.com', 'second password 456')).status).toBe(200);
    } finally {
      await admin.close();
    }
  });

  it('refuses a short password', async () => {
    await expect(addReviewer('short@example.com', 'short')).rejects.toMatchObject({ stderr: expect.stringContaining('at least 10 characters') });
  });
});

describe('readEnv', () => {
  it('reads thresholds and flags, with defaults', () => {
    const env = readEnv({ ONBOARDING_API_KEY: 'k', ADMIN_LIVENESS_THRESHOLD: '65', ADMIN_SECURE_COOKIES: 'true' });
    expect(env).toMatchObject({ ADMIN_LIVENESS_THRESHOLD: 65, ADMIN_MATCHING_THRESHOLD: 50, ADMIN_SECURE_COOKIES: true, ADMIN_PORT: 3100 });
  });

  it('reads ADMIN_TRUST_PROXY as a hop count or addresses, never true, and flags as true/false or 1/0', () => {
    expect(readEnv({ ONBOARDING_API_KEY: 'k', ADMIN_TRUST_PROXY: '1', ADMIN_SECURE_COOKIES: '0' })).toMatchObject({ ADMIN_TRUST_PROXY: 1, ADMIN_SECURE_COOKIES: false });
    expect(readEnv({ ONBOARDING_API_KEY: 'k', ADMIN_TRUST_PROXY: '10.0.0.0/8, loopback' }).ADMIN_TRUST_PROXY).toEqual(['10.0.0.0/8', 'loopback']);
    expect(readEnv({ ONBOARDING_API_KEY: 'k' }).ADMIN_TRUST_PROXY).toBe(false);
    expect(() => readEnv({ ONBOARDING_API_KEY: 'k', ADMIN_TRUST_PROXY: 'true' })).toThrow(/ADMIN_TRUST_PROXY: .*spoof X-Forwarded-For/);
    expect(() => readEnv({ ONBOARDING_API_KEY: 'k', ADMIN_SECURE_COOKIES: 'yes' })).toThrow(/ADMIN_SECURE_COOKIES: must be true or false/);
  });

  it('names every bad variable', () => {
    expect(() => readEnv({ ADMIN_MATCHING_THRESHOLD: '150' })).toThrow(/ONBOARDING_API_KEY[\s\S]*ADMIN_MATCHING_THRESHOLD/);
    expect(() => readEnv({ ONBOARDING_API_KEY: 'k', ADMIN_REVIEWER_EMAIL: 'a@b.co' })).toThrow(/both ADMIN_REVIEWER_EMAIL and ADMIN_REVIEWER_PASSWORD/);
  });
});
