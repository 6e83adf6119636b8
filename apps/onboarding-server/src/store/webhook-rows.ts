// Row ↔ record conversion of the webhooks tables (snake_case columns, 0/1
// booleans, headers as JSON text), for the SQLite store and any other.
import type { ClaimedDelivery, WebhookAlgorithm, WebhookChange, WebhookResultRow, WebhookRow } from './webhook-store.js';

type Raw = Record<string, unknown>;

const str = (v: unknown): string => String(v);
const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const bit = (b: boolean | undefined): number | null => (b === undefined ? null : b ? 1 : 0);

export function toWebhook(r: Raw): WebhookRow {
  return {
    id: str(r.id),
    active: Number(r.active) === 1,
    postUrl: str(r.post_url),
    apiKey: str(r.api_key),
    secret: str(r.secret),
    algorithm: str(r.algorithm) as WebhookAlgorithm,
    eventName: str(r.event_name),
    eventVersion: str(r.event_version),
    createdAt: str(r.created_at),
    updatedAt: str(r.updated_at),
  };
}

export function webhookParams(w: WebhookRow): Raw {
  return { ...w, active: bit(w.active) };
}

/** Parameters of WQ.updateWebhook: null keeps a column. */
export function webhookChangeParams(id: string, c: WebhookChange): Raw {
  const or = <T>(v: T | undefined) => (v === undefined ? null : v);
  return {
    id, active: bit(c.active), postUrl: or(c.postUrl), apiKey: or(c.apiKey), secret: or(c.secret), algorithm: or(c.algorithm),
    eventName: or(c.eventName), eventVersion: or(c.eventVersion), updatedAt: c.updatedAt,
  };
}

export function toClaimed(r: Raw): ClaimedDelivery {
  return {
    id: str(r.id),
    claim: str(r.claim),
    attempts: Number(r.attempts),
    event: { id: str(r.event_id), name: str(r.event_name), version: str(r.event_version), body: str(r.event_body), createdAt: str(r.event_created_at) },
    webhook: { id: str(r.webhook_id), postUrl: str(r.post_url), apiKey: str(r.api_key), secret: str(r.secret), algorithm: str(r.algorithm) as WebhookAlgorithm },
  };
}

export function resultParams(r: WebhookResultRow): Raw {
  return {
    ...r,
    requestHeaders: JSON.stringify(r.requestHeaders),
    responseHeaders: r.responseHeaders && JSON.stringify(r.responseHeaders),
    isSuccess: bit(r.isSuccess),
  };
}

export function toResult(r: Raw): WebhookResultRow {
  return {
    id: str(r.id),
    webhookId: str(r.webhook_id),
    deliveryId: strOrNull(r.delivery_id),
    attempt: Number(r.attempt),
    sentOn: str(r.sent_on),
    requestHeaders: JSON.parse(str(r.request_headers)) as Record<string, string>,
    requestBody: str(r.request_body),
    responseStatus: r.response_status == null ? null : Number(r.response_status),
    responseHeaders: r.response_headers == null ? null : (JSON.parse(str(r.response_headers)) as Record<string, string>),
    responseBody: strOrNull(r.response_body),
    error: strOrNull(r.error),
    completedInMs: Number(r.completed_in_ms),
    isSuccess: Number(r.is_success) === 1,
  };
}
