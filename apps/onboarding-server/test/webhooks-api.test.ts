// The webhooks endpoints as Alice's Python SDK calls them: events, create,
// read, replace, activation, delete, ping and results; secrets never read
// back; targets refused before anything is sent.
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorOf, startTestServer, type TestServer } from './helpers.js';
import { json, LOOPBACK, newSecret, postWebhook, subscribe, type WebhookResultView } from './webhook-helpers.js';
import { Receiver } from './webhook-receiver.js';

const EVENTS = ['user_created', 'user_deleted', 'selfie_added', 'selfie_voided', 'authentication_enabled', 'authentication_disabled', 'authentication_created'];

let open: TestServer; // loopback targets allowed, as in the demo
let strict: TestServer; // the defaults
const receiver = new Receiver();
beforeAll(async () => {
  await receiver.start();
  open = await startTestServer({ webhooks: LOOPBACK });
  strict = await startTestServer({ webhooks: { httpHosts: ['127.0.0.1', 'example.com'] } });
});
afterAll(async () => {
  await Promise.all([open?.stop(), strict?.stop(), receiver.stop()]);
});

const call = async (s: TestServer, method: string, path: string, body?: unknown) => {
  const [text, headers] = body === undefined ? [undefined, {}] : json(body);
  return s.send(method, path, await s.backendToken(), text, headers);
};

describe('webhook endpoints', () => {
  it('lists the subscriptable events, version 1, at both SDK paths', async () => {
    for (const path of ['/webhook/subscriptable/events', '/events']) {
      const res = await call(open, 'GET', path);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual(EVENTS.map((name) => ({ name, version: '1' })));
    }
  });

  it('creates, reads, lists, replaces, turns off and deletes a webhook; secret and api_key never come back', async () => {
    const secret = newSecret();
    const create = await postWebhook(open, { active: true, post_url: receiver.url, api_key: 'k-1', secret, algorithm: 'sha512', event_name: 'user_created', event_version: '1' });
    expect(create.status).toBe(200);
    const { webhook_id: id } = (await create.json()) as { webhook_id: string };
    const got = await (await call(open, 'GET', `/webhook/${id}`)).json();
    expect(got).toMatchObject({ webhook_id: id, active: true, post_url: receiver.url, api_key: null, secret: null, algorithm: 'sha512', event_name: 'user_created', event_version: '1' });
    const list = (await (await call(open, 'GET', '/webhooks')).json()) as Array<Record<string, unknown>>;
    expect(list.find((w) => w.webhook_id === id)).toEqual(got);
    expect(JSON.stringify(list)).not.toContain(secret);

    // The SDK's update sends the whole Webhook, its id included; algorithm and secret left out are kept.
    const put = await call(open, 'PUT', `/webhook/${id}`, { webhook_id: id, active: true, post_url: `${receiver.url}?v=2`, api_key: 'k-2', secret: null, event_name: 'user_deleted', event_version: '1' });
    expect(put.status).toBe(200);
    expect(await (await call(open, 'GET', `/webhook/${id}`)).json()).toMatchObject({ post_url: `${receiver.url}?v=2`, algorithm: 'sha512', event_name: 'user_deleted' });
    const ping = (await (await call(open, 'POST', `/webhook/${id}/ping`)).json()) as WebhookResultView;
    const sent = receiver.received.at(-1)!;
    const h = sent.headers as Record<string, string>;
    expect(h.apikey).toBe('k-2');
    expect(h['x-alice-signature']).toBe(createHmac('sha512', secret).update(`user_deleted.1:${h['x-alice-request-timestamp']}:${sent.body}`).digest('hex'));
    expect(ping.is_success).toBe(true);

    expect((await call(open, 'PATCH', `/webhook/${id}`, { active: false })).status).toBe(200);
    expect(await (await call(open, 'GET', `/webhook/${id}`)).json()).toMatchObject({ active: false });
    expect(await errorOf(await call(open, 'POST', `/webhook/${id}/ping`))).toMatchObject({ status: 409, code: 'WEBHOOK_INACTIVE' });

    expect((await call(open, 'DELETE', `/webhook/${id}`)).status).toBe(200);
    expect(await errorOf(await call(open, 'GET', `/webhook/${id}`))).toMatchObject({ status: 404, code: 'WEBHOOK_NOT_FOUND' });
    expect(((await (await call(open, 'GET', '/webhooks')).json()) as Array<{ webhook_id: string }>).map((w) => w.webhook_id)).not.toContain(id);
    // As in Alice's SDK example: the results are still readable after the delete.
    const after = (await (await call(open, 'GET', `/webhook/results/${id}`)).json()) as WebhookResultView[];
    expect(after.map((r) => r.webhook_result_id)).toEqual([ping.webhook_result_id]);
  });

  it('pings with {"is_ping": true}, signed with the documented recipe, and records the attempt as the last result', async () => {
    const secret = newSecret();
    const id = await subscribe(open, receiver.url, 'selfie_added', { secret });
    expect(await errorOf(await call(open, 'GET', `/webhook/result/${id}/last`))).toMatchObject({ status: 404, code: 'WEBHOOK_RESULT_NOT_FOUND' });
    const before = receiver.received.length;
    const res = await call(open, 'POST', `/webhook/${id}/ping`);
    expect(res.status).toBe(200);
    expect(receiver.received).toHaveLength(before + 1);
    const { headers, body } = receiver.received.at(-1)!;
    expect(JSON.parse(body)).toEqual({ is_ping: true });
    const h = headers as Record<string, string>;
    expect(h).toMatchObject({ 'x-alice-event': 'selfie_added', 'x-alice-event-version': '1', 'x-alice-webhookid': id, apikey: 'receiver-key', 'content-type': 'application/json' });
    expect(h['x-alice-delivery']).toMatch(/^[0-9a-f-]{36}$/);
    expect(h['x-alice-request-timestamp']).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{6}$/);
    expect(h['x-alice-signature']).toBe(createHmac('sha256', secret).update(`selfie_added.1:${h['x-alice-request-timestamp']}:${body}`).digest('hex'));

    const result = (await res.json()) as WebhookResultView;
    expect(result).toMatchObject({ webhook_id: id, delivery_id: null, attempt: 1, is_success: true, error: null, request: { body: { is_ping: true } }, response: { status_code: 200, body: '{"ok":true}' } });
    expect(JSON.parse(result.request.headers)).toMatchObject({ 'x-alice-signature': h['x-alice-signature'], apikey: '****' });
    expect(JSON.parse(result.response.headers!)).toMatchObject({ 'content-type': 'application/json' });
    expect(await (await call(open, 'GET', `/webhook/result/${id}/last`)).json()).toEqual(result);
  });

  it('refuses bodies it cannot use, naming the field', async () => {
    const base = { active: true, post_url: receiver.url, secret: newSecret(), event_name: 'user_created', event_version: '1' };
    for (const [change, field] of [
      [{ secret: undefined }, 'secret'],
      [{ secret: 'not-hex-at-all-not-hex-at-all-not-hex' }, 'secret'],
      [{ secret: 'abcdef' }, 'secret'],
      [{ algorithm: 'md5' }, 'algorithm'],
      [{ event_name: 'document_added' }, 'event_name'],
      [{ event_version: '2' }, 'event_name'],
      [{ active: 'yes' }, 'active'],
      [{ post_url: undefined }, 'post_url'],
      [{ post_url: 'not a url' }, 'post_url'],
    ] as const) {
      const e = await errorOf(await postWebhook(open, { ...base, ...change }));
      expect({ change, status: e.status, code: e.code, field: (e.details as { field: string }).field }).toEqual({ change, status: 400, code: 'INVALID_REQUEST', field });
      expect(e.message).toMatch(/^[A-Z]/);
    }
    expect(await errorOf(await call(open, 'PATCH', `/webhook/${await subscribe(open, receiver.url, 'user_created')}`, {}))).toMatchObject({ status: 400, details: { field: 'active' } });
  });

  it('answers 404 WEBHOOK_NOT_FOUND for an unknown id at every id route', async () => {
    const body = { active: true, post_url: receiver.url, event_name: 'user_created' };
    for (const [method, path, b] of [['GET', '/webhook/nope'], ['PUT', '/webhook/nope', body], ['PATCH', '/webhook/nope', { active: true }], ['DELETE', '/webhook/nope'], ['POST', '/webhook/nope/ping'], ['GET', '/webhook/results/nope'], ['GET', '/webhook/result/nope/last']] as const) {
      expect(await errorOf(await call(open, method, path, b))).toMatchObject({ status: 404, code: 'WEBHOOK_NOT_FOUND' });
    }
  });
});

