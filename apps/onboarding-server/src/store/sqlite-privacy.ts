// The privacy part of the SQLite store (privacy-queries.ts): the retention
// sweep, the withdrawal of a user's biometrics, purging what deletions
// removed, and the log of media downloads.
import type Database from 'better-sqlite3';
import { NO_TEMPLATE, PQ, toMediaAccess } from './privacy-queries.js';
import { checkpointTruncate, type Db } from './sqlite-db.js';
import type { MediaAccessQuery, MediaAccessRow, RetentionCutoffs, RetentionResult } from './store.js';

export class SqlitePrivacy {
  readonly #db: Db;
  readonly #s: Record<keyof typeof PQ, Database.Statement<unknown[]>>;

  constructor(db: Db) {
    this.#db = db;
    this.#s = Object.fromEntries(Object.entries(PQ).map(([name, sql]) => [name, db.prepare(sql)])) as Record<keyof typeof PQ, Database.Statement<unknown[]>>;
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
    return { rows: raw.map(toMediaAccess), total };
  }
}
