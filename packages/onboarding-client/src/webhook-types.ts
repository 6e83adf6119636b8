// Wire types of the webhooks endpoints (docs/CONTRACT.md, "Webhooks"), in the shapes of Alice's
// Python SDK (`alice.webhooks`) and the service behind it.
import type { WebhookAlgorithm } from './webhook-signature.js';

/** An event a webhook can subscribe to (`GET /webhook/subscriptable/events`). */
export interface WebhookEventType {
  name: string;
  version: string;
}

export interface Webhook {
  webhook_id: string;
  active: boolean;
  post_url: string;
  /** Never sent back by the self-hosted server (null): it is write-only, like `secret`. */
  api_key: string | null;
  /** Never sent back by the self-hosted server (null): keep your copy where you verify deliveries. */
  secret: string | null;
  algorithm: WebhookAlgorithm;
  event_name: string;
  event_version: string;
  created_at?: string;
  updated_at?: string;
}

export interface NewWebhook {
  /** Where deliveries are POSTed: https, or http to a host the server allows. */
  postUrl: string;
  /** Hex string (at least 32 digits on the self-hosted server): the HMAC key, as its UTF-8 bytes. */
  secret: string;
  eventName: string;
  /** Default "1". */
  eventVersion?: string;
  /** Default sha256. */
  algorithm?: WebhookAlgorithm;
  /** Sent in the `apikey` header of each delivery, for the receiver to check; default none. */
  apiKey?: string;
  /** Default true. */
  active?: boolean;
}

/** PUT /webhook/{id}: the whole webhook again; `secret` and `apiKey` left out keep the stored ones. */
export type WebhookUpdate = Omit<NewWebhook, 'secret'> & { secret?: string };

/**
 * One attempt to deliver (or ping): what was sent and what came back. `headers` are
 * JSON-encoded objects, as Alice's service renders them; the receiver's `apikey` is masked.
 */
export interface WebhookResult {
  webhook_result_id: string;
  webhook_id: string;
  /** X-Alice-Delivery of the attempt (the same on every retry); null for a ping. */
  delivery_id: string | null;
  /** 1 for a delivery's first attempt (and for a ping). */
  attempt: number;
  sent_on: string;
  request: { headers: string; body: unknown };
  response: {
    /** null when no answer came (refused, unreachable, timed out). */
    status_code: number | null;
    headers: string | null;
    /** The start of the answer's body (a few KB at most), or null. */
    body: string | null;
    completed_in_ms: number;
  };
  /** Why no answer came, or null. */
  error: string | null;
  is_success: boolean;
}
