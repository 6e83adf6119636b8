import { Router } from 'express';
import { z } from 'zod';
import { DECISION_ACTIONS } from '../api-types.js';
import type { AuditResponse, ConfigResponse, DecisionAction } from '../api-types.js';
import { parseOr400 } from '../validate.js';
import type { AuditLog } from '../store/audit-log.js';

const AuditQuery = z.object({
  action: z.enum(DECISION_ACTIONS as [string, ...string[]]).optional(),
  outcome: z.enum(['success', 'failure']).optional(),
  reviewer: z.string().trim().max(320).optional(),
  user: z.string().trim().max(320).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  page_size: z.coerce.number().int().min(1).max(200).default(50),
});

/** The audit log (read only: there is no route that edits or deletes an entry) and the display configuration. */
export function auditRoutes(audit: AuditLog, config: ConfigResponse): Router {
  const router = Router();

  router.get('/api/config', (_req, res) => {
    res.json(config);
  });

  router.get('/api/audit', (req, res) => {
    const q = parseOr400(AuditQuery, req.query, 'Invalid audit query.');
    const { entries, total } = audit.list({
      action: q.action as DecisionAction | undefined,
      outcome: q.outcome,
      reviewer: q.reviewer || undefined,
      user: q.user || undefined,
      page: q.page,
      pageSize: q.page_size,
    });
    res.json({ entries, total, page: q.page, page_size: q.page_size } satisfies AuditResponse);
  });

  return router;
}
