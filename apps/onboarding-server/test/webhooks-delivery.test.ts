// Deliveries to a real receiver on loopback: the events of user changes,
// signed; a receiver down for a while, then up; retries ending 24 h after the
// event; time limits; redirects not followed; a target checked again when it
// is used; a webhook turned off drops what was waiting.
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './helpers.js';
import { eventually, FAST, json, LOOPBACK, newSecret, results, subscribe } from './webhook-helpers.js';
import { Receiver } from './webhook-receiver.js';

let s: TestServer;
let receiver: Receiver;
beforeAll(async () => {
  s = await startTestServer({ webhooks: { ...LOOPBACK, ...FAST } });
});
afterAll(() => s?.stop());
afterEach(async () => {
  await receiver?.stop();
  // Webhooks of one test must not receive the next test's events.
  const token = await s.backendToken();
  for (const w of (await (await s.get('/webhooks', token)).json()) as Array<{ webhook_id: string }>) await s.send('DELETE', `/webhook/${w.webhook_id}`, token);
});
const fresh = async () => {
  receiver = new Receiver();
  await receiver.start();
  return receiver;
};

describe('webhook deliveries', () => {
  it('delivers each user change to its subscribers, signed, naming ids only', async () => {
    const r = await fresh();
    const secret = newSecret();
    const created = await subscribe(s, r.url, 'user_created', { secret, algorithm: 'sha512' });
    for (const e of ['user_deleted', 'authentication_enabled', 'authentication_disabled']) await subscribe(s, r.url, e);
    const userId = await s.createUser({ email: 'hook@example.com', first_name: 'Hook' });
    const bu = await s.backendUserToken(userId);
    expect((await s.send('POST', '/user/authentication/enable', bu)).status).toBe(200);
    expect((await s.send('POST', '/user/authentication/enable', bu)).status).toBe(200); // already on: no event
    const [text, headers] = json({ state: 'REJECTED' });
    expect((await s.send('PATCH', '/user/state', bu, text, headers)).status).toBe(200); // off: disabled
    expect((await s.send('DELETE', '/user', bu)).status).toBe(200);
    await r.waitFor(4);
    await new Promise((done) => setTimeout(done, 200)); // nothing more comes
    expect(r.received.map((x) => x.headers['x-alice-event']).sort()).toEqual(['authentication_disabled', 'authentication_enabled', 'user_created', 'user_deleted']);

    const [first] = r.of('user_created');
    const h = first!.headers as Record<string, string>;
    expect(h['x-alice-webhookid']).toBe(created);
    expect(h['x-alice-signature']).toBe(createHmac('sha512', secret).update(`user_created.1:${h['x-alice-request-timestamp']}:${first!.body}`).digest('hex'));
    const body = JSON.parse(first!.body) as Record<string, unknown>;
    expect(body).toEqual({ event_id: expect.any(String), event_name: 'user_created', event_version: '1', created_at: expect.any(String), user_id: userId });
    expect(first!.body).not.toContain('hook@example.com');
    const [last] = await results(s, created);
    expect(last).toMatchObject({ delivery_id: h['x-alice-delivery'], attempt: 1, is_success: true, response: { status_code: 200 } });
  });

  it('keeps trying while the receiver is down and delivers once it is up, every failed attempt recorded', async () => {
    const r = await fresh();
    const id = await subscribe(s, r.url, 'user_created');
    await r.stop();
    const userId = await s.createUser();
    const failed = await eventually(async () => {
      const rs = await results(s, id);
      return rs.length >= 3 ? rs : undefined;
    }, 15_000, 'three failed attempts');
    expect(failed.every((x) => !x.is_success && x.response.status_code === null && /ECONNREFUSED/.test(x.error ?? ''))).toBe(true);
    await r.start();
    await r.waitFor(1);
    const all = await eventually(async () => {
      const rs = await results(s, id);
      return rs[0]?.is_success ? rs : undefined;
    }, 10_000, 'the delivery recorded');
    const deliveryIds = new Set(all.map((x) => x.delivery_id));
    expect(deliveryIds).toEqual(new Set([r.received[0]!.headers['x-alice-delivery']]));
    expect(all.map((x) => x.attempt)).toEqual(Array.from({ length: all.length }, (_, i) => all.length - i));
    expect(JSON.parse(r.received[0]!.body)).toMatchObject({ user_id: userId });
    await new Promise((done) => setTimeout(done, 300));
    expect(r.received).toHaveLength(1);
  });

  it('retries a receiver answering 5xx, and stops once a failure comes 24 h after the event', async () => {
    const r = await fresh();
    r.answer = 503;
    const id = await subscribe(s, r.url, 'user_created');
    await s.createUser();
    await r.waitFor(3);
    s.advance(23 * 60 * 60_000);
    await r.waitFor(r.received.length + 2); // still retrying 23 h on
    s.advance(60 * 60_000 + 1_000);
    // The next failure ends it (one already in flight may be that one): the count settles.
    let seen = -1;
    await eventually(async () => {
      const count = r.received.length;
      if (count === seen) return true;
      seen = count;
      await new Promise((done) => setTimeout(done, 400));
      return undefined;
    }, 10_000, 'the attempts to stop');
    r.answer = 200; // up again, too late: nothing is sent any more
    await new Promise((done) => setTimeout(done, 400));
    expect(r.received).toHaveLength(seen);
    expect(await results(s, id)).toHaveLength(seen);
    expect((await results(s, id)).every((x) => x.response.status_code === 503)).toBe(true);
  });

  it('records a receiver that does not answer in time as a failed attempt', async () => {
    const r = await fresh();
    r.answer = 'hang';
    const id = await subscribe(s, r.url, 'user_created');
    await s.createUser();
    const [first] = await eventually(async () => {
      const rs = await results(s, id);
      return rs.length > 0 ? rs : undefined;
    }, 10_000, 'a timed-out attempt');
    expect(first).toMatchObject({ is_success: false, error: 'No answer within 1000 ms.', response: { status_code: null } });
  });

  it('does not follow a redirect', async () => {
    const r = await fresh();
    r.answer = 302;
    r.answerHeaders = { location: `${r.url.replace('/hook', '/elsewhere')}` };
    const id = await subscribe(s, r.url, 'user_created');
    await s.createUser();
    await r.waitFor(2);
    expect(r.received.every((x) => x.url === '/hook')).toBe(true);
    const [last] = await results(s, id);
    expect(last).toMatchObject({ is_success: false, response: { status_code: 302 } });
    expect(last!.error).toMatch(/^Redirects are not followed/);
  });

  it('drops the deliveries still waiting when the webhook is turned off', async () => {
    const r = await fresh();
    const id = await subscribe(s, r.url, 'user_created');
    await r.stop();
    await s.createUser();
    await eventually(async () => ((await results(s, id)).length > 0 ? true : undefined), 10_000, 'a failed attempt');
    const [text, headers] = json({ active: false });
    expect((await s.send('PATCH', `/webhook/${id}`, await s.backendToken(), text, headers)).status).toBe(200);
    const attempts = (await results(s, id)).length;
    await r.start();
    await new Promise((done) => setTimeout(done, 400));
    expect(r.received).toHaveLength(0);
    expect(await results(s, id)).toHaveLength(attempts);
  });
});

