// The reliability stack as separate processes, so the load generator (this
// test process) does not share an event loop with what it measures: the
// onboarding server's CLI and the example app (example-child.mjs), both
// built, on loopback ports. Also the enrollment and login steps the page
// does (recordings posted to the app, which forwards them).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { expect } from 'vitest';
import { OnboardingClient } from '@alice-face/onboarding-client';
import { WebAgent } from '../helpers/web-agent.js';

const require = createRequire(import.meta.url);
const onboardingCli = join(dirname(require.resolve('@alice-face/onboarding-server')), 'cli.js');

export interface Child {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

function spawnAndWait(args: string[], env: Record<string, string>, banner: RegExp): Promise<Child> {
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    const onData = (c: Buffer) => {
      out += c.toString();
      const m = banner.exec(out);
      if (m) resolve({ url: m[1]!, child, stop: async () => { if (child.exitCode === null && child.signalCode === null) { child.kill('SIGTERM'); await exited; } } });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
    void exited.then(() => reject(new Error(`${args.join(' ')} exited before it was ready:\n${out}`)));
  });
}

export const newApiKey = (): string => `ak_${randomBytes(32).toString('base64url')}`;

export function startOnboardingChild(dataDir: string, apiKey: string, env: Record<string, string> = {}): Promise<Child> {
  return spawnAndWait([onboardingCli, 'serve'], {
    ONBOARDING_DATA_DIR: dataDir, ONBOARDING_PORT: '0', ONBOARDING_API_KEY: apiKey, ONBOARDING_LOG_LEVEL: 'warn', ONBOARDING_WORKERS: '1', ...env,
  }, /Onboarding API at (\S+)/);
}

export function startExampleChild(options: Record<string, unknown>): Promise<Child> {
  return spawnAndWait([join(import.meta.dirname, 'example-child.mjs'), JSON.stringify(options)], {}, /Example app at (\S+)/);
}

/** Signs up through the app, enrolls `clip` as the page does (the app forwards it), and has the API approve the user. */
export async function enrollThroughApp(appUrl: string, client: OnboardingClient, email: string, clip: string): Promise<string> {
  const agent = new WebAgent(appUrl);
  await agent.get('/signup');
  expect((await agent.post('/signup', { email })).status).toBe(303);
  // The consent comes before any recording.
  await agent.get('/consent?for=enroll');
  expect((await agent.post('/consent', { purpose: 'enroll', agree: 'yes' })).location).toBe('/enroll');
  await agent.get('/enroll');
  expect((await agent.postRecording('/enroll/video', readFileSync(clip))).status).toBe(200);
  expect((await agent.post('/enroll/complete')).status, `enrollment of ${email}`).toBe(200);
  const userId = (await client.getUsers({ filterField: 'email', filterValue: email })).users[0]!.user_id;
  await client.enableAuthentication(userId);
  return userId;
}

/** The page's login steps up to the recording: email, an attempt, `clip` posted to the app. The agent's session holds the attempt. */
export async function recordingThroughApp(appUrl: string, email: string, clip: Buffer): Promise<{ agent: WebAgent; attempt: string }> {
  const agent = new WebAgent(appUrl);
  await agent.get('/login');
  expect((await agent.post('/login/start', { email })).location).toBe('/login/face');
  await agent.get('/login/face');
  const opened = await agent.postJson('/login/attempt');
  expect(opened.status).toBe(200);
  const { login_attempt: attempt } = JSON.parse(opened.text) as { login_attempt: string };
  const upload = await agent.postRecording('/login/video', clip, { login_attempt: attempt });
  expect(upload.status).toBe(200);
  return { agent, attempt };
}

/** One whole login as a new visitor: every step, the recording included; `ok` when it ends as `expect` says. */
export async function loginOnce(appUrl: string, email: string, clip: Buffer, expect: 'profile' | 'refused'): Promise<{ ok: boolean; status: number; failure: string | null; loginMs: number }> {
  const { agent, attempt } = await recordingThroughApp(appUrl, email, clip);
  const t0 = performance.now();
  const res = await agent.post('/login', { login_attempt: attempt });
  const loginMs = performance.now() - t0;
  const ok = expect === 'profile' ? res.status === 303 && res.location === '/profile' : res.status === 401;
  return { ok, status: res.status, failure: res.headers.get('x-login-failure'), loginMs };
}
