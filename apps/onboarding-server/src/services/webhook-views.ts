// Webhook records → the wire shapes Alice's SDK and service use. The secret
// and the receiver's api_key are write-only: always null here.
import type { WebhookResultRow, WebhookRow } from '../store/webhook-store.js';

export function webhookView(w: WebhookRow) {
  return {
    webhook_id: w.id,
    active: w.active,
    post_url: w.postUrl,
    api_key: null,
    secret: null,
    algorithm: w.algorithm,
    event_name: w.eventName,
    event_version: w.eventVersion,
    created_at: w.createdAt,
    updated_at: w.updatedAt,
  };
}

/** An attempt, in the nesting of Alice's WebhookResult (headers JSON-encoded, as it renders them). */
export function webhookResultView(r: WebhookResultRow) {
  return {
    webhook_result_id: r.id,
    webhook_id: r.webhookId,
    delivery_id: r.deliveryId,
    attempt: r.attempt,
    sent_on: r.sentOn,
    request: { headers: JSON.stringify(r.requestHeaders), body: parseOrText(r.requestBody) },
    response: {
      status_code: r.responseStatus,
      headers: r.responseHeaders && JSON.stringify(r.responseHeaders),
      body: r.responseBody,
      completed_in_ms: r.completedInMs,
    },
    error: r.error,
    is_success: r.isSuccess,
  };
}

function parseOrText(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return body;
  }
}