describe('a target checked when it is used', () => {
  // An address literal is checked before connecting; a name inside the connection's own DNS lookup
  // (allowed when it was saved, inward when used: what DNS rebinding does).
  it.each([['127.0.0.1', /^The post_url reaches 127\.0\.0\.1, a loopback/], ['localhost', /^The post_url reaches localhost \(127\.0\.0\.1\), a loopback/]])(
    'refuses to deliver to %s once private targets are no longer allowed',
    async (host, message) => {
      const r = await fresh();
      const dataDir = mkdtempSync(join(tmpdir(), 'onboarding-webhooks-'));
      const open = await startTestServer({ dataDir, webhooks: { allowPrivate: true, httpHosts: [host], ...FAST } });
      const id = await subscribe(open, r.url.replace('127.0.0.1', host), 'user_created');
      await open.stop();
      const strict = await startTestServer({ dataDir, webhooks: { httpHosts: [host], ...FAST } });
      try {
        await strict.createUser();
        const [first] = await eventually(async () => {
          const rs = await results(strict, id);
          return rs.length > 0 ? rs : undefined;
        }, 10_000, 'a refused attempt');
        expect(first).toMatchObject({ is_success: false, response: { status_code: null } });
        expect(first!.error).toMatch(message);
        expect(r.received).toHaveLength(0);
      } finally {
        await strict.stop();
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
  );
});
