// Media download, only for the owning user (another user's id is a 404).
import { Router } from 'express';
import { pipeline } from 'node:stream/promises';
import { callerUserId, requireToken } from '../auth/require-token.js';
import type { AppDeps } from '../deps.js';
import { HttpError } from '../http/http-error.js';

export function mediaRouter(deps: AppDeps): Router {
  const r = Router();
  r.get('/media/:id/download', requireToken(deps.signer, ['backend_user', 'user']), async (req, res) => {
    const row = await deps.store.getMedia(callerUserId(res), String(req.params.id));
    if (!row) throw new HttpError(404, 'MEDIA_NOT_FOUND', 'No media of this user has this id.');
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
