import { Router } from 'express';
import { z } from 'zod';
import type { OnboardingClient } from '@alice-face/onboarding-client';
import { AUDIT_ACTIONS } from '../api-types.js';
import type { AuditAction, AuditResponse, ConfigResponse, MediaAccessResponse } from '../api-types.js';
import { parseOr400 } from '../validate.js';
import type { AuditLog } from '../store/audit-log.js';

const AuditQuery = z.object({
  action: z.enum(AUDIT_ACTIONS as [string, ...string[]]).optional(),
  outcome: z.enum(['success', 'failure']).optional(),
  reviewer: z.string().trim().max(320).optional(),
  user: z.string().trim().max(320).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  page_size: z.coerce.number().int().min(1).max(200).default(50),
});

const MediaAccessQuery = z.object({
  user: z.string().trim().max(200).regex(/^[A-Za-z0-9_-]*$/).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  page_size: z.coerce.number().int().min(1).max(100).default(50),
});

/**
 * The audit log (read only: there is no route that edits or deletes an entry), the Onboarding API's
 * log of media downloads (who: token kind and API key), and the display configuration.
 */
export function auditRoutes(audit: AuditLog, config: ConfigResponse, client: OnboardingClient): Router {
  const router = Router();

  router.get('/api/config', (_req, res) => {
    res.json(config);
  });

  router.get('/api/audit', (req, res) => {
    const q = parseOr400(AuditQuery, req.query, 'Invalid audit query.');
    const { entries, total } = audit.list({
      action: q.action as AuditAction | undefined,
      outcome: q.outcome,
      reviewer: q.reviewer || undefined,
      user: q.user || undefined,
      page: q.page,
      pageSize: q.page_size,
    });
    res.json({ entries, total, page: q.page, page_size: q.page_size } satisfies AuditResponse);
  });

  router.get('/api/media-access', async (req, res) => {
    const q = parseOr400(MediaAccessQuery, req.query, 'Invalid media access query.');
    const page = await client.getMediaAccess({ page: q.page, pageSize: q.page_size, ...(q.user ? { userId: q.user } : {}) });
    res.json({ entries: page.media_access, total: page.total, page: q.page, page_size: q.page_size } satisfies MediaAccessResponse);
  });

  return router;
}
