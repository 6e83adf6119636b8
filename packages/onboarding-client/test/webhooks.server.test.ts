// client.webhooks against the real self-hosted server (its built CLI, run as a process), with a
// plain node:http receiver on loopback that checks each delivery with verifyWebhookSignature.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServerProcess, type ServerProcess } from '../../../test-support/onboarding-server.js';
import { OnboardingApiError, OnboardingClient, verifyWebhookSignature, type VerifiedWebhook } from '../src/index.js';

describe('client.webhooks against the self-hosted server', () => {
  let server: ServerProcess;
  let client: OnboardingClient;
  let receiver: Server;
  let receiverUrl: string;
  const secret = randomBytes(20).toString('hex');
  const got: Array<VerifiedWebhook<Record<string, unknown>> | Error> = [];
  const verify = (headers: IncomingHttpHeaders, body: Buffer) => {
    try {
      return verifyWebhookSignature<Record<string, unknown>>({ headers, body }, { secret, algorithm: 'sha512' });
    } catch (err) {
      return err as Error;
    }
  };

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const result = verify(req.headers, Buffer.concat(chunks));
        got.push(result);
        res.writeHead(result instanceof Error ? 400 : 204).end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/alice`;
    // The receiver is on loopback, over plain http.
    server = await startServerProcess({ env: { ONBOARDING_WEBHOOK_ALLOW_PRIVATE: 'true', ONBOARDING_WEBHOOK_HTTP_HOSTS: '127.0.0.1' } });
    client = new OnboardingClient({ apiKey: server.apiKey, baseUrl: server.url });
  });
  afterAll(async () => {
    await server?.close();
    receiver?.closeAllConnections();
    await new Promise((r) => receiver?.close(r));
  });

  it('subscribes, reads, updates, pings, reads the results and deletes, as the SDK does', async () => {
    const events = await client.webhooks.getSubscriptableEvents();
    expect(events).toContainEqual({ name: 'user_created', version: '1' });
    const id = await client.webhooks.createWebhook({ postUrl: receiverUrl, secret, eventName: 'user_created', algorithm: 'sha512', apiKey: 'rk' });
    expect(await client.webhooks.getWebhook(id)).toMatchObject({ webhook_id: id, active: true, post_url: receiverUrl, secret: null, api_key: null, algorithm: 'sha512' });

    const userId = await client.createUser({ email: 'webhook@example.com' });
    await expect.poll(() => got.length, { timeout: 10_000 }).toBe(1);
    const delivered = got[0] as VerifiedWebhook<Record<string, unknown>>;
    expect(delivered).toMatchObject({ event: 'user_created', version: '1', webhookId: id, payload: { user_id: userId } });

    await client.webhooks.updateWebhook(id, { postUrl: `${receiverUrl}?v=2`, eventName: 'user_created', apiKey: 'rk2' });
    expect((await client.webhooks.getWebhooks()).map((w) => [w.webhook_id, w.post_url, w.algorithm])).toContainEqual([id, `${receiverUrl}?v=2`, 'sha512']);
    const ping = await client.webhooks.pingWebhook(id);
    expect(ping).toMatchObject({ webhook_id: id, is_success: true, response: { status_code: 204 }, request: { body: { is_ping: true } } });
    expect(got[1]).toMatchObject({ payload: { is_ping: true } });
    expect(await client.webhooks.getLastWebhookResult(id)).toEqual(ping);
    const results = await client.webhooks.getWebhookResults(id);
    expect(results.map((r) => r.delivery_id)).toEqual([null, delivered.deliveryId]);

    await client.webhooks.updateWebhookActivation(id, false);
    expect((await client.webhooks.getWebhook(id)).active).toBe(false);
    await client.webhooks.deleteWebhook(id);
    const error = await client.webhooks.getWebhook(id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OnboardingApiError);
    expect(error).toMatchObject({ status: 404, code: 'WEBHOOK_NOT_FOUND', operation: 'getWebhook' });
  });

  it('surfaces a refused post_url as the API error', async () => {
    const error = await client.webhooks.createWebhook({ postUrl: 'http://example.org/x', secret, eventName: 'user_created' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 400, code: 'WEBHOOK_URL_REFUSED', operation: 'createWebhook', details: { field: 'post_url', reason: 'scheme' } });
  });
});
