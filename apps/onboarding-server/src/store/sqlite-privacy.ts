// The privacy part of the SQLite store: the retention sweep, the withdrawal
// of a user's biometrics, purging what deletions removed, and the log of
// media downloads. Plain SQL that PostgreSQL also accepts (RETURNING, a
// zero-length blob/bytea for a destroyed template).
import { checkpointTruncate, type Db } from './sqlite-db.js';
import type { MediaAccessQuery, MediaAccessRow, RetentionCutoffs, RetentionResult } from './store.js';

/** What a destroyed template is overwritten with (the column is NOT NULL). */
const NO_TEMPLATE = Buffer.alloc(0);

export class SqlitePrivacy {
  readonly #db: Db;
  readonly #s;

  constructor(db: Db) {
    this.#db = db;
    const p = (sql: string) => db.prepare(sql);
    this.#s = {
      destroyVideos: p(`UPDATE media SET destroyed_at = @at
        WHERE kind = 'video' AND destroyed_at IS NULL AND created_at <= @before RETURNING id`),
      destroyVoidedCrops: p(`UPDATE media SET destroyed_at = @at WHERE destroyed_at IS NULL AND id IN
        (SELECT cropped_face_media_id FROM selfies WHERE voided = 1 AND voided_at <= @before) RETURNING id`),
      emptyVoidedTemplates: p(`UPDATE selfies SET template = @empty WHERE voided = 1 AND voided_at <= @before AND length(template) > 0`),
      deleteChallenges: p(`DELETE FROM challenges WHERE expires_at <= @before`),
      selfieMedia: p(`SELECT cropped_face_media_id FROM selfies WHERE user_id = ?`),
      deleteSelfieMedia: p(`DELETE FROM media WHERE id IN (SELECT cropped_face_media_id FROM selfies WHERE user_id = ?)`),
      destroyUserVideos: p(`UPDATE media SET destroyed_at = @at WHERE user_id = @userId AND kind = 'video' AND destroyed_at IS NULL RETURNING id`),
      addAccess: p(`INSERT INTO media_access (id, at, user_id, media_id, media_kind, token_kind, api_key_id)
        VALUES (@id, @at, @userId, @mediaId, @mediaKind, @tokenKind, @apiKeyId)`),
      accessAll: p(`SELECT x.*, k.name AS api_key_name FROM media_access x LEFT JOIN api_keys k ON k.id = x.api_key_id
        ORDER BY x.at DESC, x.id DESC LIMIT @limit OFFSET @offset`),
      accessOfUser: p(`SELECT x.*, k.name AS api_key_name FROM media_access x LEFT JOIN api_keys k ON k.id = x.api_key_id
        WHERE x.user_id = @userId ORDER BY x.at DESC, x.id DESC LIMIT @limit OFFSET @offset`),
      countAll: p(`SELECT COUNT(*) FROM media_access`),
      countOfUser: p(`SELECT COUNT(*) FROM media_access WHERE user_id = ?`),
    };
  }

  applyRetention(c: RetentionCutoffs, at: string): RetentionResult {
    return this.#db.transaction(() => {
      const videos = this.#s.destroyVideos.pluck().all({ at, before: c.authenticationVideos }) as string[];
      const crops = this.#s.destroyVoidedCrops.pluck().all({ at, before: c.voidedSelfies }) as string[];
      const selfies = this.#s.emptyVoidedTemplates.run({ empty: NO_TEMPLATE, before: c.voidedSelfies }).changes;
      const challenges = this.#s.deleteChallenges.run({ before: c.challenges }).changes;
      return { mediaIds: [...videos, ...crops], authenticationVideos: videos.length, selfies, challenges };
    })();
  }

  deleteBiometrics(userId: string, at: string): { mediaIds: string[]; selfies: number; videos: number } {
    return this.#db.transaction(() => {
      const crops = this.#s.selfieMedia.pluck().all(userId) as string[];
      this.#s.deleteSelfieMedia.run(userId); // cascades to the selfies, templates included
      const videos = this.#s.destroyUserVideos.pluck().all({ at, userId }) as string[];
      return { mediaIds: [...crops, ...videos], selfies: crops.length, videos: videos.length };
    })();
  }

  purgeDeleted(): void {
    checkpointTruncate(this.#db);
  }

  recordMediaAccess(r: MediaAccessRow): void {
    this.#s.addAccess.run({ id: r.id, at: r.at, userId: r.userId, mediaId: r.mediaId, mediaKind: r.mediaKind, tokenKind: r.tokenKind, apiKeyId: r.apiKeyId });
  }

  listMediaAccess(q: MediaAccessQuery): { rows: MediaAccessRow[]; total: number } {
    const all = q.pageSize === 0; // LIMIT -1: no limit
    const page = { limit: all ? -1 : q.pageSize, offset: all ? 0 : (q.page - 1) * q.pageSize };
    const raw = (q.userId === undefined ? this.#s.accessAll.all(page) : this.#s.accessOfUser.all({ ...page, userId: q.userId })) as Array<Record<string, unknown>>;
    const total = (q.userId === undefined ? this.#s.countAll.pluck().get() : this.#s.countOfUser.pluck().get(q.userId)) as number;
    return { rows: raw.map(toAccess), total };
  }
}

function toAccess(r: Record<string, unknown>): MediaAccessRow {
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
