// POST /webhooks/alice against the real stack: the onboarding server (real
// face engine) delivers selfie_added to the example app, which reads the
// report and voids a selfie under the liveness threshold, without the
// enrolment page taking part. Unsigned or forged deliveries change nothing.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatWebhookTimestamp, webhookSignature } from '@alice-face/onboarding-client';
import { WEBHOOK_OPERATOR } from '../src/routes/alice-webhook.js';
import { fixture, hasFixtures } from './helpers/fixtures.js';
import { cutClip, stillClip } from './helpers/media.js';
import { startStack, type Stack } from './helpers/stack.js';

const secret = randomBytes(20).toString('hex');

describe.skipIf(!hasFixtures)('the selfie_added webhook', () => {
  let stack: Stack;
  const clips = { live: '', still: '' };

  beforeAll(async () => {
    stack = await startStack({ webhookSecret: secret });
    const a = fixture('videos/real-selfie-1.mp4');
    clips.live = await cutClip(a, 0, 3, join(stack.dir, 'live.mp4'));
    clips.still = await stillClip(a, 1, 3, join(stack.dir, 'still.mp4'));
  });
  afterAll(async () => {
    await stack?.close();
  });

  const webhookId = async () => (await stack.client.webhooks.getWebhooks())[0]!.webhook_id;

  it('voids a selfie under the liveness threshold, recording who did it', async () => {
    const userId = await stack.client.createUser({ email: 'still@example.com' });
    const added = await stack.client.addSelfie(userId, clips.still);
    expect(added.face_liveness ?? 0).toBeLessThan(50);
    await expect.poll(async () => (await stack.client.getReport(userId)).selfies[0]!.voided, { timeout: 15_000, interval: 100 }).toBe(true);
    expect((await stack.client.getUserStatus(userId)).user_state).toMatchObject({ value: 'IN_PROGRESS', operator: WEBHOOK_OPERATOR });
    expect(await stack.client.webhooks.getLastWebhookResult(await webhookId())).toMatchObject({ is_success: true, response: { status_code: 204 } });
  });

  it('leaves a live selfie valid', async () => {
    const userId = await stack.client.createUser({ email: 'live@example.com' });
    const added = await stack.client.addSelfie(userId, clips.live);
    expect(added.face_liveness ?? 0).toBeGreaterThanOrEqual(50);
    const id = await webhookId();
    await expect.poll(async () => JSON.stringify((await stack.client.webhooks.getLastWebhookResult(id)).request.body), { timeout: 15_000, interval: 100 }).toContain(added.selfie_id);
    expect(await stack.client.webhooks.getLastWebhookResult(id)).toMatchObject({ is_success: true });
    expect((await stack.client.getReport(userId)).selfies[0]).toMatchObject({ id: added.selfie_id, voided: false });
  });

  it('refuses an unsigned or forged delivery (401) and acts on neither', async () => {
    const userId = await stack.client.createUser({ email: 'forged@example.com' });
    const { selfie_id: selfieId } = await stack.client.addSelfie(userId, clips.live);
    const body = JSON.stringify({ event_name: 'selfie_added', user_id: userId, selfie_id: selfieId, face_liveness: 0 });
    const timestamp = formatWebhookTimestamp(Date.now());
    const headers = { 'content-type': 'application/json', 'x-alice-event': 'selfie_added', 'x-alice-event-version': '1', 'x-alice-delivery': 'forged', 'x-alice-request-timestamp': timestamp };
    const url = `${stack.example.url}/webhooks/alice`;
    const unsigned = await fetch(url, { method: 'POST', headers, body });
    expect(unsigned.status).toBe(401);
    expect(await unsigned.json()).toMatchObject({ error: { code: 'WEBHOOK_HEADER_MISSING' } });
    const forged = webhookSignature({ event: 'selfie_added', version: '1', timestamp, body, secret: 'ab'.repeat(20), algorithm: 'sha256' });
    const res = await fetch(url, { method: 'POST', headers: { ...headers, 'x-alice-signature': forged }, body });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: { code: 'WEBHOOK_SIGNATURE_INVALID' } });
    expect((await stack.client.getReport(userId)).selfies[0]).toMatchObject({ voided: false });
  });
});
