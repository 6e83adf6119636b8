// The CLI as a user runs it: API key management, a clear message for a bad
// environment, and `serve` printing its key once and draining on SIGTERM.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../test-support/processes.js';
import { backendFor } from './backend.js';

const cwd = join(import.meta.dirname, '..');
const dataDir = mkdtempSync(join(tmpdir(), 'onboarding-cli-'));
let env: NodeJS.ProcessEnv = { ...process.env, ONBOARDING_DATA_DIR: dataDir, ONBOARDING_LOG_LEVEL: 'silent' };

// On the postgres project, the same commands through the environment an operator sets.
beforeAll(async () => {
  const b = await backendFor(dataDir);
  if (!b.databaseUrl) return;
  env = {
    ...env,
    ONBOARDING_DATABASE_URL: b.databaseUrl,
    ONBOARDING_JWT_SECRET: b.jwtSecret,
    ONBOARDING_MEDIA_URL: b.mediaUrl,
    ONBOARDING_S3_ENDPOINT: b.s3?.endpoint,
    ONBOARDING_S3_REGION: b.s3?.region,
    AWS_ACCESS_KEY_ID: b.s3?.credentials?.accessKeyId,
    AWS_SECRET_ACCESS_KEY: b.s3?.credentials?.secretAccessKey,
    ONBOARDING_REDIS_URL: b.redisUrl,
  };
});
const cli = (args: string[], extraEnv: Record<string, string> = {}) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { cwd, env: { ...env, ...extraEnv }, encoding: 'utf8' });

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('onboarding-server api-key', () => {
  it('creates, lists and revokes keys, storing no plain key', () => {
    const created = cli(['api-key', 'create', 'ci']);
    expect(created.status).toBe(0);
    const key = JSON.parse(created.stdout) as { id: string; prefix: string; key: string };
    expect(key.key).toMatch(/^ak_/);
    const listed = cli(['api-key', 'list']);
    expect(listed.stdout).toContain(key.prefix);
    expect(listed.stdout).not.toContain(key.key);
    expect(JSON.parse(cli(['api-key', 'revoke', key.prefix]).stdout)).toEqual({ revoked: 1 });
    const again = cli(['api-key', 'revoke', key.prefix]);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/No active API key/);
  });
  it('stops with a message naming a bad variable', () => {
    const bad = cli(['api-key', 'list'], { ONBOARDING_PORT: 'abc', ONBOARDING_CORS_ORIGINS: 'not a url', ONBOARDING_FAILED_AUTH_MAX: '0' });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/ONBOARDING_FAILED_AUTH_MAX/);
    expect(bad.stderr).toMatch(/ONBOARDING_PORT/);
    expect(bad.stderr).toMatch(/ONBOARDING_CORS_ORIGINS/);
  });
});

describe('onboarding-server migrate', () => {
  it('applies the migrations and exits, and again finds nothing to do', () => {
    for (let i = 0; i < 2; i++) {
      const run = cli(['migrate']);
      expect(run.status, run.stderr).toBe(0);
      expect(JSON.parse(run.stdout)).toEqual({ store: env.ONBOARDING_DATABASE_URL ? 'postgres' : 'sqlite', schema_version: expect.any(Number) });
    }
  });
  it('refuses a database URL without a JWT secret, and bad URLs, naming the variables', () => {
    const bad = cli(['migrate'], {
      ONBOARDING_DATABASE_URL: 'postgres://db.internal/onboarding',
      ONBOARDING_JWT_SECRET: '',
      ONBOARDING_MEDIA_URL: 'ftp://media',
      ONBOARDING_REDIS_URL: 'http://cache:6379',
    });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/ONBOARDING_JWT_SECRET: is required with ONBOARDING_DATABASE_URL/);
    expect(bad.stderr).toMatch(/ONBOARDING_MEDIA_URL: ftp: is not supported/);
    expect(bad.stderr).toMatch(/ONBOARDING_REDIS_URL: must start with redis:\/\//);
    expect(cli(['migrate'], { ONBOARDING_DATABASE_URL: 'mysql://db/x' }).stderr).toMatch(/ONBOARDING_DATABASE_URL: must be a postgres:\/\/ URL/);
  });
  it('says which database it could not open', async () => {
    const port = await freePort();
    const run = cli(['migrate'], { ONBOARDING_DATABASE_URL: `postgres://u@127.0.0.1:${port}/onboarding`, ONBOARDING_JWT_SECRET: 'x'.repeat(32) });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(new RegExp(`Could not open the PostgreSQL database onboarding at 127\\.0\\.0\\.1:${port}: .*ECONNREFUSED`));
  });
});

describe('onboarding-server serve', () => {
  it('prints a new API key once, serves, and exits 0 on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'serve'], { cwd, env: { ...env, ONBOARDING_PORT: '0' } });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      child.on('exit', (code) => reject(new Error(`serve exited early with ${code}`)));
      const timer = setInterval(() => {
        const m = /Onboarding API at (\S+)/.exec(out);
        if (m) {
          clearInterval(timer);
          resolve(m[1]!);
        }
      }, 50);
    });
    const key = /API key created[^\n]*\n\s+(\S+)/.exec(out)?.[1];
    expect(key).toMatch(/^ak_/);
    expect((await fetch(`${url}/login_token`, { headers: { apikey: key! } })).status).toBe(200);
    const code = await new Promise<number | null>((resolve) => {
      child.removeAllListeners('exit');
      child.on('exit', resolve);
      child.kill('SIGTERM');
    });
    expect(code).toBe(0);
  });
});
