// Webhooks (backend token), at the paths of Alice's Python SDK: the events
// one can subscribe to, the webhooks themselves, a ping, and the results of
// every attempt. GET /events is the older SDKs' path of the events list.
import { Router } from 'express';
import { requireToken } from '../auth/require-token.js';
import type { AppDeps } from '../deps.js';
import { readActivation, readWebhookBody } from '../http/webhook-body.js';
import * as webhooks from '../services/webhook-service.js';
import { subscriptableEvents } from '../webhooks/events.js';

export function webhooksRouter(deps: AppDeps): Router {
  const r = Router();
  const backend = requireToken(deps.signer, ['backend']);
  const id = (p: unknown) => String(p);

  for (const path of ['/webhook/subscriptable/events', '/events']) {
    r.get(path, backend, (_req, res) => {
      res.json(subscriptableEvents());
    });
  }
  r.post('/webhook', backend, async (req, res) => {
    res.json({ webhook_id: await webhooks.createWebhook(deps, await readWebhookBody(req, 'create')) });
  });
  r.get('/webhooks', backend, async (_req, res) => {
    res.json(await webhooks.listWebhooks(deps));
  });
  r.get('/webhook/:id', backend, async (req, res) => {
    res.json(await webhooks.getWebhook(deps, id(req.params.id)));
  });
  r.put('/webhook/:id', backend, async (req, res) => {
    await webhooks.replaceWebhook(deps, id(req.params.id), await readWebhookBody(req, 'replace'));
    res.json({ message: 'Ok' });
  });
  r.patch('/webhook/:id', backend, async (req, res) => {
    await webhooks.setWebhookActive(deps, id(req.params.id), await readActivation(req));
    res.json({ message: 'Ok' });
  });
  r.delete('/webhook/:id', backend, async (req, res) => {
    await webhooks.deleteWebhook(deps, id(req.params.id));
    res.json({ message: 'Ok' });
  });
  r.post('/webhook/:id/ping', backend, async (req, res) => {
    res.json(await webhooks.pingWebhook(deps, id(req.params.id)));
  });
  r.get('/webhook/results/:id', backend, async (req, res) => {
    res.json(await webhooks.webhookResults(deps, id(req.params.id)));
  });
  r.get('/webhook/result/:id/last', backend, async (req, res) => {
    res.json(await webhooks.lastWebhookResult(deps, id(req.params.id)));
  });
  return r;
}
