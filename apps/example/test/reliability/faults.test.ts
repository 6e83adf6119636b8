// The Onboarding API failing under the example app: slow (answers after the
// client's timeout) and down (the server process stopped), then back. While
// it fails, POST /login is a strategy error (502 page), nobody is logged in,
// and the login attempt (the recording the app forwarded) is not used up;
// once the API is back, the same attempt logs the person in, once. A TCP proxy between the app and the API makes the
// "slow"; "down" is the real server closed and restarted on the same port
// and data dir. The replay store is the real one (SQLite).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OnboardingClient } from '@alice-face/onboarding-client';
import { startExampleApp, type RunningExampleApp } from '../../src/index.js';
import { fixture, hasFixtures } from '../helpers/fixtures.js';
import { cutClip } from '../helpers/media.js';
import { freePort } from '../helpers/stack.js';
import { WebAgent } from '../helpers/web-agent.js';
import { enrollThroughApp, recordingThroughApp } from './processes.js';

type Mode = 'pass' | 'slow';

/** Forwards TCP to `target`; in "slow" mode holds every answer back for `delayMs`. */
async function faultProxy(target: number, delayMs: number): Promise<{ port: number; mode: Mode; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const state = { port: 0, mode: 'pass' as Mode, close: () => new Promise<void>((r) => { for (const s of sockets) s.destroy(); server.close(() => r()); }) };
  const server: Server = createServer((client) => {
    const upstream = connect(target, '127.0.0.1');
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    }
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    client.on('close', () => upstream.destroy());
    client.pipe(upstream);
    upstream.on('data', (d: Buffer) => {
      if (state.mode === 'slow') setTimeout(() => !client.destroyed && client.write(d), delayMs);
      else client.write(d);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  state.port = (server.address() as { port: number }).port;
  return state;
}

describe.skipIf(!hasFixtures)('Onboarding API slow or down under the example app', () => {
  let dir: string;
  let apiPort: number;
  let apiKey = '';
  let onboarding: { url: string; apiKey: string; close(): Promise<void> };
  let proxy: Awaited<ReturnType<typeof faultProxy>>;
  let app: RunningExampleApp;
  const email = 'faults@example.com';
  let visitor: Awaited<ReturnType<typeof recordingThroughApp>>;
  const startApi = async () => {
    const { startOnboardingServer } = await import('@alice-face/onboarding-server');
    // The login here uploads without a challenge_id (authenticationThroughApp), so the server accepts passive ones.
    return startOnboardingServer({ dataDir: join(dir, 'onboarding'), port: apiPort, workers: 1, logLevel: 'warn', requireChallenge: false, ...(apiKey ? { apiKey } : {}) });
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'example-faults-'));
    apiPort = await freePort();
    onboarding = await startApi();
    apiKey = onboarding.apiKey;
    proxy = await faultProxy(apiPort, 3000);
    const viaProxy = onboarding.url.replace(`:${apiPort}/`, `:${proxy.port}/`);
    app = await startExampleApp({
      dataDir: join(dir, 'example'),
      onboardingUrl: viaProxy,
      apiKey,
      onboardingTimeoutMs: 1000,
      // Liveness is not what is tested here (and the engine's is being changed): see load.test.ts.
      thresholds: { liveness: 0, matching: 50 },
      maxAuthenticationAgeSeconds: 900,
      loginChallenge: false,
      loginAnswerFloorMs: 0,
    });
    // The analyses take longer than this app's 1-s timeout: the enrollment and the recording go
    // through a second instance on the same data dir (same accounts, same sessions), straight to the API.
    const setup = await startExampleApp({ dataDir: join(dir, 'example'), onboardingUrl: onboarding.url, apiKey, loginChallenge: false, loginAnswerFloorMs: 0 });
    const client = new OnboardingClient({ apiKey, baseUrl: onboarding.url });
    const video = fixture('videos/real-selfie-2.mp4');
    try {
      await enrollThroughApp(setup.url, client, email, await cutClip(video, 0, 2, join(dir, 'enroll.mp4')));
      const recorded = await recordingThroughApp(setup.url, email, readFileSync(await cutClip(video, 2, 2, join(dir, 'login.mp4'))));
      const agent = new WebAgent(app.url);
      for (const [k, v] of recorded.agent.cookies) agent.cookies.set(k, v);
      agent.csrf = recorded.agent.csrf;
      visitor = { agent, attempt: recorded.attempt };
    } finally {
      await setup.close();
    }
  });
  afterAll(async () => {
    await app?.close();
    await proxy?.close();
    await onboarding?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function refusedWhileFaulty(agent: WebAgent): Promise<void> {
    const res = await agent.post('/login', { login_attempt: visitor.attempt });
    expect(res.status).toBe(502);
    expect(res.text).toContain('The face service could not complete the request');
    expect(res.location).toBeNull();
    expect((await agent.get('/profile')).status).not.toBe(200);
  }

  it('errors while the API is slow, and logs nobody in', async () => {
    proxy.mode = 'slow';
    try {
      await refusedWhileFaulty(visitor.agent);
      // A new attempt needs the API too (the app asks it for a challenge): an error, not a crash.
      const other = new WebAgent(app.url);
      await other.get('/login');
      await other.post('/login/start', { email: 'someone.new@example.com' });
      expect((await other.postJson('/login/attempt')).status).toBe(502);
    } finally {
      proxy.mode = 'pass';
    }
  });

  it('errors while the API is down, and logs nobody in', async () => {
    await onboarding.close();
    await refusedWhileFaulty(visitor.agent);
    await refusedWhileFaulty(visitor.agent);
  });

  it('recovers when the API returns: the same, unused attempt logs the person in once', async () => {
    onboarding = await startApi();
    const res = await visitor.agent.post('/login', { login_attempt: visitor.attempt });
    expect(res.status).toBe(303);
    expect(res.location).toBe('/profile');
    expect((await visitor.agent.get('/profile')).text).toContain(email);
  });
});
