// Webhooks: subscribe, read, replace, turn on or off, delete, ping, and the
// results of their attempts. Deliveries themselves are the dispatcher's
// (webhooks/dispatcher.ts); what triggers them is written by the services of
// users, selfies and authentications.
import { randomUUID } from 'node:crypto';
import type { AppDeps } from '../deps.js';
import { HttpError } from '@alice-face/http-common';
import type { WebhookInput } from '../http/webhook-body.js';
import type { WebhookRow } from '../store/webhook-store.js';
import { checkTargetResolved, TargetRefused } from '../webhooks/target-policy.js';
import { webhookResultView, webhookView } from './webhook-views.js';

/** Most results GET /webhook/results/{id} returns (newest first). */
export const RESULTS_LIMIT = 100;

const notFound = () => new HttpError(404, 'WEBHOOK_NOT_FOUND', 'No webhook has this id.');

async function requireWebhook(deps: AppDeps, id: string, withDeleted = false): Promise<WebhookRow> {
  const row = await deps.store.webhooks.getWebhook(id, withDeleted);
  if (!row) throw notFound();
  return row;
}

async function checkPostUrl(deps: AppDeps, postUrl: string): Promise<void> {
  try {
    await checkTargetResolved(postUrl, deps.webhooks.policy);
  } catch (err) {
    if (!(err instanceof TargetRefused)) throw err;
    if (err.reason === 'not_a_url') throw new HttpError(400, 'INVALID_REQUEST', err.message, { details: { field: 'post_url' } });
    throw new HttpError(400, 'WEBHOOK_URL_REFUSED', err.message, { details: { field: 'post_url', reason: err.reason } });
  }
}

export async function createWebhook(deps: AppDeps, input: WebhookInput): Promise<string> {
  await checkPostUrl(deps, input.postUrl);
  const at = new Date(deps.now()).toISOString();
  const id = randomUUID();
  await deps.store.webhooks.addWebhook({
    id, active: input.active, postUrl: input.postUrl, apiKey: input.apiKey ?? '', secret: input.secret!, algorithm: input.algorithm ?? 'sha256',
    eventName: input.eventName, eventVersion: input.eventVersion, createdAt: at, updatedAt: at,
  });
  return id;
}

export async function getWebhook(deps: AppDeps, id: string) {
  return webhookView(await requireWebhook(deps, id));
}

export async function listWebhooks(deps: AppDeps) {
  return (await deps.store.webhooks.listWebhooks()).map(webhookView);
}

/** PUT: the settings given replace the stored ones; secret, api_key and algorithm left out are kept. */
export async function replaceWebhook(deps: AppDeps, id: string, input: WebhookInput): Promise<void> {
  await requireWebhook(deps, id);
  await checkPostUrl(deps, input.postUrl);
  const { secret, apiKey, algorithm, ...rest } = input;
  const change = { ...rest, ...(secret === undefined ? {} : { secret }), ...(apiKey === undefined ? {} : { apiKey }), ...(algorithm === undefined ? {} : { algorithm }) };
  if (!(await deps.store.webhooks.updateWebhook(id, { ...change, updatedAt: new Date(deps.now()).toISOString() }))) throw notFound();
}

/** PATCH: on or off; off drops the deliveries still waiting. */
export async function setWebhookActive(deps: AppDeps, id: string, active: boolean): Promise<void> {
  if (!(await deps.store.webhooks.updateWebhook(id, { active, updatedAt: new Date(deps.now()).toISOString() }))) throw notFound();
}

export async function deleteWebhook(deps: AppDeps, id: string): Promise<void> {
  if (!(await deps.store.webhooks.deleteWebhook(id, new Date(deps.now()).toISOString()))) throw notFound();
}

/** Sends `{"is_ping": true}` now (once, no retries) and records the attempt with the others. */
export async function pingWebhook(deps: AppDeps, id: string) {
  const w = await requireWebhook(deps, id);
  if (!w.active) throw new HttpError(409, 'WEBHOOK_INACTIVE', 'The webhook is turned off: turn it on (PATCH {"active": true}) to ping it.');
  const attempt = await deps.webhooks.sender.send({ webhook: w, event: { name: w.eventName, version: w.eventVersion }, deliveryId: randomUUID(), body: '{"is_ping":true}' });
  const row = { ...attempt, webhookId: w.id, deliveryId: null, attempt: 1 };
  await deps.store.webhooks.addWebhookResult(row);
  return webhookResultView(row);
}

/** Results stay readable after the webhook is deleted, until they are pruned. */
export async function webhookResults(deps: AppDeps, id: string) {
  await requireWebhook(deps, id, true);
  return (await deps.store.webhooks.listWebhookResults(id, RESULTS_LIMIT)).map(webhookResultView);
}

export async function lastWebhookResult(deps: AppDeps, id: string) {
  await requireWebhook(deps, id, true);
  const [last] = await deps.store.webhooks.listWebhookResults(id, 1);
  if (!last) throw new HttpError(404, 'WEBHOOK_RESULT_NOT_FOUND', 'The webhook has no result yet: nothing was sent to it.');
  return webhookResultView(last);
}
