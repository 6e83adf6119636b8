// Store on one SQLite file (WAL). better-sqlite3 is synchronous; the async
// interface is kept so a networked database can implement the same Store.
import { openDatabase, type Db } from './sqlite-db.js';
import { blobToTemplate, templateToBlob, toAuthentication, toChallenge, toMedia, toSelfie, toUser, toUserStatus } from './sqlite-rows.js';
import { SqliteUserStates } from './sqlite-user-states.js';
import { userStatusSql, UsersQueryCache } from './sqlite-users-query.js';
import { WriteRefused, type ApiKeyRow, type AuthenticationRow, type ChallengeRow, type FailedAuthentication, type MediaRow, type PageQuery, type SelfieRow, type StateUpdate, type Store, type StoredTemplate, type UserRow, type UsersQuery, type UsersStats, type UserState, type WriteGuard } from './store.js';

type Raw = Record<string, unknown>;

export class SqliteStore implements Store {
  readonly #db: Db;
  readonly #users: UsersQueryCache;
  readonly #states: SqliteUserStates;
  readonly #s;

  constructor(file: string) {
    const db = (this.#db = openDatabase(file));
    this.#users = new UsersQueryCache(db);
    this.#states = new SqliteUserStates(db);
    const p = (sql: string) => db.prepare(sql);
    this.#s = {
      addKey: p(`INSERT INTO api_keys (id, name, prefix, hash, created_at) VALUES (@id, @name, @prefix, @hash, @createdAt)`),
      keyByHash: p(`SELECT * FROM api_keys WHERE hash = ?`),
      keys: p(`SELECT * FROM api_keys ORDER BY created_at, id`),
      revokeKey: p(`UPDATE api_keys SET revoked_at = @at WHERE (id = @k OR prefix = @k) AND revoked_at IS NULL`),
      addUser: p(`INSERT INTO users (id, email, first_name, last_name, created_at, authorized, report_id, device_platform, device_platform_version, device_model)
        VALUES (@id, @email, @firstName, @lastName, @createdAt, @authorized, @reportId, @devicePlatform, @devicePlatformVersion, @deviceModel)`),
      user: p(`SELECT * FROM users WHERE id = ?`),
      userStatus: p(userStatusSql('WHERE u.id = ?')),
      userMedia: p(`SELECT id FROM media WHERE user_id = ?`),
      deleteUser: p(`DELETE FROM users WHERE id = ?`),
      addMedia: p(`INSERT INTO media (id, user_id, kind, content_type, extension, size, created_at)
        VALUES (@id, @userId, @kind, @contentType, @extension, @size, @createdAt)`),
      addSelfie: p(`INSERT INTO selfies (id, user_id, created_at, liveness, voided, number_of_faces, checks, template, template_version, cropped_face_media_id, challenge_id, challenge_result)
        VALUES (@id, @userId, @createdAt, @liveness, 0, @numberOfFaces, @checks, @template, @templateVersion, @croppedFaceMediaId, @challengeId, @challengeResult)`),
      selfies: p(`SELECT * FROM selfies WHERE user_id = ? ORDER BY created_at, id`),
      voidSelfies: p(`UPDATE selfies SET voided = 1 WHERE user_id = ? AND voided = 0`),
      selfieMedia: p(`SELECT cropped_face_media_id FROM selfies WHERE user_id = ?`),
      deleteSelfieMedia: p(`DELETE FROM media WHERE id IN (SELECT cropped_face_media_id FROM selfies WHERE user_id = ?)`),
      oneSelfieMedia: p(`SELECT cropped_face_media_id FROM selfies WHERE id = ? AND user_id = ?`),
      deleteMedia: p(`DELETE FROM media WHERE id = ?`),
      templates: p(`SELECT template, template_version FROM selfies WHERE user_id = ? AND voided = 0`),
      addChallenge: p(`INSERT INTO challenges (id, user_id, steps, created_at, expires_at) VALUES (@id, @userId, @steps, @createdAt, @expiresAt)`),
      challenge: p(`SELECT * FROM challenges WHERE id = ? AND user_id = ?`),
      useChallenge: p(`UPDATE challenges SET used_at = ? WHERE id = ? AND used_at IS NULL`),
      addAuth: p(`INSERT INTO authentications (id, user_id, created_at, face_liveness, face_matching, passed, checks, video_media_id, challenge_id, challenge_result, client_key)
        VALUES (@id, @userId, @createdAt, @faceLiveness, @faceMatching, @passed, @checks, @videoMediaId, @challengeId, @challengeResult, @clientKey)`),
      auth: p(`SELECT a.*, m.extension AS video_extension FROM authentications a JOIN media m ON m.id = a.video_media_id WHERE a.id = ? AND a.user_id = ?`),
      authsAsc: p(`SELECT a.*, m.extension AS video_extension FROM authentications a JOIN media m ON m.id = a.video_media_id WHERE a.user_id = ? ORDER BY a.created_at ASC, a.id ASC LIMIT ? OFFSET ?`),
      authsDesc: p(`SELECT a.*, m.extension AS video_extension FROM authentications a JOIN media m ON m.id = a.video_media_id WHERE a.user_id = ? ORDER BY a.created_at DESC, a.id DESC LIMIT ? OFFSET ?`),
      authIds: p(`SELECT id FROM authentications WHERE user_id = ? ORDER BY created_at DESC, id DESC`),
      authCount: p(`SELECT COUNT(*) FROM authentications WHERE user_id = ?`),
      failedSince: p(`SELECT created_at, client_key FROM authentications WHERE user_id = ? AND passed = 0 AND created_at > ? ORDER BY created_at`),
      media: p(`SELECT * FROM media WHERE id = ? AND user_id = ?`),
      allMedia: p(`SELECT id FROM media`),
    };
  }

