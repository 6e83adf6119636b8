// The data layer every service goes through. Async on purpose, so a
// PostgreSQL implementation (same schema, same queries) can sit behind it.
import type { ChallengeResult, ChallengeStepWindow, Check } from '../services/face.js';

export type SelfieState = 'NO_SELFIE' | 'SELFIE_VALID' | 'SELFIE_VOIDED';

export interface UserRow {
  id: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  createdAt: string;
  authorized: boolean;
  reportId: string;
}

export interface UserStatusRow extends UserRow {
  state: SelfieState;
  faceLiveness: number | null;
  selfies: number;
  validSelfies: number;
  authentications: number;
  lastSelfieAt: string | null;
  lastAuthenticationAt: string | null;
  croppedFaceMediaId: string | null;
}

export interface MediaRow {
  id: string;
  userId: string;
  kind: 'cropped_face' | 'video';
  contentType: string;
  extension: string;
  size: number;
  createdAt: string;
}

export interface SelfieRow {
  id: string;
  userId: string;
  createdAt: string;
  liveness: number | null;
  voided: boolean;
  numberOfFaces: number;
  checks: Check[];
  template: Float32Array;
  croppedFaceMediaId: string;
  challengeId: string | null;
  /** What the engine saw of the challenge (JSON); null without one, and on rows from before migration 3. */
  challengeResult: ChallengeResult | null;
}

export interface AuthenticationRow {
  id: string;
  userId: string;
  createdAt: string;
  faceLiveness: number | null;
  faceMatching: number | null;
  passed: boolean;
  checks: Check[];
  videoMediaId: string;
  /** Extension of the stored video (joined from its media row). */
  videoExtension: string;
  challengeId: string | null;
  /** What the engine saw of the challenge (JSON); null without one, and on rows from before migration 3. */
  challengeResult: ChallengeResult | null;
  /** Keyed hash of the end client's address (auth/client-key.ts); null on rows from before migration 4. */
  clientKey: string | null;
}

/** A failed authentication as the failure limit sees it. */
export interface FailedAuthentication {
  createdAt: string;
  clientKey: string | null;
}

/**
 * What was checked before a long upload, checked again inside the write's
 * transaction: a write the check would now refuse throws WriteRefused and
 * leaves nothing behind.
 */
export interface WriteGuard {
  /** The user's face login must be enabled (true) or must not be (false). */
  authorized?: boolean;
  /** The failure limit: given the user's failed authentications since `since`, oldest first, true refuses. */
  failures?: { since: string; refuse: (failures: FailedAuthentication[]) => boolean };
}

export class WriteRefused extends Error {
  constructor(readonly reason: 'user_gone' | 'authorized' | 'not_authorized' | 'too_many_failures') {
    super(`The write was refused: ${reason}.`);
    this.name = 'WriteRefused';
  }
}

/** An active-liveness challenge: steps (JSON of the engine's ChallengeStep[]) a user must show before expiry, once. */
export interface ChallengeRow {
  id: string;
  userId: string;
  steps: ChallengeStepWindow[];
  createdAt: string;
  expiresAt: string;
  usedAt: string | null;
}

export interface ApiKeyRow {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  revokedAt: string | null;
}

export interface UsersQuery {
  page: number;
  pageSize: number;
  descending: boolean;
  authorized?: boolean | undefined;
  sortBy: 'created_at' | 'email' | 'last_selfie_at';
  filterField?: 'email' | 'state' | undefined;
  filterValue?: string | undefined;
}

export interface PageQuery {
  page: number;
  pageSize: number;
  descending: boolean;
}

export interface Store {
  // API keys
  addApiKey(row: ApiKeyRow & { hash: string }): Promise<void>;
  findApiKeyByHash(hash: string): Promise<ApiKeyRow | undefined>;
  listApiKeys(): Promise<ApiKeyRow[]>;
  /** Revokes by id or prefix; returns how many were revoked. */
  revokeApiKey(idOrPrefix: string, at: string): Promise<number>;

  // Users
  createUser(row: UserRow): Promise<void>;
  getUser(id: string): Promise<UserRow | undefined>;
  getUserStatus(id: string): Promise<UserStatusRow | undefined>;
  listUsers(q: UsersQuery): Promise<{ rows: UserStatusRow[]; total: number }>;
  setAuthorized(id: string, authorized: boolean): Promise<void>;
  /** Deletes the user and everything of theirs; returns the media ids to remove from disk. */
  deleteUser(id: string): Promise<string[]>;

  // Selfies (media row and selfie row are written in one transaction, after the guard)
  addSelfie(media: MediaRow, selfie: SelfieRow, guard?: WriteGuard): Promise<void>;
  listSelfies(userId: string): Promise<SelfieRow[]>;
  /** Voids every non-voided selfie of the user; returns how many. */
  voidSelfies(userId: string): Promise<number>;
  /** Deletes every selfie of the user; returns the media ids to remove from disk. */
  deleteSelfies(userId: string): Promise<string[]>;
  /** Templates of the user's non-voided selfies, for matching. */
  validTemplates(userId: string): Promise<Float32Array[]>;

  // Challenges
  addChallenge(row: ChallengeRow): Promise<void>;
  /** Marks the user's challenge used at `at` and returns it as it was before (usedAt set: it had been used already); undefined when the user has no such challenge. */
  takeChallenge(userId: string, id: string, at: string): Promise<ChallengeRow | undefined>;

  // Authentications
  addAuthentication(media: MediaRow, auth: AuthenticationRow, guard?: WriteGuard): Promise<void>;
  getAuthentication(userId: string, id: string): Promise<AuthenticationRow | undefined>;
  listAuthentications(userId: string, q: PageQuery): Promise<{ rows: AuthenticationRow[]; total: number }>;
  /** Failed authentications of the user since `since` (ISO), oldest first. */
  failedAuthenticationsSince(userId: string, since: string): Promise<FailedAuthentication[]>;

  // Media
  getMedia(userId: string, id: string): Promise<MediaRow | undefined>;
  allMediaIds(): Promise<Set<string>>;

  close(): Promise<void>;
}
