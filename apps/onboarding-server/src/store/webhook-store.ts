// The webhooks part of the data layer (`store.webhooks`): subscriptions, the
// delivery outbox the dispatcher works through, and the results of every
// attempt. Events enter the outbox through the Store's own writes (createUser,
// addSelfie… take `OutboxEvent`s and write them in the same transaction);
// this interface is what reads and moves them. The PostgreSQL store implements
// the same methods with the same SQL (webhook-queries.ts).

/** An event, serialized once; the store writes it with one delivery per active webhook subscribed to it. */
export interface OutboxEvent {
  id: string;
  name: string;
  version: string;
  /** The JSON body every delivery of it sends (ASCII only: see webhooks/events.ts). */
  body: string;
  createdAt: string;
}

export type WebhookAlgorithm = 'sha256' | 'sha512';

export interface WebhookRow {
  id: string;
  active: boolean;
  postUrl: string;
  /** Sent as the `apikey` header of each delivery ('' sends none). */
  apiKey: string;
  /** The HMAC key (needed to sign, so stored as given; never returned by the API). */
  secret: string;
  algorithm: WebhookAlgorithm;
  eventName: string;
  eventVersion: string;
  createdAt: string;
  updatedAt: string;
}

/** PUT and PATCH: what changes (undefined = kept). */
export type WebhookChange = Partial<Omit<WebhookRow, 'id' | 'createdAt' | 'updatedAt'>> & { updatedAt: string };

export interface WebhookResultRow {
  id: string;
  webhookId: string;
  /** The delivery it was an attempt of; null for a ping. */
  deliveryId: string | null;
  /** 1 for the first attempt of a delivery (and for a ping). */
  attempt: number;
  sentOn: string;
  requestHeaders: Record<string, string>;
  requestBody: string;
  responseStatus: number | null;
  responseHeaders: Record<string, string> | null;
  responseBody: string | null;
  error: string | null;
  completedInMs: number;
  isSuccess: boolean;
}

/** A delivery the dispatcher has claimed: everything it needs to send it. */
export interface ClaimedDelivery {
  id: string;
  claim: string;
  /** Attempts made before this one. */
  attempts: number;
  event: { id: string; name: string; version: string; body: string; createdAt: string };
  webhook: Pick<WebhookRow, 'id' | 'postUrl' | 'apiKey' | 'secret' | 'algorithm'>;
}

/** What an attempt leads to. */
export type DeliveryOutcome = { state: 'delivered' } | { state: 'pending'; nextAttemptAt: string } | { state: 'failed' };

export interface WebhookStore {
  addWebhook(row: WebhookRow): Promise<void>;
  /** A webhook not deleted; with `withDeleted`, a deleted one too (its results stay readable). */
  getWebhook(id: string, withDeleted?: boolean): Promise<WebhookRow | undefined>;
  /** Every webhook not deleted, oldest first. */
  listWebhooks(): Promise<WebhookRow[]>;
  /** Applies the change; turning a webhook off cancels its pending deliveries. False when there is no such webhook. */
  updateWebhook(id: string, change: WebhookChange): Promise<boolean>;
  /** Marks the webhook deleted and cancels its pending deliveries; false when there is no such webhook. */
  deleteWebhook(id: string, at: string): Promise<boolean>;

  /**
   * Claims up to `limit` pending deliveries due at `now` (of active webhooks) in one
   * statement: each is the caller's alone until `until`, or until it records an attempt.
   */
  claimDeliveries(now: string, until: string, claim: string, limit: number): Promise<ClaimedDelivery[]>;
  /**
   * Stores an attempt's result and, if the caller's claim still holds, moves the delivery
   * on (one transaction); returns whether the claim held.
   */
  recordAttempt(deliveryId: string, claim: string, result: WebhookResultRow, outcome: DeliveryOutcome): Promise<boolean>;

  /** Stores the result of a ping (not part of any delivery). */
  addWebhookResult(row: WebhookResultRow): Promise<void>;
  /** The webhook's results, newest first, at most `limit`. */
  listWebhookResults(webhookId: string, limit: number): Promise<WebhookResultRow[]>;
  /** Removes results, events whose deliveries are all done, and deleted webhooks, older than `before`; returns rows removed. */
  pruneWebhooks(before: string): Promise<number>;
}
