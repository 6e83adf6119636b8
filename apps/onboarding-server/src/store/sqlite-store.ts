// Store on one SQLite file (WAL), running the shared queries (queries.ts).
// better-sqlite3 is synchronous; the interface is async for PostgresStore.
import type Database from 'better-sqlite3';
import { openDatabase, type Db } from './sqlite-db.js';
import { Q } from './queries.js';
import { templateToBlob, toAuthentication, toApiKey, toChallenge, toMedia, toSelfie, toCounted, toStoredTemplate, toUser, toUserStatus, userParams } from './sqlite-rows.js';
import { SqlitePrivacy } from './sqlite-privacy.js';
import { SqliteUserStates } from './sqlite-user-states.js';
import { UsersQueryCache } from './sqlite-users-query.js';
import {
  WriteRefused, type ApiKeyRow, type AttemptRow, type AuthenticationRow, type ChallengeRow, type FailedAuthentication, type MediaAccessQuery, type MediaAccessRow,
  type MediaRow, type NewMediaRow, type NewSelfieRow, type PageQuery, type RetentionCutoffs, type SelfieRow, type StateUpdate, type Store, type StoredTemplate,
  type UserRow, type UsersQuery, type UsersStats, type UserState, type WriteGuard,
} from './store.js';

type Raw = Record<string, unknown>;
type Statement = Database.Statement<unknown[]>;

export class SqliteStore implements Store {
  readonly #db: Db;
  readonly #users: UsersQueryCache;
  readonly #states: SqliteUserStates;
  readonly #privacy: SqlitePrivacy;
  readonly #s: Record<keyof typeof Q, Statement>;

  constructor(file: string) {
    const db = (this.#db = openDatabase(file));
    this.#users = new UsersQueryCache(db);
    this.#states = new SqliteUserStates(db);
    this.#privacy = new SqlitePrivacy(db);
    this.#s = Object.fromEntries(Object.entries(Q).map(([name, sql]) => [name, db.prepare(sql)])) as Record<keyof typeof Q, Statement>;
  }

  async addApiKey(row: ApiKeyRow & { hash: string }): Promise<void> {
    this.#s.addKey.run({ id: row.id, name: row.name, prefix: row.prefix, hash: row.hash, createdAt: row.createdAt });
  }
  async findApiKeyByHash(hash: string): Promise<ApiKeyRow | undefined> {
    const r = this.#s.keyByHash.get(hash) as Raw | undefined;
    return r && toApiKey(r);
  }
  async listApiKeys(): Promise<ApiKeyRow[]> {
    return (this.#s.keys.all() as Raw[]).map(toApiKey);
  }
  async revokeApiKey(idOrPrefix: string, at: string): Promise<number> {
    return this.#s.revokeKey.run({ k: idOrPrefix, at }).changes;
  }

  async createUser(row: UserRow): Promise<void> {
    this.#s.addUser.run(userParams(row));
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
  }

  async addSelfie(media: NewMediaRow, s: NewSelfieRow, guard?: WriteGuard): Promise<void> {
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
  async voidSelfies(userId: string, at: string): Promise<number> {
    return this.#s.voidSelfies.run({ at, userId }).changes;
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
  async deleteBiometrics(userId: string, at: string) {
    return this.#privacy.deleteBiometrics(userId, at);
  }
  async validTemplates(userId: string): Promise<StoredTemplate[]> {
    return (this.#s.templates.all(userId) as Raw[]).flatMap(toStoredTemplate);
  }

  async addAuthentication(media: NewMediaRow, a: Omit<AuthenticationRow, 'videoDestroyedAt'>, guard?: WriteGuard): Promise<void> {
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
    const taken = this.#s.useChallenge.get({ id, userId, at }) as Raw | undefined;
    if (taken) return { ...toChallenge(taken), usedAt: null };
    const r = this.#s.challenge.get(id, userId) as Raw | undefined;
    return r && toChallenge(r);
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
  async beginAuthenticationAttempt(a: AttemptRow, since: string, wait: (counted: FailedAuthentication[]) => number) {
    // IMMEDIATE: the write lock is taken before counting, so processes sharing the file count one at a time.
    return this.#db.transaction(() => {
      this.#s.dropOldAttempts.run({ userId: a.userId, since });
      const waitMs = wait((this.#s.attemptsSince.all({ userId: a.userId, since }) as Raw[]).map(toCounted));
      if (waitMs > 0) return { started: false as const, waitMs };
      this.#s.addAttempt.run({ id: a.id, userId: a.userId, startedAt: a.startedAt, clientKey: a.clientKey });
      return { started: true as const };
    }).immediate();
  }
  async endAuthenticationAttempt(id: string): Promise<void> {
    this.#s.endAttempt.run(id);
  }

  async getMedia(userId: string, id: string) {
    const r = this.#s.media.get(id, userId) as Raw | undefined;
    return r && toMedia(r);
  }
  async listMedia(userId: string): Promise<MediaRow[]> {
    return (this.#s.userMediaRows.all(userId) as Raw[]).map(toMedia);
  }
  async allMediaIds(): Promise<Set<string>> {
    return new Set(this.#s.allMedia.pluck().all() as string[]);
  }

  async applyRetention(cutoffs: RetentionCutoffs, at: string) {
    return this.#privacy.applyRetention(cutoffs, at);
  }
  async purgeDeleted(): Promise<void> {
    if (this.#db.open) this.#privacy.purgeDeleted();
  }
  async recordMediaAccess(row: MediaAccessRow): Promise<void> {
    this.#privacy.recordMediaAccess(row);
  }
  async listMediaAccess(q: MediaAccessQuery) {
    return this.#privacy.listMediaAccess(q);
  }

  async close(): Promise<void> {
    if (this.#db.open) this.#db.close();
  }
}
