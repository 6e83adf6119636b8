import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent } from './http-agent.js';
import { REVIEWER, startStack } from './stack.js';
import type { Stack } from './stack.js';

// The webhook list against the real onboarding server (no face engine needed): each webhook with
// its last result, and nothing a reviewer should not see (secret, receiver key, query string).
describe('GET /api/webhooks', () => {
  let stack: Stack;
  let agent: Agent;
  let receiver: Server;
  const secret = 'ab12'.repeat(10);

  beforeAll(async () => {
    receiver = createServer((_req, res) => res.writeHead(204).end());
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    stack = await startStack({}, { warmEngine: false, webhooks: { allowPrivate: true, httpHosts: ['127.0.0.1'], pollMs: 20 } });
    agent = new Agent(stack.admin.url);
    expect((await agent.signIn(REVIEWER.email, REVIEWER.password)).status).toBe(200);
  });
  afterAll(async () => {
    await stack?.close();
    receiver?.closeAllConnections();
    await new Promise((r) => receiver?.close(r));
  });

  it('lists the webhooks with their last result, without secrets', async () => {
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/alice?token=receiver-token`;
    const delivered = await stack.client.webhooks.createWebhook({ postUrl: url, secret, eventName: 'user_created', apiKey: 'receiver-key' });
    const idle = await stack.client.webhooks.createWebhook({ postUrl: url, secret, eventName: 'user_deleted', active: false });
    await stack.client.createUser();
    await expect.poll(async () => (await stack.client.webhooks.getWebhookResults(delivered)).length, { timeout: 10_000 }).toBe(1);

    const res = await agent.get('/api/webhooks');
    expect(res.status).toBe(200);
    const byId = Object.fromEntries((res.body.webhooks as Array<{ webhook_id: string }>).map((w) => [w.webhook_id, w]));
    const target = url.replace('?token=receiver-token', '');
    expect(byId[delivered]).toMatchObject({ active: true, target, event_name: 'user_created', event_version: '1', last_result: { attempt: 1, is_success: true, status_code: 204, error: null } });
    expect(byId[idle]).toMatchObject({ active: false, target, last_result: null });
    const text = JSON.stringify(res.body);
    for (const hidden of [secret, 'receiver-key', 'receiver-token']) expect(text).not.toContain(hidden);
    expect((await new Agent(stack.admin.url).get('/api/webhooks')).status).toBe(401);
  });
});
