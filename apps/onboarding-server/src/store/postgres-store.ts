// Store on PostgreSQL through node-postgres: the same schema (migrations.ts,
// mapped by postgres-migrate.ts) and the same queries (queries.ts) as the
// SQLite store. Writes that belong together run in one transaction on one
// pooled connection; what must happen once across instances is one atomic
// statement (a challenge's use) or a row lock (an authentication attempt).
import pg from 'pg';
import { PgDb, type Raw } from './postgres-db.js';
import { migratePostgres } from './postgres-migrate.js';
import { PostgresPrivacy } from './postgres-privacy.js';
import { PostgresUserStates } from './postgres-user-states.js';
import { Q } from './queries.js';
import { templateToBlob, toAuthentication, toApiKey, toChallenge, toMedia, toSelfie, toCounted, toStoredTemplate, toUser, toUserStatus, userParams } from './sqlite-rows.js';
import { buildUsersQuery } from './sqlite-users-query.js';
import {
  WriteRefused, type ApiKeyRow, type AttemptRow, type AuthenticationRow, type ChallengeRow, type FailedAuthentication, type MediaAccessQuery, type MediaAccessRow,
  type MediaRow, type NewMediaRow, type NewSelfieRow, type PageQuery, type RetentionCutoffs, type SelfieRow, type StateUpdate, type Store, type StoredTemplate,
  type UserRow, type UsersQuery, type UsersStats, type UserState, type WriteGuard,
} from './store.js';

export interface PostgresStoreOptions {
  /** Most connections this instance opens (default 10). */
  maxConnections?: number;
}

export class PostgresStore implements Store {
  readonly #db: PgDb;
  readonly #states: PostgresUserStates;
  readonly #privacy: PostgresPrivacy;

  private constructor(pool: pg.Pool) {
    this.#db = new PgDb(pool);
    this.#states = new PostgresUserStates(this.#db);
    this.#privacy = new PostgresPrivacy(this.#db);
  }

  /** Connects, applies pending migrations (under an advisory lock) and returns the store. */
  static async open(url: string, options: PostgresStoreOptions = {}): Promise<PostgresStore> {
    const pool = new pg.Pool({ connectionString: url, max: options.maxConnections ?? 10 });
    // An idle connection dropped by the server must not crash the process; the pool replaces it.
    pool.on('error', () => {});
    try {
      await migratePostgres(pool);
    } catch (err) {
      await pool.end();
      const where = new URL(url);
      throw new Error(`Could not open the PostgreSQL database ${where.pathname.slice(1)} at ${where.hostname}:${where.port || 5432}: ${(err as Error).message}`, { cause: err });
    }
    return new PostgresStore(pool);
  }

