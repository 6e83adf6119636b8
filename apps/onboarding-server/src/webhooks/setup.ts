// The webhooks of one server: options with their defaults, the sender and
// the dispatcher, built once at start.
import type { Logger } from 'pino';
import type { WebhookStore } from '../store/webhook-store.js';
import { PollingDispatcher, type RetryPolicy, type WebhookDispatcher } from './dispatcher.js';
import { WebhookSender } from './sender.js';
import type { TargetPolicy } from './target-policy.js';

export interface WebhookOptions {
  /** Allow loopback, private and link-local targets (ONBOARDING_WEBHOOK_ALLOW_PRIVATE; default false). */
  allowPrivate?: boolean;
  /** Hosts a post_url may use plain http for (ONBOARDING_WEBHOOK_HTTP_HOSTS; default none). */
  httpHosts?: readonly string[];
  /** Run the dispatcher in this instance (default true); false only writes the outbox (another instance delivers). */
  dispatch?: boolean;
  /** Time limit of one delivery, answer included (default 5000 ms). */
  timeoutMs?: number;
  /** Retry schedule (default: 10 s doubling to at most 1 h, for 24 h after the event). */
  retry?: Partial<RetryPolicy>;
  /** How often due retries are looked for (default 1000 ms; new events are sent at once). */
  pollMs?: number;
  /** How long a claimed delivery is held before another sender may take it (default 60 s). */
  leaseMs?: number;
  /** Deliveries in flight at once (default 8). */
  concurrency?: number;
  /** Results and finished events are kept this long (default 30 days). */
  retentionMs?: number;
}

export const WEBHOOK_DEFAULTS = {
  timeoutMs: 5_000,
  retry: { baseMs: 10_000, maxMs: 60 * 60_000, retryForMs: 24 * 60 * 60_000 },
  pollMs: 1_000,
  leaseMs: 60_000,
  concurrency: 8,
  retentionMs: 30 * 24 * 60 * 60_000,
} as const;

export interface Webhooks {
  policy: TargetPolicy;
  sender: WebhookSender;
  dispatcher: WebhookDispatcher;
}

export function createWebhooks(o: WebhookOptions, ctx: { store: WebhookStore; now: () => number; logger: Logger; version: string }): Webhooks {
  const policy: TargetPolicy = { allowPrivate: o.allowPrivate ?? false, httpHosts: (o.httpHosts ?? []).map((h) => h.toLowerCase()) };
  const timeoutMs = o.timeoutMs ?? WEBHOOK_DEFAULTS.timeoutMs;
  const leaseMs = o.leaseMs ?? WEBHOOK_DEFAULTS.leaseMs;
  if (leaseMs <= timeoutMs) throw new Error(`Webhook leaseMs (${leaseMs}) must be longer than timeoutMs (${timeoutMs}).`);
  const senderOptions = { policy, timeoutMs, userAgent: `alice-face-onboarding-server/${ctx.version}`, now: ctx.now };
  const sender = new WebhookSender(senderOptions);
  const dispatcher: WebhookDispatcher =
    o.dispatch === false
      ? { notify() {}, start() {}, async close() {} }
      : new PollingDispatcher({
          store: ctx.store,
          // Its own sender (and keep-alive sockets), closed with it.
          sender: new WebhookSender(senderOptions),
          now: ctx.now,
          logger: ctx.logger,
          retry: { ...WEBHOOK_DEFAULTS.retry, ...o.retry },
          pollMs: o.pollMs ?? WEBHOOK_DEFAULTS.pollMs,
          leaseMs,
          concurrency: o.concurrency ?? WEBHOOK_DEFAULTS.concurrency,
          retentionMs: o.retentionMs ?? WEBHOOK_DEFAULTS.retentionMs,
        });
  return { policy, sender, dispatcher };
}
