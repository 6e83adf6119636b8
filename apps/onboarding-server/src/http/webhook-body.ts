// Bodies of POST and PUT /webhook (the Webhook of Alice's SDK: active,
// post_url, api_key, secret, algorithm, event_name, event_version; a
// webhook_id in a PUT body is ignored) and of PATCH /webhook/{id} ({active}).
import type { Request } from 'express';
import { z } from 'zod';
import { EVENT_VERSION, isSubscriptable, WEBHOOK_EVENTS } from '../webhooks/events.js';
import type { WebhookAlgorithm } from '../store/webhook-store.js';
import { readForm } from './form-body.js';
import { invalidRequest } from '@alice-face/http-common';

/** Hex, as the API's secrets are (the HMAC key is the UTF-8 of the hex text); 32 digits at least. */
const secret = z.string().regex(/^[0-9a-fA-F]{32,512}$/);
const fields = {
  active: z.boolean().default(true),
  post_url: z.string().trim().min(1).max(2048),
  api_key: z.string().max(512).nullish(),
  algorithm: z.enum(['sha256', 'sha512']).nullish(),
  event_name: z.string().trim().min(1).max(100),
  event_version: z.union([z.string().trim().min(1).max(20), z.number().int()]).nullish(),
};
const createBody = z.object({ ...fields, secret });
const replaceBody = z.object({ ...fields, secret: secret.nullish() });
const activationBody = z.object({ active: z.boolean() });

const HINTS: Record<string, string> = {
  secret: ' It must be hexadecimal, 32 to 512 digits (for example 40 digits from secrets.token_hex(20)).',
  algorithm: ' It must be sha256 or sha512.',
  active: ' It must be true or false.',
};

export interface WebhookInput {
  active: boolean;
  postUrl: string;
  /** undefined: keep the stored one (PUT) or none (POST). */
  apiKey: string | undefined;
  /** undefined only in a PUT: keep the stored one. */
  secret: string | undefined;
  /** undefined: sha256 (POST) or keep the stored one (PUT). */
  algorithm: WebhookAlgorithm | undefined;
  eventName: string;
  eventVersion: string;
}

async function parse<T>(schema: z.ZodType<T>, req: Request): Promise<T> {
  const r = schema.safeParse(await readForm(req));
  if (!r.success) {
    const field = String(r.error.issues[0]?.path[0] ?? 'body');
    throw invalidRequest(field, `The field ${field} is missing or invalid.${HINTS[field] ?? ''}`);
  }
  return r.data;
}

export async function readWebhookBody(req: Request, mode: 'create' | 'replace'): Promise<WebhookInput> {
  const b = await parse<z.infer<typeof replaceBody>>(mode === 'create' ? createBody : replaceBody, req);
  const eventVersion = b.event_version == null ? EVENT_VERSION : String(b.event_version);
  if (!isSubscriptable(b.event_name, eventVersion)) {
    throw invalidRequest('event_name', `No event ${b.event_name} version ${eventVersion}: the events are ${WEBHOOK_EVENTS.join(', ')}, version ${EVENT_VERSION} (GET /webhook/subscriptable/events).`);
  }
  return {
    active: b.active,
    postUrl: b.post_url,
    apiKey: b.api_key ?? undefined,
    secret: b.secret ?? undefined,
    algorithm: b.algorithm ?? undefined,
    eventName: b.event_name,
    eventVersion,
  };
}

export async function readActivation(req: Request): Promise<boolean> {
  return (await parse(activationBody, req)).active;
}