  async addApiKey(row: ApiKeyRow & { hash: string }): Promise<void> {
    await this.#db.run(Q.addKey, { id: row.id, name: row.name, prefix: row.prefix, hash: row.hash, createdAt: row.createdAt });
  }
  async findApiKeyByHash(hash: string): Promise<ApiKeyRow | undefined> {
    const [r] = await this.#db.rows(Q.keyByHash, [hash]);
    return r && toApiKey(r);
  }
  async listApiKeys(): Promise<ApiKeyRow[]> {
    return (await this.#db.rows(Q.keys)).map(toApiKey);
  }
  async revokeApiKey(idOrPrefix: string, at: string): Promise<number> {
    return this.#db.run(Q.revokeKey, { k: idOrPrefix, at });
  }

  async createUser(row: UserRow): Promise<void> {
    await this.#db.run(Q.addUser, userParams(row));
  }
  async getUser(id: string) {
    const [r] = await this.#db.rows(Q.user, [id]);
    return r && toUser(r);
  }
  async getUserStatus(id: string) {
    const [r] = await this.#db.rows(Q.userStatus, [id]);
    return r && toUserStatus(r);
  }
  async listUsers(q: UsersQuery) {
    const built = buildUsersQuery(q);
    const [rows, [count]] = await Promise.all([this.#db.rows(built.list, { ...built.params, ...built.page }), this.#db.rows(built.count, built.params)]);
    return { rows: rows.map(toUserStatus), total: Number(count?.n ?? 0) };
  }
  async usersStats(): Promise<UsersStats> {
    return this.#states.stats();
  }
  async updateUserState(id: string, u: StateUpdate, expected?: UserState) {
    return this.#states.update(id, u, expected);
  }
  async deleteUser(id: string): Promise<string[]> {
    return this.#db.transaction(async (c) => {
      const media = (await this.#db.rows(Q.userMedia, [id], c)).map((r) => String(r.id));
      await this.#db.run(Q.deleteUser, [id], c); // cascades to media, selfies, authentications
      return media;
    });
  }

  /** Inside a write's transaction, with the user's row locked: throws WriteRefused when the guard no longer holds. */
  async #check(userId: string, guard: WriteGuard | undefined, c: pg.PoolClient): Promise<void> {
    if (!guard) return;
    const [user] = await this.#db.rows('SELECT authorized FROM users WHERE id = ? FOR UPDATE', [userId], c);
    if (!user) throw new WriteRefused('user_gone');
    const authorized = Number(user.authorized) === 1;
    if (guard.authorized === false && authorized) throw new WriteRefused('authorized');
    if (guard.authorized === true && !authorized) throw new WriteRefused('not_authorized');
  }

  async addSelfie(media: NewMediaRow, s: NewSelfieRow, guard?: WriteGuard): Promise<void> {
    await this.#db.transaction(async (c) => {
      await this.#check(s.userId, guard, c);
      await this.#db.run(Q.addMedia, mediaParams(media), c);
      await this.#db.run(
        Q.addSelfie,
        {
          id: s.id, userId: s.userId, createdAt: s.createdAt, liveness: s.liveness, numberOfFaces: s.numberOfFaces,
          checks: JSON.stringify(s.checks), template: templateToBlob(s.template), templateVersion: s.templateVersion,
          croppedFaceMediaId: s.croppedFaceMediaId, challengeId: s.challengeId, challengeResult: s.challengeResult && JSON.stringify(s.challengeResult),
        },
        c,
      );
    });
  }
  async listSelfies(userId: string): Promise<SelfieRow[]> {
    return (await this.#db.rows(Q.selfies, [userId])).map(toSelfie);
  }
  async voidSelfies(userId: string, at: string): Promise<number> {
    return this.#db.run(Q.voidSelfies, { at, userId });
  }
  async deleteSelfies(userId: string): Promise<string[]> {
    return this.#db.transaction(async (c) => {
      const media = (await this.#db.rows(Q.selfieMedia, [userId], c)).map((r) => String(r.cropped_face_media_id));
      await this.#db.run(Q.deleteSelfieMedia, [userId], c); // cascades to the selfies
      return media;
    });
  }
  async deleteSelfie(userId: string, id: string): Promise<string | undefined> {
    return this.#db.transaction(async (c) => {
      const [r] = await this.#db.rows(Q.oneSelfieMedia, [id, userId], c);
      if (r) await this.#db.run(Q.deleteMedia, [r.cropped_face_media_id], c); // cascades to the selfie
      return r && String(r.cropped_face_media_id);
    });
  }
  async validTemplates(userId: string): Promise<StoredTemplate[]> {
    return (await this.#db.rows(Q.templates, [userId])).flatMap(toStoredTemplate);
  }

  async addAuthentication(media: NewMediaRow, a: Omit<AuthenticationRow, 'videoDestroyedAt'>, guard?: WriteGuard): Promise<void> {
    await this.#db.transaction(async (c) => {
      await this.#check(a.userId, guard, c);
      await this.#db.run(Q.addMedia, mediaParams(media), c);
      await this.#db.run(
        Q.addAuth,
        {
          id: a.id, userId: a.userId, createdAt: a.createdAt, faceLiveness: a.faceLiveness, faceMatching: a.faceMatching,
          passed: a.passed ? 1 : 0, checks: JSON.stringify(a.checks), videoMediaId: a.videoMediaId, challengeId: a.challengeId,
          challengeResult: a.challengeResult && JSON.stringify(a.challengeResult), clientKey: a.clientKey,
        },
        c,
      );
    });
  }
  async addChallenge(c: ChallengeRow): Promise<void> {
    await this.#db.run(Q.addChallenge, { id: c.id, userId: c.userId, steps: JSON.stringify(c.steps), createdAt: c.createdAt, expiresAt: c.expiresAt });
  }
  async takeChallenge(userId: string, id: string, at: string): Promise<ChallengeRow | undefined> {
    const [taken] = await this.#db.rows(Q.useChallenge, { id, userId, at });
    if (taken) return { ...toChallenge(taken), usedAt: null };
    const [r] = await this.#db.rows(Q.challenge, [id, userId]);
    return r && toChallenge(r);
  }
  async getAuthentication(userId: string, id: string) {
    const [r] = await this.#db.rows(Q.auth, [id, userId]);
    return r && toAuthentication(r);
  }
  async listAuthentications(userId: string, q: PageQuery) {
    const all = q.pageSize === 0; // LIMIT NULL: no limit
    const page = await this.#db.rows(q.descending ? Q.authsDesc : Q.authsAsc, [userId, all ? null : q.pageSize, all ? 0 : (q.page - 1) * q.pageSize]);
    const [count] = await this.#db.rows(Q.authCount, [userId]);
    return { rows: page.map(toAuthentication), total: Number(count?.n ?? 0) };
  }
  async authenticationIds(userId: string): Promise<string[]> {
    return (await this.#db.rows(Q.authIds, [userId])).map((r) => String(r.id));
  }
  async beginAuthenticationAttempt(a: AttemptRow, since: string, wait: (counted: FailedAuthentication[]) => number) {
    return this.#db.transaction(async (c) => {
      // The user's row lock: instances count this user's attempts one at a time.
      await this.#db.run('SELECT id FROM users WHERE id = ? FOR UPDATE', [a.userId], c);
      await this.#db.run(Q.dropOldAttempts, { userId: a.userId, since }, c);
      const waitMs = wait((await this.#db.rows(Q.attemptsSince, { userId: a.userId, since }, c)).map(toCounted));
      if (waitMs > 0) return { started: false as const, waitMs };
      await this.#db.run(Q.addAttempt, { id: a.id, userId: a.userId, startedAt: a.startedAt, clientKey: a.clientKey }, c);
      return { started: true as const };
    });
  }
  async endAuthenticationAttempt(id: string): Promise<void> {
    await this.#db.run(Q.endAttempt, [id]);
  }

  async getMedia(userId: string, id: string) {
    const [r] = await this.#db.rows(Q.media, [id, userId]);
    return r && toMedia(r);
  }
  async listMedia(userId: string): Promise<MediaRow[]> {
    return (await this.#db.rows(Q.userMediaRows, [userId])).map(toMedia);
  }
  async allMediaIds(): Promise<Set<string>> {
    return new Set((await this.#db.rows(Q.allMedia)).map((r) => String(r.id)));
  }

  async deleteBiometrics(userId: string, at: string) {
    return this.#privacy.deleteBiometrics(userId, at);
  }
  async applyRetention(cutoffs: RetentionCutoffs, at: string) {
    return this.#privacy.applyRetention(cutoffs, at);
  }
  async purgeDeleted(): Promise<void> {
    if (!this.#db.pool.ended) await this.#privacy.purgeDeleted();
  }
  async recordMediaAccess(row: MediaAccessRow): Promise<void> {
    await this.#privacy.recordMediaAccess(row);
  }
  async listMediaAccess(q: MediaAccessQuery) {
    return this.#privacy.listMediaAccess(q);
  }

  async close(): Promise<void> {
    if (!this.#db.pool.ended) await this.#db.pool.end();
  }
}

function mediaParams(m: NewMediaRow) {
  return { id: m.id, userId: m.userId, kind: m.kind, contentType: m.contentType, extension: m.extension, size: m.size, createdAt: m.createdAt };
}