  async addApiKey(row: ApiKeyRow & { hash: string }): Promise<void> {
    this.#s.addKey.run({ id: row.id, name: row.name, prefix: row.prefix, hash: row.hash, createdAt: row.createdAt });
  }
  async findApiKeyByHash(hash: string): Promise<ApiKeyRow | undefined> {
    const r = this.#s.keyByHash.get(hash) as Raw | undefined;
    return r && toKey(r);
  }
  async listApiKeys(): Promise<ApiKeyRow[]> {
    return (this.#s.keys.all() as Raw[]).map(toKey);
  }
  async revokeApiKey(idOrPrefix: string, at: string): Promise<number> {
    return this.#s.revokeKey.run({ k: idOrPrefix, at }).changes;
  }

  async createUser(row: UserRow): Promise<void> {
    this.#s.addUser.run({
      id: row.id, email: row.email, firstName: row.firstName, lastName: row.lastName, createdAt: row.createdAt,
      authorized: row.authorized ? 1 : 0, reportId: row.reportId,
      devicePlatform: row.device.platform, devicePlatformVersion: row.device.platformVersion, deviceModel: row.device.model,
    });
  }
  async getUser(id: string) {
    const r = this.#s.user.get(id) as Raw | undefined;
    return r && toUser(r);
  }
  async getUserStatus(id: string) {
    const r = this.#s.userStatus.get(id) as Raw | undefined;
    return r && toUserStatus(r);
  }
  async listUsers(q: UsersQuery) {
    const { rows, total } = this.#users.run(q);
    return { rows: rows.map(toUserStatus), total };
  }
  async usersStats(): Promise<UsersStats> {
    return this.#states.stats();
  }
  async updateUserState(id: string, u: StateUpdate, expected?: UserState) {
    return this.#states.update(id, u, expected);
  }
  async deleteUser(id: string): Promise<string[]> {
    return this.#db.transaction(() => {
      const media = this.#s.userMedia.pluck().all(id) as string[];
      this.#s.deleteUser.run(id); // cascades to media, selfies, authentications
      return media;
    })();
  }

  /** Inside a write's transaction: throws WriteRefused when the guard no longer holds. */
  #check(userId: string, guard: WriteGuard | undefined): void {
    if (!guard) return;
    const user = this.#s.user.get(userId) as Raw | undefined;
    if (!user) throw new WriteRefused('user_gone');
    const authorized = user.authorized === 1;
    if (guard.authorized === false && authorized) throw new WriteRefused('authorized');
    if (guard.authorized === true && !authorized) throw new WriteRefused('not_authorized');
    if (guard.failures && guard.failures.refuse(this.#failures(userId, guard.failures.since))) throw new WriteRefused('too_many_failures');
  }

  #failures(userId: string, since: string): FailedAuthentication[] {
    return (this.#s.failedSince.all(userId, since) as Raw[]).map((r) => ({ createdAt: String(r.created_at), clientKey: r.client_key == null ? null : String(r.client_key) }));
  }

  async addSelfie(media: MediaRow, s: SelfieRow, guard?: WriteGuard): Promise<void> {
    this.#db.transaction(() => {
      this.#check(s.userId, guard);
      this.#s.addMedia.run({ id: media.id, userId: media.userId, kind: media.kind, contentType: media.contentType, extension: media.extension, size: media.size, createdAt: media.createdAt });
      this.#s.addSelfie.run({
        id: s.id, userId: s.userId, createdAt: s.createdAt, liveness: s.liveness, numberOfFaces: s.numberOfFaces,
        checks: JSON.stringify(s.checks), template: templateToBlob(s.template), templateVersion: s.templateVersion,
        croppedFaceMediaId: s.croppedFaceMediaId, challengeId: s.challengeId, challengeResult: s.challengeResult && JSON.stringify(s.challengeResult),
      });
    }).immediate(); // the write lock before the guard reads: no other process can change what it read
  }
  async listSelfies(userId: string): Promise<SelfieRow[]> {
    return (this.#s.selfies.all(userId) as Raw[]).map(toSelfie);
  }
  async voidSelfies(userId: string): Promise<number> {
    return this.#s.voidSelfies.run(userId).changes;
  }
  async deleteSelfies(userId: string): Promise<string[]> {
    return this.#db.transaction(() => {
      const media = this.#s.selfieMedia.pluck().all(userId) as string[];
      this.#s.deleteSelfieMedia.run(userId); // cascades to the selfies
      return media;
    })();
  }
  async deleteSelfie(userId: string, id: string): Promise<string | undefined> {
    return this.#db.transaction(() => {
      const media = this.#s.oneSelfieMedia.pluck().get(id, userId) as string | undefined;
      if (media !== undefined) this.#s.deleteMedia.run(media); // cascades to the selfie
      return media;
    })();
  }
  async validTemplates(userId: string): Promise<StoredTemplate[]> {
    return (this.#s.templates.all(userId) as Array<{ template: Buffer; template_version: number }>).map((r) => ({
      template: blobToTemplate(r.template),
      version: Number(r.template_version),
    }));
  }

  async addAuthentication(media: MediaRow, a: AuthenticationRow, guard?: WriteGuard): Promise<void> {
    this.#db.transaction(() => {
      this.#check(a.userId, guard);
      this.#s.addMedia.run({ id: media.id, userId: media.userId, kind: media.kind, contentType: media.contentType, extension: media.extension, size: media.size, createdAt: media.createdAt });
      this.#s.addAuth.run({
        id: a.id, userId: a.userId, createdAt: a.createdAt, faceLiveness: a.faceLiveness, faceMatching: a.faceMatching,
        passed: a.passed ? 1 : 0, checks: JSON.stringify(a.checks), videoMediaId: a.videoMediaId, challengeId: a.challengeId,
        challengeResult: a.challengeResult && JSON.stringify(a.challengeResult), clientKey: a.clientKey,
      });
    }).immediate();
  }
  async addChallenge(c: ChallengeRow): Promise<void> {
    this.#s.addChallenge.run({ id: c.id, userId: c.userId, steps: JSON.stringify(c.steps), createdAt: c.createdAt, expiresAt: c.expiresAt });
  }
  async takeChallenge(userId: string, id: string, at: string): Promise<ChallengeRow | undefined> {
    return this.#db.transaction(() => {
      const r = this.#s.challenge.get(id, userId) as Raw | undefined;
      if (!r) return undefined;
      this.#s.useChallenge.run(at, id);
      return toChallenge(r);
    })();
  }
  async getAuthentication(userId: string, id: string) {
    const r = this.#s.auth.get(id, userId) as Raw | undefined;
    return r && toAuthentication(r);
  }
  async listAuthentications(userId: string, q: PageQuery) {
    const stmt = q.descending ? this.#s.authsDesc : this.#s.authsAsc;
    const all = q.pageSize === 0; // LIMIT -1: no limit
    const rows = (stmt.all(userId, all ? -1 : q.pageSize, all ? 0 : (q.page - 1) * q.pageSize) as Raw[]).map(toAuthentication);
    return { rows, total: this.#s.authCount.pluck().get(userId) as number };
  }
  async authenticationIds(userId: string): Promise<string[]> {
    return this.#s.authIds.pluck().all(userId) as string[];
  }
  async failedAuthenticationsSince(userId: string, since: string): Promise<FailedAuthentication[]> {
    return this.#failures(userId, since);
  }

  async getMedia(userId: string, id: string) {
    const r = this.#s.media.get(id, userId) as Raw | undefined;
    return r && toMedia(r);
  }
  async allMediaIds(): Promise<Set<string>> {
    return new Set(this.#s.allMedia.pluck().all() as string[]);
  }

  async close(): Promise<void> {
    if (this.#db.open) this.#db.close();
  }
}

function toKey(r: Raw): ApiKeyRow {
  return {
    id: String(r.id), name: String(r.name), prefix: String(r.prefix),
    createdAt: String(r.created_at), revokedAt: r.revoked_at == null ? null : String(r.revoked_at),
  };
}
