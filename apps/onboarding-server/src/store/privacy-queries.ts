// The privacy part of the store's SQL, shared by the SQLite and PostgreSQL
// stores like queries.ts: the retention sweep, the withdrawal of a user's
// biometrics and the log of media downloads. A destroyed template is a
// zero-length blob/bytea (the column is NOT NULL).
import type { MediaAccessRow } from './store.js';

export const PQ = {
  destroyVideos: `UPDATE media SET destroyed_at = @at
    WHERE kind = 'video' AND destroyed_at IS NULL AND created_at <= @before RETURNING id`,
  destroyVoidedCrops: `UPDATE media SET destroyed_at = @at WHERE destroyed_at IS NULL AND id IN
    (SELECT cropped_face_media_id FROM selfies WHERE voided = 1 AND voided_at <= @before) RETURNING id`,
  emptyVoidedTemplates: `UPDATE selfies SET template = @empty WHERE voided = 1 AND voided_at <= @before AND length(template) > 0`,
  deleteChallenges: `DELETE FROM challenges WHERE expires_at <= @before`,
  selfieMedia: `SELECT cropped_face_media_id FROM selfies WHERE user_id = ?`,
  deleteSelfieMedia: `DELETE FROM media WHERE id IN (SELECT cropped_face_media_id FROM selfies WHERE user_id = ?)`,
  destroyUserVideos: `UPDATE media SET destroyed_at = @at WHERE user_id = @userId AND kind = 'video' AND destroyed_at IS NULL RETURNING id`,
  addAccess: `INSERT INTO media_access (id, at, user_id, media_id, media_kind, token_kind, api_key_id)
    VALUES (@id, @at, @userId, @mediaId, @mediaKind, @tokenKind, @apiKeyId)`,
  accessAll: `SELECT x.*, k.name AS api_key_name FROM media_access x LEFT JOIN api_keys k ON k.id = x.api_key_id
    ORDER BY x.at DESC, x.id DESC LIMIT @limit OFFSET @offset`,
  accessOfUser: `SELECT x.*, k.name AS api_key_name FROM media_access x LEFT JOIN api_keys k ON k.id = x.api_key_id
    WHERE x.user_id = @userId ORDER BY x.at DESC, x.id DESC LIMIT @limit OFFSET @offset`,
  countAll: `SELECT COUNT(*) AS n FROM media_access`,
  countOfUser: `SELECT COUNT(*) AS n FROM media_access WHERE user_id = ?`,
} as const;

/** What a destroyed template is overwritten with. */
export const NO_TEMPLATE = Buffer.alloc(0);

export function toMediaAccess(r: Record<string, unknown>): MediaAccessRow {
  return {
    id: String(r.id),
    at: String(r.at),
    userId: String(r.user_id),
    mediaId: String(r.media_id),
    mediaKind: r.media_kind === 'video' ? 'video' : 'cropped_face',
    tokenKind: String(r.token_kind),
    apiKeyId: r.api_key_id == null ? null : String(r.api_key_id),
    apiKeyName: r.api_key_name == null ? null : String(r.api_key_name),
  };
}
