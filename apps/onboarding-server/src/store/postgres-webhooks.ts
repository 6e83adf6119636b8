// The webhooks part of the PostgreSQL store (store.webhooks), running the SQL
// the SQLite store runs (webhook-queries.ts), and the outbox write the store's
// other transactions call with their pooled client (writeEvents), so an event
// is committed with the change that caused it or not at all. A claim is one
// statement whose inner SELECT skips rows another instance has locked, and
// whose outer conditions are checked again on each row it updates: two
// instances never hold one delivery while a claim lasts.
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { PgDb } from './postgres-db.js';
import { WQ } from './webhook-queries.js';
import { resultParams, toClaimed, toResult, toWebhook, webhookChangeParams, webhookParams } from './webhook-rows.js';
import type { ClaimedDelivery, DeliveryOutcome, OutboxEvent, WebhookChange, WebhookResultRow, WebhookRow, WebhookStore } from './webhook-store.js';

/** WQ.claim with the candidates locked as they are picked (PostgreSQL only), so concurrent claims pass over each other's rows. */
const CLAIM = WQ.claim.replace('LIMIT @limit)', 'LIMIT @limit FOR UPDATE OF d SKIP LOCKED)');
if (CLAIM === WQ.claim) throw new Error('WQ.claim no longer ends its candidates with `LIMIT @limit)`.');

export class PostgresWebhooks implements WebhookStore {
  constructor(private readonly db: PgDb) {}

  /** Writes each event with one delivery per active webhook subscribed to it; call with the change's transaction client. */
  async writeEvents(events: OutboxEvent[] | undefined, tx: pg.PoolClient): Promise<void> {
    for (const e of events ?? []) {
      const subscribers = (await this.db.rows(WQ.subscribers, [e.name, e.version], tx)).map((r) => String(r.id));
      if (subscribers.length === 0) continue;
      await this.db.run(WQ.addEvent, { id: e.id, name: e.name, version: e.version, body: e.body, createdAt: e.createdAt }, tx);
      for (const webhookId of subscribers) await this.db.run(WQ.addDelivery, { id: randomUUID(), eventId: e.id, webhookId, at: e.createdAt }, tx);
    }
  }

  async addWebhook(row: WebhookRow): Promise<void> {
    await this.db.run(WQ.addWebhook, webhookParams(row));
  }
  async getWebhook(id: string, withDeleted = false): Promise<WebhookRow | undefined> {
    const [r] = await this.db.rows(withDeleted ? WQ.webhookWithDeleted : WQ.webhook, [id]);
    return r && toWebhook(r);
  }
  async listWebhooks(): Promise<WebhookRow[]> {
    return (await this.db.rows(WQ.webhooks)).map(toWebhook);
  }
  async updateWebhook(id: string, change: WebhookChange): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const changed = (await this.db.run(WQ.updateWebhook, webhookChangeParams(id, change), tx)) > 0;
      if (changed && change.active === false) await this.db.run(WQ.cancelDeliveries, { id, at: change.updatedAt }, tx);
      return changed;
    });
  }
  async deleteWebhook(id: string, at: string): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const deleted = (await this.db.run(WQ.deleteWebhook, { id, at }, tx)) > 0;
      if (deleted) await this.db.run(WQ.cancelDeliveries, { id, at }, tx);
      return deleted;
    });
  }

  async claimDeliveries(now: string, until: string, claim: string, limit: number): Promise<ClaimedDelivery[]> {
    return this.db.transaction(async (tx) => {
      if ((await this.db.rows(CLAIM, { now, until, claim, limit }, tx)).length === 0) return [];
      return (await this.db.rows(WQ.claimed, [claim], tx)).map(toClaimed);
    });
  }
  async recordAttempt(deliveryId: string, claim: string, result: WebhookResultRow, outcome: DeliveryOutcome): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      await this.db.run(WQ.addResult, resultParams(result), tx);
      const next = outcome.state === 'pending' ? outcome.nextAttemptAt : null;
      const doneAt = outcome.state === 'pending' ? null : result.sentOn;
      return (await this.db.run(WQ.moveDelivery, { id: deliveryId, claim, state: outcome.state, nextAttemptAt: next, doneAt }, tx)) > 0;
    });
  }

  async addWebhookResult(row: WebhookResultRow): Promise<void> {
    await this.db.run(WQ.addResult, resultParams(row));
  }
  async listWebhookResults(webhookId: string, limit: number): Promise<WebhookResultRow[]> {
    return (await this.db.rows(WQ.results, [webhookId, limit])).map(toResult);
  }
  async pruneWebhooks(before: string): Promise<number> {
    return this.db.transaction(
      async (tx) => (await this.db.run(WQ.pruneResults, [before], tx)) + (await this.db.run(WQ.pruneEvents, [before], tx)) + (await this.db.run(WQ.pruneWebhooks, [before], tx)),
    );
  }
}
