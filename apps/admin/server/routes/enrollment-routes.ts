import { Router } from 'express';
import type { OnboardingClient } from '@alice-face/onboarding-client';
import { z } from 'zod';
import { DECISION_ACTIONS, QUEUE_STATES } from '../api-types.js';
import type { DecisionResponse } from '../api-types.js';
import type { DecisionService } from '../decision-service.js';
import { OnboardingApiError } from '@alice-face/onboarding-client';
import type { AuditLog } from '../store/audit-log.js';
import type { QueueService } from '../queue-service.js';
import { parseOr400 } from '../validate.js';

const QueueQuery = z.object({
  state: z.enum(QUEUE_STATES as [string, ...string[]]).default('awaiting'),
  q: z.string().trim().max(320).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  page_size: z.coerce.number().int().min(1).max(100).default(20),
});

const DecisionBody = z.object({
  action: z.enum(DECISION_ACTIONS as [string, ...string[]]),
  reason: z.string().max(1000).optional(),
  confirm_email: z.string().max(320).optional(),
});

const Id = z.string().min(1).max(200).regex(/^[A-Za-z0-9_-]+$/);

function param(value: unknown, name: string): string {
  return parseOr400(Id, value, `Invalid ${name}.`);
}

/**
 * The queue, one enrollment's detail, its media (proxied; every view recorded in the audit log with the
 * reviewer) and decisions on it. Onboarding failures are mapped by the app's error handler.
 */
export function enrollmentRoutes(queue: QueueService, decisions: DecisionService, client: OnboardingClient, audit: AuditLog): Router {
  const router = Router();

  router.get('/api/enrollments', async (req, res) => {
    const { state, q, page, page_size } = parseOr400(QueueQuery, req.query, 'Invalid queue query.');
    res.json(await queue.list({ state: state as (typeof QUEUE_STATES)[number], search: q || undefined, page, pageSize: page_size }));
  });

  router.get('/api/enrollments/:userId', async (req, res) => {
    const userId = param(req.params.userId, 'userId');
    res.json(await queue.detail(userId));
  });

  router.post('/api/enrollments/:userId/decisions', async (req, res) => {
    const userId = param(req.params.userId, 'userId');
    const body = parseOr400(DecisionBody, req.body, 'Invalid decision.');
    const entry = await decisions.decide(res.locals.reviewerEmail as string, {
      action: body.action as (typeof DECISION_ACTIONS)[number],
      userId,
      reason: body.reason,
      confirmEmail: body.confirm_email,
    });
    res.json({ entry } satisfies DecisionResponse);
  });

  router.get('/api/users/:userId/media/:mediaId', async (req, res) => {
    const userId = param(req.params.userId, 'userId');
    const mediaId = param(req.params.mediaId, 'mediaId');
    const viewed = { reviewer_email: res.locals.reviewerEmail as string, action: 'view_media' as const, user_id: userId, user_email: null, media_id: mediaId, reason: null };
    let media;
    try {
      media = await client.downloadMedia(userId, mediaId);
    } catch (err) {
      const e = err instanceof OnboardingApiError ? err : undefined;
      audit.append({ ...viewed, outcome: 'failure', error_code: e?.code ?? 'INTERNAL', error_message: e?.message ?? 'The media could not be read.' });
      throw err;
    }
    audit.append({ ...viewed, outcome: 'success', error_code: null, error_message: null });
    // Biometric media: never cached by the browser or any proxy.
    res.setHeader('Cache-Control', 'no-store');
    res.type(media.contentType).send(media.data);
  });

  return router;
}
