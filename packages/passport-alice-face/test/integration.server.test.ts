// The strategy against the real onboarding server (its built CLI, run as a
// process) and the real face engine, on real fixture clips: enroll person A
// with real-selfie-1, enable face login, then log in through Express +
// Passport with another segment of A's clip (passes), person B's clip
// (FACE_MISMATCH) and a still photo of A replayed as a 3-s video
// (LIVENESS_TOO_LOW).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OnboardingClient } from '@alice-face/onboarding-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServerProcess, type ServerProcess } from '../../../test-support/onboarding-server.js';
import { fixture, hasFixtures } from './support/fixtures.js';
import { AliceFaceStrategy } from '../src/index.js';
import { post, startApp, type TestApp } from './support/app.js';
import { photoReplay, segment } from './support/clips.js';

describe.skipIf(!hasFixtures)('against the real onboarding server and face engine', () => {
  let dir: string;
  let server: ServerProcess;
  let client: OnboardingClient;
  let app: TestApp;
  let userA: string;
  let userB: string;
  const clips: Record<'same' | 'other' | 'photo', string> = { same: '', other: '', photo: '' };
  const login = (authenticationId: string, userId = userA) =>
    post(`${app.url}/login`, { authentication_id: authenticationId, user_id: userId });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'passport-alice-face-'));
    const a = fixture('videos/real-selfie-1.mp4'); // 3.1 s
    clips.same = segment(a, 1, 2.1, dir, 'a-later.mp4');
    clips.other = fixture('videos/real-selfie-2.mp4');
    clips.photo = photoReplay(a, 1, 3, dir, 'a-photo-replay.mp4');
    // Passive logins: no challenge required.
    server = await startServerProcess({ env: { ONBOARDING_WORKERS: '1', ONBOARDING_REQUIRE_CHALLENGE: 'false' } });
    client = new OnboardingClient({ apiKey: server.apiKey, baseUrl: server.url });
    userA = await client.createUser({ email: 'person-a@example.com' });
    userB = await client.createUser({ email: 'person-b@example.com' });
    await client.addSelfie(userA, a);
    await client.enableAuthentication(userA);
    const strategy = new AliceFaceStrategy(
      { client, userId: (req) => (req.body as { user_id?: string }).user_id },
      async (userId) => ({ id: `app-${userId}` }),
    );
    app = await startApp(strategy);
  });
  afterAll(async () => {
    await app?.close();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('logs A in with another segment of the same clip', async () => {
    const id = await client.authenticate(userA, clips.same);
    const res = await login(id);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.user).toEqual({ id: `app-${userA}` });
    expect(res.body.info.scores.liveness).toBeGreaterThanOrEqual(50);
    expect(res.body.info.scores.matching).toBeGreaterThanOrEqual(50);
    // The same id again is a replay, and A's id claimed by B does not exist for B.
    expect((await login(id)).body.challenge.code).toBe('AUTHENTICATION_REPLAYED');
    expect((await login(id, userB)).body.challenge.code).toBe('AUTHENTICATION_NOT_FOUND');
  });

  it("refuses another person's clip as FACE_MISMATCH", async () => {
    const res = await login(await client.authenticate(userA, clips.other));
    expect(res.status).toBe(401);
    expect(res.body.challenge.code).toBe('FACE_MISMATCH');
    expect(res.body.challenge.scores.matching).toBeLessThan(50);
  });

  it('refuses a still photo of A replayed as a video as LIVENESS_TOO_LOW', async () => {
    const res = await login(await client.authenticate(userA, clips.photo));
    expect(res.status).toBe(401);
    expect(res.body.challenge.code).toBe('LIVENESS_TOO_LOW');
    expect(res.body.challenge.scores.liveness).toBeLessThan(50);
  });
});
