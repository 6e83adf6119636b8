// Store on PostgreSQL through node-postgres: the same schema (migrations.ts,
// mapped by postgres-migrate.ts) and the same queries (queries.ts) as the
// SQLite store. Writes that belong together run in one transaction on one
// pooled connection; what must happen once across instances is one atomic
// statement (a challenge's use) or a row lock (an authentication attempt).
import pg from 'pg';
import { compile, values } from './postgres-params.js';
import { migratePostgres } from './postgres-migrate.js';
import { Q } from './queries.js';
import { templateToBlob, toAuthentication, toApiKey, toChallenge, toMedia, toSelfie, toStoredTemplate, toUser, toUserStatus } from './sqlite-rows.js';
import { buildUsersQuery, USER_STATUS_SQL } from './sqlite-users-query.js';
import type { ApiKeyRow, AttemptRow, AuthenticationRow, ChallengeRow, MediaRow, PageQuery, SelfieRow, Store, StoredTemplate, UserRow, UsersQuery } from './store.js';

type Raw = Record<string, unknown>;
type Params = unknown[] | Record<string, unknown>;
type Queryable = pg.Pool | pg.PoolClient;

export interface PostgresStoreOptions {
  /** Most connections this instance opens (default 10). */
  maxConnections?: number;
}

export class PostgresStore implements Store {
  readonly #pool: pg.Pool;

