// Delivers the outbox. The dispatcher polls the store for due deliveries,
// claims them in one statement (a claim is this sender's until it records an
// attempt or `leaseMs` passes), sends each, and records every attempt with
// what comes next: delivered on a 2xx; otherwise again after an exponential,
// jittered delay, until a failure comes `retryForMs` (24 h) after the event,
// then failed. Deliveries still pending when the server stops are claimed
// again at the next start; close() lets the ones in flight finish and record
// first. A queue (BullMQ) would take the place of the poll behind the same
// WebhookDispatcher interface; the outbox rows stay the source of truth.
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { ClaimedDelivery, DeliveryOutcome, WebhookStore } from '../store/webhook-store.js';
import type { WebhookSender } from './sender.js';

export interface WebhookDispatcher {
  /** Events were committed to the outbox: look now rather than at the next poll. */
  notify(): void;
  start(): void;
  /** Stops claiming, waits for the deliveries in flight to be recorded. */
  close(): Promise<void>;
}

export interface RetryPolicy {
  /** Wait after the first failure; doubled per failure, jittered to 50-100%. */
  baseMs: number;
  maxMs: number;
  /** A failure this long after the event ends its retries. */
  retryForMs: number;
}

export interface DispatcherOptions {
  store: WebhookStore;
  sender: WebhookSender;
  now: () => number;
  logger: Logger;
  retry: RetryPolicy;
  pollMs: number;
  /** How long a claim holds; longer than a send (timeout) and its record. */
  leaseMs: number;
  /** Deliveries in flight at once. */
  concurrency: number;
  /** Results and finished events older than this are pruned (hourly). */
  retentionMs: number;
  random?: () => number;
}

/** What a failed attempt leads to. */
export function afterFailure(attempts: number, eventAt: number, now: number, retry: RetryPolicy, random: () => number = Math.random): DeliveryOutcome {
  if (now - eventAt >= retry.retryForMs) return { state: 'failed' };
  const delay = Math.min(retry.maxMs, retry.baseMs * 2 ** Math.min(30, attempts - 1));
  return { state: 'pending', nextAttemptAt: new Date(now + delay * (0.5 + random() / 2)).toISOString() };
}

const PRUNE_EVERY_MS = 60 * 60_000;

export class PollingDispatcher implements WebhookDispatcher {
  readonly #o: DispatcherOptions;
  readonly #inFlight = new Set<Promise<void>>();
  #running = false;
  #loop: Promise<void> | undefined;
  #notified = false;
  #wake: (() => void) | undefined;
  #prunedAt = 0;

  constructor(options: DispatcherOptions) {
    this.#o = options;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#loop = this.#run();
  }

  notify(): void {
    this.#notified = true;
    this.#wake?.();
  }

  async close(): Promise<void> {
    this.#running = false;
    this.notify();
    await this.#loop;
    await Promise.all(this.#inFlight);
    this.#o.sender.close();
  }

  async #run(): Promise<void> {
    const { store, now, leaseMs, concurrency, logger } = this.#o;
    while (this.#running) {
      let full = false;
      try {
        await this.#prune();
        const free = concurrency - this.#inFlight.size;
        if (free > 0) {
          const at = now();
          const claimed = await store.claimDeliveries(iso(at), iso(at + leaseMs), randomUUID(), free);
          for (const d of claimed) this.#track(this.#deliver(d));
          full = claimed.length === free; // more may be due: look again as soon as a slot frees
        }
      } catch (err) {
        logger.error({ err }, 'Webhook dispatcher: claiming deliveries failed');
      }
      if (this.#running && !(full && this.#inFlight.size < concurrency)) await this.#sleep(this.#o.pollMs);
    }
  }

  #track(p: Promise<void>): void {
    this.#inFlight.add(p);
    void p.finally(() => {
      this.#inFlight.delete(p);
      this.notify();
    });
  }

  async #deliver(d: ClaimedDelivery): Promise<void> {
    const { sender, store, now, retry, logger } = this.#o;
    try {
      const result = await sender.send({ webhook: d.webhook, event: { name: d.event.name, version: d.event.version }, deliveryId: d.id, body: d.event.body });
      const attempt = d.attempts + 1;
      const outcome: DeliveryOutcome = result.isSuccess ? { state: 'delivered' } : afterFailure(attempt, Date.parse(d.event.createdAt), now(), retry, this.#o.random);
      const held = await store.recordAttempt(d.id, d.claim, { ...result, webhookId: d.webhook.id, deliveryId: d.id, attempt }, outcome);
      if (!held) logger.warn({ webhookId: d.webhook.id, deliveryId: d.id }, 'Webhook delivery: the claim lapsed or the webhook was turned off before the attempt was recorded');
      if (!result.isSuccess) {
        logger.warn({ webhookId: d.webhook.id, deliveryId: d.id, attempt, status: result.responseStatus, error: result.error, outcome }, 'Webhook delivery failed');
      }
    } catch (err) {
      logger.error({ err, webhookId: d.webhook.id, deliveryId: d.id }, 'Webhook delivery: recording the attempt failed (the delivery is claimed again when its claim lapses)');
    }
  }

  async #prune(): Promise<void> {
    const at = this.#o.now();
    if (at - this.#prunedAt < PRUNE_EVERY_MS) return;
    this.#prunedAt = at;
    const removed = await this.#o.store.pruneWebhooks(iso(at - this.#o.retentionMs));
    if (removed > 0) this.#o.logger.info({ removed }, 'Webhook results and finished events past retention removed');
  }

  #sleep(ms: number): Promise<void> {
    if (this.#notified) {
      this.#notified = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#wake = undefined;
        this.#notified = false;
        resolve();
      };
      const timer = setTimeout(done, ms);
      timer.unref();
      this.#wake = done;
    });
  }
}

const iso = (ms: number) => new Date(ms).toISOString();
