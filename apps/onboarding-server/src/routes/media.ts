// Media download, only for the owning user (another user's id is a 404; a
// destroyed file is a 410). Every download is recorded with who made it.
import { Router } from 'express';
import { pipeline } from 'node:stream/promises';
import { callerUserId, requireToken, type Caller } from '../auth/require-token.js';
import type { AppDeps } from '../deps.js';
import { openMedia } from '../services/privacy-service.js';

export function mediaRouter(deps: AppDeps): Router {
  const r = Router();
  r.get('/media/:id/download', requireToken(deps.signer, ['backend_user', 'user']), async (req, res) => {
    const caller = { ...(res.locals.caller as Caller), userId: callerUserId(res) };
    const row = await openMedia(deps, caller, String(req.params.id));
    const body = await deps.media.read(row.id);
    res.set({
      'Content-Type': row.contentType,
      'Content-Length': String(row.size),
      'Content-Disposition': `inline; filename="${row.id}.${row.extension}"`,
      // Biometric media: never kept by shared caches.
      'Cache-Control': 'private, no-store',
    });
    await pipeline(body, res);
  });
  return r;
}
