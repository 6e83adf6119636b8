// The events of selfies and authentications, with the real face engine on a
// photo of a fixture clip: selfie_added carries the selfie's face_liveness,
// selfie_voided the ids voided, authentication_created the id and no score.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, hasFixtures } from './fixtures.js';
import { startTestServer, videoForm, type TestServer } from './helpers.js';
import { frameOf } from './media.js';
import { FAST, LOOPBACK, subscribe } from './webhook-helpers.js';
import { Receiver } from './webhook-receiver.js';

describe.skipIf(!hasFixtures)('selfie and authentication events', () => {
  let s: TestServer;
  let dir: string;
  let photo: Buffer;
  const receiver = new Receiver();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'onboarding-webhook-events-'));
    photo = readFileSync(frameOf(fixture('videos/real-selfie-5.mp4'), 1, join(dir, 'photo.jpg')));
    await receiver.start();
    s = await startTestServer({ workers: 1, maxQueue: 2, requireChallenge: false, webhooks: { ...LOOPBACK, ...FAST } });
    for (const e of ['selfie_added', 'selfie_voided', 'authentication_created']) await subscribe(s, receiver.url, e);
  });
  afterAll(async () => {
    await s?.stop();
    await receiver.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const payloads = (event: string) => receiver.of(event).map((r) => JSON.parse(r.body) as Record<string, unknown>);

  it('sends selfie_added, selfie_voided and authentication_created with ids, not biometric data', async () => {
    const userId = await s.createUser();
    const bu = await s.backendUserToken(userId);
    const added = (await (await s.send('POST', '/user/selfie', bu, videoForm(photo, 'photo.jpg', 'image/jpeg'))).json()) as { selfie_id: string; face_liveness: number | null };
    expect((await s.send('POST', '/user/authentication/enable', bu)).status).toBe(200);
    const auth = (await (await s.send('POST', '/user/authenticate', bu, videoForm(photo, 'photo.jpg', 'image/jpeg'))).json()) as { authentication_id: string };
    expect((await s.send('PATCH', '/user/selfie', bu)).status).toBe(200);
    expect((await s.send('PATCH', '/user/selfie', bu)).status).toBe(404); // nothing left to void: no event
    await receiver.waitFor(3);
    await new Promise((done) => setTimeout(done, 200));

    expect(payloads('selfie_added')).toEqual([{ event_id: expect.any(String), event_name: 'selfie_added', event_version: '1', created_at: expect.any(String), user_id: userId, selfie_id: added.selfie_id, face_liveness: added.face_liveness }]);
    expect(payloads('authentication_created')).toEqual([{ event_id: expect.any(String), event_name: 'authentication_created', event_version: '1', created_at: expect.any(String), user_id: userId, authentication_id: auth.authentication_id }]);
    expect(payloads('selfie_voided')).toEqual([{ event_id: expect.any(String), event_name: 'selfie_voided', event_version: '1', created_at: expect.any(String), user_id: userId, selfie_ids: [added.selfie_id] }]);
    for (const r of receiver.received) expect(r.body).not.toMatch(/template|face_matching|checks|href/);
  });
});