  private constructor(pool: pg.Pool) {
    this.#pool = pool;
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

  async #rows(sql: string, params: Params = [], on: Queryable = this.#pool): Promise<Raw[]> {
    const c = compile(sql);
    return (await on.query(c.text, values(c, params))).rows as Raw[];
  }
  async #run(sql: string, params: Params = [], on: Queryable = this.#pool): Promise<number> {
    const c = compile(sql);
    return (await on.query(c.text, values(c, params))).rowCount ?? 0;
  }
  async #transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.#pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {});
      throw err;
    } finally {
      client.release();
    }
  }

  async addApiKey(row: ApiKeyRow & { hash: string }): Promise<void> {
    await this.#run(Q.addKey, { id: row.id, name: row.name, prefix: row.prefix, hash: row.hash, createdAt: row.createdAt });
  }
  async findApiKeyByHash(hash: string): Promise<ApiKeyRow | undefined> {
    const [r] = await this.#rows(Q.keyByHash, [hash]);
    return r && toApiKey(r);
  }
  async listApiKeys(): Promise<ApiKeyRow[]> {
    return (await this.#rows(Q.keys)).map(toApiKey);
  }
  async revokeApiKey(idOrPrefix: string, at: string): Promise<number> {
    return this.#run(Q.revokeKey, { k: idOrPrefix, at });
  }

  async createUser(row: UserRow): Promise<void> {
    await this.#run(Q.addUser, { ...row, authorized: row.authorized ? 1 : 0 });
  }
  async getUser(id: string) {
    const [r] = await this.#rows(Q.user, [id]);
    return r && toUser(r);
  }
  async getUserStatus(id: string) {
    const [r] = await this.#rows(`${USER_STATUS_SQL} WHERE u.id = ?`, [id]);
    return r && toUserStatus(r);
  }
  async listUsers(q: UsersQuery) {
    const built = buildUsersQuery(q);
    const { limit, offset, ...filters } = built.params;
    const [rows, [count]] = await Promise.all([this.#rows(built.list, { ...filters, limit, offset }), this.#rows(built.count, filters)]);
    return { rows: rows.map(toUserStatus), total: Number(count?.n ?? 0) };
  }
  async setAuthorized(id: string, authorized: boolean): Promise<void> {
    await this.#run(Q.setAuthorized, [authorized ? 1 : 0, id]);
  }
  async deleteUser(id: string): Promise<string[]> {
    return this.#transaction(async (c) => {
      const media = (await this.#rows(Q.userMedia, [id], c)).map((r) => String(r.id));
      await this.#run(Q.deleteUser, [id], c); // cascades to media, selfies, authentications
      return media;
    });
  }

  async addSelfie(media: MediaRow, s: SelfieRow): Promise<void> {
    await this.#transaction(async (c) => {
      await this.#run(Q.addMedia, mediaParams(media), c);
      await this.#run(
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
    return (await this.#rows(Q.selfies, [userId])).map(toSelfie);
  }
  async voidSelfies(userId: string): Promise<number> {
    return this.#run(Q.voidSelfies, [userId]);
  }
  async deleteSelfies(userId: string): Promise<string[]> {
    return this.#transaction(async (c) => {
      const media = (await this.#rows(Q.selfieMedia, [userId], c)).map((r) => String(r.cropped_face_media_id));
      await this.#run(Q.deleteSelfieMedia, [userId], c); // cascades to the selfies
      return media;
    });
  }
  async validTemplates(userId: string): Promise<StoredTemplate[]> {
    return (await this.#rows(Q.templates, [userId])).map(toStoredTemplate);
  }

  async addAuthentication(media: MediaRow, a: AuthenticationRow): Promise<void> {
    await this.#transaction(async (c) => {
      await this.#run(Q.addMedia, mediaParams(media), c);
      await this.#run(
        Q.addAuth,
        {
          id: a.id, userId: a.userId, createdAt: a.createdAt, faceLiveness: a.faceLiveness, faceMatching: a.faceMatching,
          passed: a.passed ? 1 : 0, checks: JSON.stringify(a.checks), videoMediaId: a.videoMediaId, challengeId: a.challengeId,
          challengeResult: a.challengeResult && JSON.stringify(a.challengeResult),
        },
        c,
      );
    });
  }
  async addChallenge(c: ChallengeRow): Promise<void> {
    await this.#run(Q.addChallenge, { id: c.id, userId: c.userId, steps: JSON.stringify(c.steps), createdAt: c.createdAt, expiresAt: c.expiresAt });
  }
  async takeChallenge(userId: string, id: string, at: string): Promise<ChallengeRow | undefined> {
    const [taken] = await this.#rows(Q.useChallenge, { id, userId, at });
    if (taken) return { ...toChallenge(taken), usedAt: null };
    const [r] = await this.#rows(Q.challenge, [id, userId]);
    return r && toChallenge(r);
  }
  async getAuthentication(userId: string, id: string) {
    const [r] = await this.#rows(Q.auth, [id, userId]);
    return r && toAuthentication(r);
  }
  async listAuthentications(userId: string, q: PageQuery) {
    const page = await this.#rows(q.descending ? Q.authsDesc : Q.authsAsc, [userId, q.pageSize, (q.page - 1) * q.pageSize]);
    const [count] = await this.#rows(Q.authCount, [userId]);
    return { rows: page.map(toAuthentication), total: Number(count?.n ?? 0) };
  }
  async beginAuthenticationAttempt(a: AttemptRow, since: string, max: number): Promise<{ started: true } | { started: false; oldest: string }> {
    return this.#transaction(async (c) => {
      // The user's row lock: instances count this user's attempts one at a time.
      await this.#run('SELECT id FROM users WHERE id = ? FOR UPDATE', [a.userId], c);
      await this.#run(Q.dropOldAttempts, { userId: a.userId, since }, c);
      const counted = (await this.#rows(Q.attemptsSince, { userId: a.userId, since }, c)).map((r) => String(r.at));
      if (counted.length >= max) return { started: false as const, oldest: counted[counted.length - max]! };
      await this.#run(Q.addAttempt, { id: a.id, userId: a.userId, startedAt: a.startedAt }, c);
      return { started: true as const };
    });
  }
  async endAuthenticationAttempt(id: string): Promise<void> {
    await this.#run(Q.endAttempt, [id]);
  }

  async getMedia(userId: string, id: string) {
    const [r] = await this.#rows(Q.media, [id, userId]);
    return r && toMedia(r);
  }
  async allMediaIds(): Promise<Set<string>> {
    return new Set((await this.#rows(Q.allMedia)).map((r) => String(r.id)));
  }

  async close(): Promise<void> {
    if (!this.#pool.ended) await this.#pool.end();
  }
}

function mediaParams(m: MediaRow) {
  return { id: m.id, userId: m.userId, kind: m.kind, contentType: m.contentType, extension: m.extension, size: m.size, createdAt: m.createdAt };
}
