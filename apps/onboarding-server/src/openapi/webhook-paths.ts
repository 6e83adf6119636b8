// The webhooks part of the OpenAPI document: paths (backend token) and the
// Webhook, WebhookResult and event-body schemas. document.ts hands in its
// operation builder, so every operation has the same security and errors.
import { WEBHOOK_EVENTS } from '../webhooks/events.js';

type Op = (summary: string, security: ['backend'], response: object, extra?: Record<string, unknown>) => object;

const str = { type: 'string' };
const nullable = (type: string) => ({ type: [type, 'null'] });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const id = [{ name: 'id', in: 'path', required: true, schema: str }];
const ok = { type: 'object', properties: { message: { const: 'Ok' } } };
const body = (schema: object) => ({ required: true, content: { 'application/json': { schema } } });
const webhookFields = {
  active: { type: 'boolean', default: true },
  post_url: { type: 'string', format: 'uri', description: 'https, or http to a host in ONBOARDING_WEBHOOK_HTTP_HOSTS; no private address unless ONBOARDING_WEBHOOK_ALLOW_PRIVATE.' },
  api_key: { type: ['string', 'null'], description: 'Sent as the `apikey` header of each delivery.' },
  secret: { type: 'string', pattern: '^[0-9a-fA-F]{32,512}$', description: 'HMAC key (its UTF-8 bytes); write-only.' },
  algorithm: { enum: ['sha256', 'sha512'], default: 'sha256' },
  event_name: { enum: [...WEBHOOK_EVENTS] },
  event_version: { type: 'string', default: '1' },
};

export const webhookSchemas = {
  Webhook: {
    type: 'object',
    required: ['webhook_id', 'active', 'post_url', 'api_key', 'secret', 'algorithm', 'event_name', 'event_version'],
    properties: {
      webhook_id: str, ...webhookFields,
      api_key: { type: 'null', description: 'Write-only: never sent back.' },
      secret: { type: 'null', description: 'Write-only: never sent back.' },
      created_at: { type: 'string', format: 'date-time' }, updated_at: { type: 'string', format: 'date-time' },
    },
  },
  WebhookResult: {
    type: 'object',
    description: 'One attempt (a delivery or a ping). Headers are JSON-encoded objects; the receiver\'s apikey is masked.',
    required: ['webhook_result_id', 'webhook_id', 'delivery_id', 'attempt', 'sent_on', 'request', 'response', 'error', 'is_success'],
    properties: {
      webhook_result_id: str, webhook_id: str, delivery_id: { ...nullable('string'), description: 'X-Alice-Delivery; null for a ping.' },
      attempt: { type: 'integer', minimum: 1 }, sent_on: { type: 'string', format: 'date-time' },
      request: { type: 'object', required: ['headers', 'body'], properties: { headers: str, body: {} } },
      response: {
        type: 'object',
        required: ['status_code', 'headers', 'body', 'completed_in_ms'],
        properties: { status_code: nullable('integer'), headers: nullable('string'), body: { ...nullable('string'), description: 'The first 4 KB at most.' }, completed_in_ms: { type: 'number' } },
      },
      error: nullable('string'), is_success: { type: 'boolean' },
    },
  },
};

export function webhookPaths(op: Op) {
  const B = ['backend'] as ['backend'];
  const events = { type: 'array', items: { type: 'object', required: ['name', 'version'], properties: { name: { enum: [...WEBHOOK_EVENTS] }, version: { const: '1' } } } };
  return {
    '/webhook/subscriptable/events': { get: op('Events a webhook can subscribe to', B, events) },
    '/events': { get: op('The older SDKs\' path of /webhook/subscriptable/events', B, events) },
    '/webhook': {
      post: op('Subscribe a URL to an event', B, { type: 'object', required: ['webhook_id'], properties: { webhook_id: str } }, {
        requestBody: body({ type: 'object', required: ['post_url', 'secret', 'event_name'], properties: webhookFields }),
      }),
    },
    '/webhooks': { get: op('Every webhook (not deleted)', B, { type: 'array', items: ref('Webhook') }) },
    '/webhook/{id}': {
      get: op('One webhook', B, ref('Webhook'), { parameters: id }),
      put: op('Replace its settings (secret, api_key and algorithm left out are kept)', B, ok, {
        parameters: id, requestBody: body({ type: 'object', required: ['post_url', 'event_name'], properties: { ...webhookFields, secret: { ...webhookFields.secret, type: ['string', 'null'] }, webhook_id: str } }),
      }),
      patch: op('Turn deliveries on or off (off drops the deliveries waiting)', B, ok, {
        parameters: id, requestBody: body({ type: 'object', required: ['active'], properties: { active: { type: 'boolean' } } }),
      }),
      delete: op('Delete it (its results stay readable until pruned)', B, ok, { parameters: id }),
    },
    '/webhook/{id}/ping': { post: op('Send {"is_ping": true} now; the attempt is recorded', B, ref('WebhookResult'), { parameters: id }) },
    '/webhook/results/{id}': { get: op('Its results, newest first (at most 100)', B, { type: 'array', items: ref('WebhookResult') }, { parameters: id }) },
    '/webhook/result/{id}/last': { get: op('Its newest result', B, ref('WebhookResult'), { parameters: id }) },
  };
}
