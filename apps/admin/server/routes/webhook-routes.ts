import { Router } from 'express';
import { OnboardingApiError, type OnboardingClient, type Webhook, type WebhookResult } from '@alice-face/onboarding-client';
import type { WebhookRow, WebhooksResponse } from '../api-types.js';

/** The onboarding server's webhooks with the last result of each, read-only (no route here changes one). */
export function webhookRoutes(client: OnboardingClient): Router {
  const router = Router();
  router.get('/api/webhooks', async (_req, res) => {
    const webhooks = await client.webhooks.getWebhooks();
    const rows = await Promise.all(webhooks.map(async (w) => toRow(w, await lastResult(client, w.webhook_id))));
    res.json({ webhooks: rows } satisfies WebhooksResponse);
  });
  return router;
}

async function lastResult(client: OnboardingClient, id: string): Promise<WebhookResult | null> {
  try {
    return await client.webhooks.getLastWebhookResult(id);
  } catch (err) {
    // Nothing sent yet, or deleted since the list was read.
    if (err instanceof OnboardingApiError && err.status === 404) return null;
    throw err;
  }
}

function toRow(w: Webhook, r: WebhookResult | null): WebhookRow {
  return {
    webhook_id: w.webhook_id,
    active: w.active,
    target: withoutQuery(w.post_url),
    event_name: w.event_name,
    event_version: w.event_version,
    algorithm: w.algorithm,
    last_result: r && {
      sent_on: r.sent_on,
      attempt: r.attempt ?? 1,
      is_success: r.is_success,
      status_code: r.response.status_code,
      error: r.error ?? null,
      completed_in_ms: r.response.completed_in_ms,
    },
  };
}

function withoutQuery(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return '(not a URL)';
  }
}
