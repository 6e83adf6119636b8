// The webhooks endpoints (backend token), as `client.webhooks`: the methods of Alice's Python
// SDK (`alice.Webhooks`), typed. Deliveries are checked with verifyWebhookSignature.
import { checkId, request } from './request-helpers.js';
import { jsonArray, jsonObject, stringField } from './response.js';
import type { HttpMethod, HttpRequest, HttpResponse } from './transport.js';
import type { NewWebhook, Webhook, WebhookEventType, WebhookResult, WebhookUpdate } from './webhook-types.js';

type Send = (req: HttpRequest) => Promise<HttpResponse>;

export class WebhooksApi {
  /** @param send sends a request with a backend token (the client's token handling). */
  constructor(private readonly send: Send) {}

  /** The events a webhook can subscribe to, each `{ name, version }`. */
  async getSubscriptableEvents(): Promise<WebhookEventType[]> {
    const op = 'getSubscriptableEvents';
    return jsonArray<WebhookEventType>(op, await this.call(op, 'GET', '/webhook/subscriptable/events'));
  }

  /** Subscribes `postUrl` to one event; returns the webhook id. */
  async createWebhook(webhook: NewWebhook): Promise<string> {
    const op = 'createWebhook';
    return stringField(op, jsonObject(op, await this.call(op, 'POST', '/webhook', wire(webhook))), 'webhook_id');
  }

  /** Replaces the webhook's settings; a `secret` or `apiKey` left out keeps the stored one. */
  async updateWebhook(webhookId: string, webhook: WebhookUpdate): Promise<void> {
    await this.call('updateWebhook', 'PUT', this.path('updateWebhook', webhookId), wire(webhook));
  }

  /** Turns deliveries on or off; turning them off drops the deliveries still waiting. */
  async updateWebhookActivation(webhookId: string, active: boolean): Promise<void> {
    await this.call('updateWebhookActivation', 'PATCH', this.path('updateWebhookActivation', webhookId), { active });
  }

  /** Sends `{"is_ping": true}` to the webhook now and returns the recorded attempt. */
  async pingWebhook(webhookId: string): Promise<WebhookResult> {
    const op = 'pingWebhook';
    return jsonObject(op, await this.call(op, 'POST', `${this.path(op, webhookId)}/ping`)) as unknown as WebhookResult;
  }

  async deleteWebhook(webhookId: string): Promise<void> {
    await this.call('deleteWebhook', 'DELETE', this.path('deleteWebhook', webhookId));
  }

  async getWebhook(webhookId: string): Promise<Webhook> {
    const op = 'getWebhook';
    return jsonObject(op, await this.call(op, 'GET', this.path(op, webhookId))) as unknown as Webhook;
  }

  async getWebhooks(): Promise<Webhook[]> {
    const op = 'getWebhooks';
    return jsonArray<Webhook>(op, await this.call(op, 'GET', '/webhooks'));
  }

  /** Every recorded attempt of the webhook (deliveries and pings), newest first. */
  async getWebhookResults(webhookId: string): Promise<WebhookResult[]> {
    const op = 'getWebhookResults';
    return jsonArray<WebhookResult>(op, await this.call(op, 'GET', `/webhook/results/${encodeURIComponent(checkId(op, webhookId, 'webhookId'))}`));
  }

  /** The newest attempt (404 WEBHOOK_RESULT_NOT_FOUND before any). */
  async getLastWebhookResult(webhookId: string): Promise<WebhookResult> {
    const op = 'getLastWebhookResult';
    const path = `/webhook/result/${encodeURIComponent(checkId(op, webhookId, 'webhookId'))}/last`;
    return jsonObject(op, await this.call(op, 'GET', path)) as unknown as WebhookResult;
  }

  private path(op: string, webhookId: string): string {
    return `/webhook/${encodeURIComponent(checkId(op, webhookId, 'webhookId'))}`;
  }

  private call(op: string, method: HttpMethod, path: string, json?: object): Promise<HttpResponse> {
    const req = request(op, method, path);
    if (json === undefined) return this.send(req);
    return this.send({ ...req, headers: { ...req.headers, 'content-type': 'application/json' }, body: () => JSON.stringify(json) });
  }
}

function wire(w: WebhookUpdate): Record<string, unknown> {
  const out: Record<string, unknown> = { post_url: w.postUrl, event_name: w.eventName, event_version: w.eventVersion ?? '1', active: w.active ?? true };
  if (w.secret !== undefined) out.secret = w.secret;
  if (w.algorithm !== undefined) out.algorithm = w.algorithm;
  if (w.apiKey !== undefined) out.api_key = w.apiKey;
  return out;
}
