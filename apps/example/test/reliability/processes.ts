// The reliability stack as separate processes, so the load generator (this
// test process) does not share an event loop with what it measures: the
// onboarding server's CLI and the example app (example-child.mjs), both
// built, on loopback ports. Also the enrollment and login steps the page
// does, for preparing real authentications.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { expect } from 'vitest';
import { OnboardingClient } from '@alice-face/onboarding-client';
import { uploadAsBrowser } from '../helpers/stack.js';
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
    ONBOARDING_DATA_DIR: dataDir, ONBOARDING_PORT: '0', ONBOARDING_API_KEY: apiKey, ONBOARDING_LOG_LEVEL: 'warn', ONBOARDING_WORKERS: '1',
    // These flows log in passively (no challenge_id); the server requires challenges unless told otherwise.
    ONBOARDING_REQUIRE_CHALLENGE: 'false', ...env,
  }, /Onboarding API at (\S+)/);
}

export function startExampleChild(options: Record<string, unknown>): Promise<Child> {
  return spawnAndWait([join(import.meta.dirname, 'example-child.mjs'), JSON.stringify(options)], {}, /Example app at (\S+)/);
}

/** Signs up through the app, enrolls `clip` as the page does, and has the API approve the user. */
export async function enrollThroughApp(appUrl: string, onboardingUrl: string, client: OnboardingClient, email: string, clip: string): Promise<string> {
  const agent = new WebAgent(appUrl);
  await agent.get('/signup');
  expect((await agent.post('/signup', { email })).status).toBe(303);
  await agent.get('/enroll');
  const token = JSON.parse((await agent.postJson('/enroll/token')).text) as { token: string };
  const upload = await uploadAsBrowser(`${onboardingUrl}/user/selfie`, token.token, clip);
  expect(upload.status).toBe(200);
  const done = await agent.post('/enroll/complete', { selfie_id: String(upload.body.selfie_id) });
  expect(done.status, `enrollment of ${email} (face_liveness ${String(upload.body.face_liveness)})`).toBe(200);
  const userId = (await client.getUsers({ filterField: 'email', filterValue: email })).users[0]!.user_id;
  await client.enableAuthentication(userId);
  return userId;
}

/** The page's login steps up to the upload: email, user token, `clip` to /user/authenticate. */
export async function authenticationThroughApp(appUrl: string, onboardingUrl: string, email: string, clip: string): Promise<string> {
  const agent = new WebAgent(appUrl);
  await agent.get('/login');
  expect((await agent.post('/login/start', { email })).location).toBe('/login/face');
  await agent.get('/login/face');
  const token = JSON.parse((await agent.postJson('/login/token')).text) as { token: string };
  const upload = await uploadAsBrowser(`${onboardingUrl}/user/authenticate`, token.token, clip);
  expect(upload.status).toBe(200);
  return String(upload.body.authentication_id);
}

/** One login as a new visitor: the email step, then POST /login with a prepared id. */
export async function loginOnce(appUrl: string, email: string, authenticationId: string): Promise<{ ok: boolean; status: number; failure: string | null; loginMs: number }> {
  const agent = new WebAgent(appUrl);
  await agent.get('/login');
  const started = await agent.post('/login/start', { email });
  if (started.location !== '/login/face') return { ok: false, status: started.status, failure: 'EMAIL_STEP', loginMs: 0 };
  const t0 = performance.now();
  const res = await agent.post('/login', { authentication_id: authenticationId });
  const loginMs = performance.now() - t0;
  return { ok: res.status === 303 && res.location === '/profile', status: res.status, failure: res.headers.get('x-login-failure'), loginMs };
}
