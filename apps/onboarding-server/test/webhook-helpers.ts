// Webhook test plumbing: server options for a receiver on loopback, a fast
// retry schedule, and small API wrappers.
import { randomBytes } from 'node:crypto';
import type { WebhookResult } from '@alice-face/onboarding-client';
import type { StartOptions } from '../src/index.js';
import type { TestServer } from './helpers.js';

/** The demo's setting: http and loopback targets allowed for 127.0.0.1. */
export const LOOPBACK = { allowPrivate: true, httpHosts: ['127.0.0.1'] } as const;
/** Retries within tens of ms instead of seconds, so a test sees several. */
export const FAST: NonNullable<StartOptions['webhooks']> = { retry: { baseMs: 30, maxMs: 120 }, pollMs: 15, timeoutMs: 1_000, leaseMs: 3_000 };

export const newSecret = () => randomBytes(20).toString('hex');

/** The wire shape of a result, as the client types it. */
export type WebhookResultView = WebhookResult;

export const json = (body: unknown) => [JSON.stringify(body), { 'content-type': 'application/json' }] as const;

/** POST /webhook; returns the answer as is. */
export async function postWebhook(s: TestServer, body: Record<string, unknown>): Promise<Response> {
  const [text, headers] = json(body);
  return s.send('POST', '/webhook', await s.backendToken(), text, headers);
}

/** Subscribes `postUrl` to `event` (sha256 unless given); returns the webhook id. */
export async function subscribe(s: TestServer, postUrl: string, event: string, extra: Record<string, unknown> = {}): Promise<string> {
  const res = await postWebhook(s, { active: true, post_url: postUrl, api_key: 'receiver-key', secret: newSecret(), event_name: event, event_version: '1', ...extra });
  if (res.status !== 200) throw new Error(`subscribe: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { webhook_id: string }).webhook_id;
}

export async function results(s: TestServer, webhookId: string): Promise<WebhookResultView[]> {
  const res = await s.get(`/webhook/results/${webhookId}`, await s.backendToken());
  if (res.status !== 200) throw new Error(`results: ${res.status} ${await res.text()}`);
  return (await res.json()) as WebhookResultView[];
}

/** Polls `check` until it returns a value other than undefined (or throws after `timeoutMs`). */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 15_000, what = 'condition'): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}.`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