describe('webhook targets without ONBOARDING_WEBHOOK_ALLOW_PRIVATE', () => {
  it.each([
    ['http://127.0.0.1:9/hook', 'private_address'],
    ['https://localhost/hook', 'private_address'],
    ['https://[::1]/hook', 'private_address'],
    ['https://[::ffff:127.0.0.1]/hook', 'private_address'],
    ['https://10.1.2.3/hook', 'private_address'],
    ['https://192.168.1.10/hook', 'private_address'],
    ['https://169.254.169.254/latest/meta-data', 'private_address'],
    ['https://[fe80::1]/hook', 'private_address'],
    ['http://example.org/hook', 'scheme'],
    ['ftp://example.com/hook', 'scheme'],
    ['https://user:pass@example.com/hook', 'credentials'],
  ])('refuses %s (%s)', async (url, reason) => {
    const e = await errorOf(await postWebhook(strict, { active: true, post_url: url, secret: newSecret(), event_name: 'user_created' }));
    expect(e).toMatchObject({ status: 400, code: 'WEBHOOK_URL_REFUSED', details: { field: 'post_url', reason } });
    expect(e.message).toMatch(/^The post_url /);
  });

  it('accepts a public address, refuses a PUT to a private one and keeps the webhook as it was', async () => {
    const created = await postWebhook(strict, { active: true, post_url: 'https://8.8.8.8/hook', secret: newSecret(), event_name: 'user_created' });
    expect(created.status).toBe(200);
    const id = ((await created.json()) as { webhook_id: string }).webhook_id;
    const e = await errorOf(await call(strict, 'PUT', `/webhook/${id}`, { active: true, post_url: 'https://127.0.0.2/hook', event_name: 'user_created' }));
    expect(e).toMatchObject({ status: 400, code: 'WEBHOOK_URL_REFUSED', details: { reason: 'private_address' } });
    expect(await (await call(strict, 'GET', `/webhook/${id}`)).json()).toMatchObject({ post_url: 'https://8.8.8.8/hook' });
  });

  it('refuses a host name that does not resolve', async () => {
    const e = await errorOf(await postWebhook(strict, { active: true, post_url: 'https://no-such-host.invalid/hook', secret: newSecret(), event_name: 'user_created' }));
    expect(e).toMatchObject({ status: 400, code: 'WEBHOOK_URL_REFUSED', details: { reason: 'unresolvable' } });
  });
});
