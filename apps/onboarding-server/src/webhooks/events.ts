// The events a webhook can subscribe to, and their bodies. Bodies name ids,
// never biometric data (no template, no media, no scores but the selfie's
// face_liveness the enrolment decision needs): a receiver fetches the rest
// with its own token. Serialized once here, ASCII only (non-ASCII escaped as
// \uXXXX, as Python's json.dumps does), so the bytes are the same read as
// UTF-8 or Latin-1 and a signature checked either way matches.
import { randomUUID } from 'node:crypto';
import type { OutboxEvent } from '../store/webhook-store.js';

export const EVENT_VERSION = '1';

export const WEBHOOK_EVENTS = [
  'user_created',
  'user_deleted',
  'selfie_added',
  'selfie_voided',
  'authentication_enabled',
  'authentication_disabled',
  'authentication_created',
] as const;
export type WebhookEventName = (typeof WEBHOOK_EVENTS)[number];

/** GET /webhook/subscriptable/events. */
export function subscriptableEvents(): Array<{ name: WebhookEventName; version: string }> {
  return WEBHOOK_EVENTS.map((name) => ({ name, version: EVENT_VERSION }));
}

export function isSubscriptable(name: string, version: string): boolean {
  return version === EVENT_VERSION && (WEBHOOK_EVENTS as readonly string[]).includes(name);
}

/** JSON with every non-ASCII character escaped. */
export function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function event(name: WebhookEventName, at: number, fields: Record<string, unknown>): OutboxEvent {
  const id = randomUUID();
  const createdAt = new Date(at).toISOString();
  const body = asciiJson({ event_id: id, event_name: name, event_version: EVENT_VERSION, created_at: createdAt, ...fields });
  return { id, name, version: EVENT_VERSION, body, createdAt };
}

export const events = {
  userCreated: (at: number, userId: string) => event('user_created', at, { user_id: userId }),
  userDeleted: (at: number, userId: string) => event('user_deleted', at, { user_id: userId }),
  selfieAdded: (at: number, userId: string, selfieId: string, faceLiveness: number | null) =>
    event('selfie_added', at, { user_id: userId, selfie_id: selfieId, face_liveness: faceLiveness }),
  selfieVoided: (at: number, userId: string, selfieIds: string[]) => event('selfie_voided', at, { user_id: userId, selfie_ids: selfieIds }),
  /** authentication_enabled or _disabled when face login changed; nothing when it did not. */
  faceLoginChanged: (at: number, userId: string, authorized: { before: boolean; after: boolean }): OutboxEvent[] =>
    authorized.before === authorized.after ? [] : [event(authorized.after ? 'authentication_enabled' : 'authentication_disabled', at, { user_id: userId })],
  /** The id only: the receiver reads the scores with its own token. */
  authenticationCreated: (at: number, userId: string, authenticationId: string) =>
    event('authentication_created', at, { user_id: userId, authentication_id: authenticationId }),
};
