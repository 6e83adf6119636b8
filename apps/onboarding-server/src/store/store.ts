// The data layer every service goes through. Async on purpose, so a
// PostgreSQL implementation (same schema, same queries) can sit behind it.
import type { ChallengeResult, ChallengeStepWindow, Check } from '../services/face.js';

export type SelfieState = 'NO_SELFIE' | 'SELFIE_VALID' | 'SELFIE_VOIDED';

/** The onboarding state of Alice's SDKs (`UserState`), derived in one query (sqlite-users-query.ts). */
export const USER_STATES = ['NOT_STARTED', 'IN_PROGRESS', 'TO_REVIEW', 'ACCEPTED', 'REJECTED'] as const;
export type UserState = (typeof USER_STATES)[number];

/** Reasons given with a state update: objects of strings, as the SDKs send them. */
export type UpdateReasons = Array<Record<string, string>>;

/** The device a user was created with (`device_info` of the SDKs); null fields were not given. */
export interface DeviceRow {
  platform: string | null;
  platformVersion: string | null;
  model: string | null;
}

export interface UserRow {
  id: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  createdAt: string;
  authorized: boolean;
  reportId: string;
  device: DeviceRow;
  /** A reviewer rejected the user (REJECTED until face login is enabled or another state is set). */
  rejected: boolean;
  /** Who made the last state update (enable, disable, void, PATCH /user/state), with its reasons and time; null before any. */
  stateOperator: string | null;
  stateUpdateReasons: UpdateReasons | null;
  stateUpdatedAt: string | null;
}

/** A change of state: what it sets (undefined = unchanged) and who made it. */
export interface StateUpdate {
  authorized?: boolean;
  rejected?: boolean;
  operator: string;
  updateReasons: UpdateReasons | null;
  at: string;
}

export interface UsersStats {
  total: number;
  authorized: number;
  withSelfie: number;
  withValidSelfie: number;
  byState: Record<UserState, number>;
}

export interface UserStatusRow extends UserRow {
  state: SelfieState;
  userState: UserState;
  faceLiveness: number | null;
  selfies: number;
  validSelfies: number;
  authentications: number;
  lastSelfieAt: string | null;
  lastAuthenticationAt: string | null;
  croppedFaceMediaId: string | null;
  /** Distinct template versions of the user's non-voided selfies. */
  validTemplateVersions: number[];
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
  /** The face engine's template layout version (`TEMPLATE_VERSION` when it was stored). */
  templateVersion: number;
  croppedFaceMediaId: string;
  challengeId: string | null;
  /** What the engine saw of the challenge (JSON); null without one, and on rows from before migration 3. */
  challengeResult: ChallengeResult | null;
}

export interface StoredTemplate {
  template: Float32Array;
  version: number;
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
  /** true: users with face login enabled only; false or undefined: every user. */
  authorized?: boolean | undefined;
  sortBy: 'created_at' | 'email' | 'last_selfie_at';
  filterField?: 'email' | 'state' | 'user_state' | undefined;
  filterValue?: string | undefined;
}

export interface PageQuery {
  page: number;
  /** 0: every row. */
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
  usersStats(): Promise<UsersStats>;
  /**
   * Applies a state update in one transaction and returns the user state that
   * follows. With `expected`, nothing is written unless the state would be
   * that one (`applied` false). Undefined when the user does not exist.
   */
  updateUserState(id: string, update: StateUpdate, expected?: UserState): Promise<{ state: UserState; applied: boolean } | undefined>;
  /** Deletes the user and everything of theirs; returns the media ids to remove from disk. */
  deleteUser(id: string): Promise<string[]>;

  // Selfies (media row and selfie row are written in one transaction, after the guard)
  addSelfie(media: MediaRow, selfie: SelfieRow, guard?: WriteGuard): Promise<void>;
  listSelfies(userId: string): Promise<SelfieRow[]>;
  /** Voids every non-voided selfie of the user; returns how many. */
  voidSelfies(userId: string): Promise<number>;
  /** Deletes every selfie of the user; returns the media ids to remove from disk. */
  deleteSelfies(userId: string): Promise<string[]>;
  /** Deletes one selfie of the user; returns its media id, undefined when the user has no such selfie. */
  deleteSelfie(userId: string, id: string): Promise<string | undefined>;
  /** Templates of the user's non-voided selfies, with their versions, for matching. */
  validTemplates(userId: string): Promise<StoredTemplate[]>;

  // Challenges
  addChallenge(row: ChallengeRow): Promise<void>;
  /** Marks the user's challenge used at `at` and returns it as it was before (usedAt set: it had been used already); undefined when the user has no such challenge. */
  takeChallenge(userId: string, id: string, at: string): Promise<ChallengeRow | undefined>;

  // Authentications
  addAuthentication(media: MediaRow, auth: AuthenticationRow, guard?: WriteGuard): Promise<void>;
  getAuthentication(userId: string, id: string): Promise<AuthenticationRow | undefined>;
  listAuthentications(userId: string, q: PageQuery): Promise<{ rows: AuthenticationRow[]; total: number }>;
  /** Ids of every authentication of the user, newest first. */
  authenticationIds(userId: string): Promise<string[]>;
  /** Failed authentications of the user since `since` (ISO), oldest first. */
  failedAuthenticationsSince(userId: string, since: string): Promise<FailedAuthentication[]>;

  // Media
  getMedia(userId: string, id: string): Promise<MediaRow | undefined>;
  allMediaIds(): Promise<Set<string>>;

  close(): Promise<void>;
}
