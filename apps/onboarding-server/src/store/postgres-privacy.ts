// The privacy part of the PostgreSQL store (privacy-queries.ts, as the SQLite
// store runs it): the retention sweep, the withdrawal of a user's biometrics,
// purging what deletions removed, and the log of media downloads.
import type { PgDb } from './postgres-db.js';
import { NO_TEMPLATE, PQ, toMediaAccess } from './privacy-queries.js';
import type { MediaAccessQuery, MediaAccessRow, RetentionCutoffs, RetentionResult } from './store.js';

/** The tables deletions and the sweep change: VACUUM makes their dead rows' space reusable. */
const PURGED_TABLES = 'users, media, selfies, authentications, authentication_attempts, challenges';

export class PostgresPrivacy {
  constructor(private readonly db: PgDb) {}

  applyRetention(c: RetentionCutoffs, at: string): Promise<RetentionResult> {
    return this.db.transaction(async (tx) => {
      const videos = (await this.db.rows(PQ.destroyVideos, { at, before: c.authenticationVideos }, tx)).map((r) => String(r.id));
      const crops = (await this.db.rows(PQ.destroyVoidedCrops, { at, before: c.voidedSelfies }, tx)).map((r) => String(r.id));
      const selfies = await this.db.run(PQ.emptyVoidedTemplates, { empty: NO_TEMPLATE, before: c.voidedSelfies }, tx);
      const challenges = await this.db.run(PQ.deleteChallenges, { before: c.challenges }, tx);
      return { mediaIds: [...videos, ...crops], authenticationVideos: videos.length, selfies, challenges };
    });
  }

  deleteBiometrics(userId: string, at: string): Promise<{ mediaIds: string[]; selfies: number; videos: number }> {
    return this.db.transaction(async (tx) => {
      const crops = (await this.db.rows(PQ.selfieMedia, [userId], tx)).map((r) => String(r.cropped_face_media_id));
      await this.db.run(PQ.deleteSelfieMedia, [userId], tx); // cascades to the selfies, templates included
      const videos = (await this.db.rows(PQ.destroyUserVideos, { at, userId }, tx)).map((r) => String(r.id));
      return { mediaIds: [...crops, ...videos], selfies: crops.length, videos: videos.length };
    });
  }

  /**
   * VACUUM (outside any transaction): dead row versions are removed from the
   * tables' pages and their space marked reusable. PostgreSQL does not zero
   * that space; SECURITY.md says what stays on disk until it is overwritten.
   */
  async purgeDeleted(): Promise<void> {
    await this.db.pool.query(`VACUUM ${PURGED_TABLES}`);
  }

  async recordMediaAccess(r: MediaAccessRow): Promise<void> {
    await this.db.run(PQ.addAccess, { id: r.id, at: r.at, userId: r.userId, mediaId: r.mediaId, mediaKind: r.mediaKind, tokenKind: r.tokenKind, apiKeyId: r.apiKeyId });
  }

  async listMediaAccess(q: MediaAccessQuery): Promise<{ rows: MediaAccessRow[]; total: number }> {
    const all = q.pageSize === 0; // LIMIT NULL: no limit
    const page = { limit: all ? null : q.pageSize, offset: all ? 0 : (q.page - 1) * q.pageSize };
    const [raw, [count]] = await Promise.all([
      q.userId === undefined ? this.db.rows(PQ.accessAll, page) : this.db.rows(PQ.accessOfUser, { ...page, userId: q.userId }),
      q.userId === undefined ? this.db.rows(PQ.countAll) : this.db.rows(PQ.countOfUser, [q.userId]),
    ]);
    return { rows: raw.map(toMediaAccess), total: Number(count?.n ?? 0) };
  }
}
