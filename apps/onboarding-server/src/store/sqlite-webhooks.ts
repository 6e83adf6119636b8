// The webhooks part of the SQLite store (store.webhooks), and the outbox
// write the store's other transactions call (writeEvents), so an event is
// committed with the change that caused it or not at all.
import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { Db } from './sqlite-db.js';
import { WQ } from './webhook-queries.js';
import { resultParams, toClaimed, toResult, toWebhook, webhookChangeParams, webhookParams } from './webhook-rows.js';
import type { ClaimedDelivery, DeliveryOutcome, OutboxEvent, WebhookChange, WebhookResultRow, WebhookRow, WebhookStore } from './webhook-store.js';

type Raw = Record<string, unknown>;

export class SqliteWebhooks implements WebhookStore {
  readonly #db: Db;
  readonly #s;

  constructor(db: Db) {
    this.#db = db;
    this.#s = Object.fromEntries(Object.entries(WQ).map(([k, sql]) => [k, db.prepare(sql)])) as Record<keyof typeof WQ, Database.Statement<unknown[]>>;
  }

  /** Writes each event with one delivery per active webhook subscribed to it; call inside the change's transaction. */
  writeEvents(events: OutboxEvent[] | undefined): void {
    for (const e of events ?? []) {
      const subscribers = this.#s.subscribers.pluck().all(e.name, e.version) as string[];
      if (subscribers.length === 0) continue;
      this.#s.addEvent.run({ id: e.id, name: e.name, version: e.version, body: e.body, createdAt: e.createdAt });
      for (const webhookId of subscribers) this.#s.addDelivery.run({ id: randomUUID(), eventId: e.id, webhookId, at: e.createdAt });
    }
  }

  async addWebhook(row: WebhookRow): Promise<void> {
    this.#s.addWebhook.run(webhookParams(row));
  }
  async getWebhook(id: string, withDeleted = false): Promise<WebhookRow | undefined> {
    const r = (withDeleted ? this.#s.webhookWithDeleted : this.#s.webhook).get(id) as Raw | undefined;
    return r && toWebhook(r);
  }
  async listWebhooks(): Promise<WebhookRow[]> {
    return (this.#s.webhooks.all() as Raw[]).map(toWebhook);
  }
  async updateWebhook(id: string, change: WebhookChange): Promise<boolean> {
    return this.#db.transaction(() => {
      const changed = this.#s.updateWebhook.run(webhookChangeParams(id, change)).changes > 0;
      if (changed && change.active === false) this.#s.cancelDeliveries.run({ id, at: change.updatedAt });
      return changed;
    })();
  }
  async deleteWebhook(id: string, at: string): Promise<boolean> {
    return this.#db.transaction(() => {
      const deleted = this.#s.deleteWebhook.run({ id, at }).changes > 0;
      if (deleted) this.#s.cancelDeliveries.run({ id, at });
      return deleted;
    })();
  }

  async claimDeliveries(now: string, until: string, claim: string, limit: number): Promise<ClaimedDelivery[]> {
    return this.#db.transaction(() => {
      if (this.#s.claim.all({ now, until, claim, limit }).length === 0) return [];
      return (this.#s.claimed.all(claim) as Raw[]).map(toClaimed);
    })();
  }
  async recordAttempt(deliveryId: string, claim: string, result: WebhookResultRow, outcome: DeliveryOutcome): Promise<boolean> {
    return this.#db.transaction(() => {
      this.#s.addResult.run(resultParams(result));
      const next = outcome.state === 'pending' ? outcome.nextAttemptAt : null;
      const doneAt = outcome.state === 'pending' ? null : result.sentOn;
      return this.#s.moveDelivery.run({ id: deliveryId, claim, state: outcome.state, nextAttemptAt: next, doneAt }).changes > 0;
    })();
  }

  async addWebhookResult(row: WebhookResultRow): Promise<void> {
    this.#s.addResult.run(resultParams(row));
  }
  async listWebhookResults(webhookId: string, limit: number): Promise<WebhookResultRow[]> {
    return (this.#s.results.all(webhookId, limit) as Raw[]).map(toResult);
  }
  async pruneWebhooks(before: string): Promise<number> {
    return this.#db.transaction(
      () => this.#s.pruneResults.run(before).changes + this.#s.pruneEvents.run(before).changes + this.#s.pruneWebhooks.run(before).changes,
    )();
  }
}
