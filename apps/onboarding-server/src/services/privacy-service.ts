// The person's rights over their biometric data: withdrawal (every selfie,
// template and video of the user destroyed, face login off), the export of
// what the server holds about them, and the record of who downloaded which
// of their media.
import { randomUUID } from 'node:crypto';
import type { Caller } from '../auth/require-token.js';
import type { AppDeps } from '../deps.js';
import { HttpError } from '@alice-face/http-common';
import type { MediaAccessRow, MediaRow } from '../store/store.js';
import { retentionView } from './retention-service.js';
import { requireUser } from './user-service.js';
import { setFaceLogin, type ChangedBy } from './user-state-service.js';
import { authentication, mediaItem, report, userStatus } from './views.js';

/**
 * Withdrawal of consent: face login goes off first (so no login can use a
 * template while it is being deleted), then every selfie of the user goes
 * (rows, templates, crops) and every authentication video is destroyed; the
 * authentications stay with their scores. The database's files are purged.
 */
export async function deleteBiometrics(deps: AppDeps, userId: string, by: ChangedBy) {
  await requireUser(deps, userId);
  await setFaceLogin(deps, userId, false, by);
  const gone = await deps.store.deleteBiometrics(userId, new Date(deps.now()).toISOString());
  await deps.media.remove(gone.mediaIds);
  await deps.store.purgeDeleted();
  return { selfies_deleted: gone.selfies, videos_destroyed: gone.videos };
}

/** Everything the server holds about the user, media as links (downloaded one by one, each recorded). */
export async function exportUser(deps: AppDeps, userId: string) {
  const status = await deps.store.getUserStatus(userId);
  if (!status) throw new HttpError(404, 'USER_NOT_FOUND', 'No user has this id.');
  const base = deps.baseUrl();
  const [selfies, auths, media, access] = await Promise.all([
    deps.store.listSelfies(userId),
    deps.store.listAuthentications(userId, { page: 1, pageSize: 0, descending: false }),
    deps.store.listMedia(userId),
    deps.store.listMediaAccess({ userId, page: 1, pageSize: 0 }),
  ]);
  return {
    version: 1 as const,
    exported_at: new Date(deps.now()).toISOString(),
    retention: retentionView(deps.retention),
    user: userStatus(status, base),
    report: report(status, selfies, base, deps.retention),
    authentications: auths.rows.map((a) => authentication(a, base, deps.retention)),
    media: media.map((m) => mediaItem(m, base)),
    media_access: access.rows.map(accessView),
  };
}

/** The media row the caller may read, its download recorded (who: token kind and API key). Destroyed: 410. */
export async function openMedia(deps: AppDeps, caller: Caller & { userId: string }, mediaId: string): Promise<MediaRow> {
  const row = await deps.store.getMedia(caller.userId, mediaId);
  if (!row) throw new HttpError(404, 'MEDIA_NOT_FOUND', 'No media of this user has this id.');
  if (row.destroyedAt) {
    throw new HttpError(410, 'MEDIA_DESTROYED', `This media was destroyed at ${row.destroyedAt} (retention schedule or withdrawal of consent); its scores are kept.`);
  }
  await deps.store.recordMediaAccess({
    id: randomUUID(),
    at: new Date(deps.now()).toISOString(),
    userId: caller.userId,
    mediaId: row.id,
    mediaKind: row.kind,
    tokenKind: caller.kind,
    apiKeyId: caller.apiKeyId ?? null,
  });
  return row;
}

export async function listMediaAccess(deps: AppDeps, q: { page: number; pageSize: number; userId?: string | undefined }) {
  const { rows, total } = await deps.store.listMediaAccess(q);
  return { media_access: rows.map(accessView), total, page: q.page, page_size: q.pageSize };
}

function accessView(r: MediaAccessRow) {
  return {
    id: r.id,
    at: r.at,
    user_id: r.userId,
    media_id: r.mediaId,
    media_kind: r.mediaKind,
    token_kind: r.tokenKind,
    api_key: r.apiKeyId ? { id: r.apiKeyId, name: r.apiKeyName ?? null } : null,
  };
}
