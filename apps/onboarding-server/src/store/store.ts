// The data layer every service goes through, implemented on SQLite
// (sqlite-store.ts) and PostgreSQL (postgres-store.ts) with the same schema
// and the same queries (queries.ts).
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
  /** When the retention sweep or a deletion of the biometrics destroyed the file (the row stays); null while it exists. */
  destroyedAt: string | null;
}

/** A media row as written: its file exists. */
export type NewMediaRow = Omit<MediaRow, 'destroyedAt'>;

export interface SelfieRow {
  id: string;
  userId: string;
  createdAt: string;
  liveness: number | null;
  voided: boolean;
  /** When the selfie was voided (the start of its retention); null while valid. */
  voidedAt: string | null;
  numberOfFaces: number;
  checks: Check[];
  /** The face template; null once destroyed (with the crop) by the retention sweep. */
  template: Float32Array | null;
  /** The face engine's template layout version (`TEMPLATE_VERSION` when it was stored). */
  templateVersion: number;
  croppedFaceMediaId: string;
  /** When the crop and the template were destroyed (joined from the media row); null while they exist. */
  mediaDestroyedAt: string | null;
  challengeId: string | null;
  /** What the engine saw of the challenge (JSON); null without one, and on rows from before migration 3. */
  challengeResult: ChallengeResult | null;
}

/** A selfie as written: valid, with its template. */
export type NewSelfieRow = Omit<SelfieRow, 'voidedAt' | 'mediaDestroyedAt' | 'template'> & { template: Float32Array };

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
  /** When the video was destroyed (joined from its media row); null while it exists. */
  videoDestroyedAt: string | null;
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
}

export class WriteRefused extends Error {
  constructor(readonly reason: 'user_gone' | 'authorized' | 'not_authorized') {
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

/** An authentication in progress, counted by the failed-authentication limit until it ends. */
export interface AttemptRow {
  id: string;
  userId: string;
  startedAt: string;
  /** The client's key (see auth/client-key.ts): the limit counts per client. */
  clientKey: string;
}

/** One download of a media file: whose, which, and who asked (token kind and the API key behind it). */
export interface MediaAccessRow {
  id: string;
  at: string;
  userId: string;
  mediaId: string;
  mediaKind: MediaRow['kind'];
  tokenKind: string;
  /** The API key the token was obtained with; null for tokens signed before keys were recorded in them. */
  apiKeyId: string | null;
  /** The key's name (joined when listing; the key may have been revoked since). */
  apiKeyName?: string | null;
}

export interface MediaAccessQuery {
  page: number;
  /** 0: every row. */
  pageSize: number;
  /** One user's downloads only. */
  userId?: string | undefined;
}

/** Where the retention sweep cuts: everything created (voided, expired) at or before these times goes. */
export interface RetentionCutoffs {
  /** Authentication videos created at or before this time are destroyed. */
  authenticationVideos: string;
  /** Voided selfies voided at or before this time lose their crop and template. */
  voidedSelfies: string;
  /** Challenges that expired at or before this time are deleted. */
  challenges: string;
}

export interface RetentionResult {
  /** Media whose files are to be removed from the media store now. */
  mediaIds: string[];
  authenticationVideos: number;
  selfies: number;
  challenges: number;
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
  /** Adds a key; a key whose hash is stored already is left as it is (two instances configured with one key). */
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
  addSelfie(media: NewMediaRow, selfie: NewSelfieRow, guard?: WriteGuard): Promise<void>;
  listSelfies(userId: string): Promise<SelfieRow[]>;
  /** Voids every non-voided selfie of the user at `at`; returns how many. */
  voidSelfies(userId: string, at: string): Promise<number>;
  /** Deletes every selfie of the user; returns the media ids to remove from disk. */
  deleteSelfies(userId: string): Promise<string[]>;
  /** Deletes one selfie of the user; returns its media id, undefined when the user has no such selfie. */
  deleteSelfie(userId: string, id: string): Promise<string | undefined>;
  /** Templates of the user's non-voided selfies, with their versions, for matching. */
  validTemplates(userId: string): Promise<StoredTemplate[]>;
  /**
   * Withdrawal of consent, in one transaction: deletes every selfie of the user (rows, templates, crops)
   * and marks every authentication video destroyed at `at` (the authentications keep their scores).
   * Returns the media ids whose files are to be removed, and how many of each went.
   */
  deleteBiometrics(userId: string, at: string): Promise<{ mediaIds: string[]; selfies: number; videos: number }>;

  // Challenges
  addChallenge(row: ChallengeRow): Promise<void>;
  /**
   * Marks the user's challenge used at `at` and returns it as it was before (usedAt set: it had been used already);
   * undefined when the user has no such challenge. Atomic: of concurrent calls, on any instance, one gets it unused.
   */
  takeChallenge(userId: string, id: string, at: string): Promise<ChallengeRow | undefined>;

  // Authentications
  addAuthentication(media: NewMediaRow, auth: Omit<AuthenticationRow, 'videoDestroyedAt'>, guard?: WriteGuard): Promise<void>;
  getAuthentication(userId: string, id: string): Promise<AuthenticationRow | undefined>;
  listAuthentications(userId: string, q: PageQuery): Promise<{ rows: AuthenticationRow[]; total: number }>;
  /** Ids of every authentication of the user, newest first. */
  authenticationIds(userId: string): Promise<string[]>;
  /**
   * Starts an authentication attempt unless `wait` refuses it: `wait` gets what counts against the user's
   * failure limit (failed authentications since `since` (ISO) and attempts begun and not yet ended, oldest
   * first, each with its client) and answers the ms the attempt's client must wait (0: it may start). Atomic
   * across instances sharing the database, so parallel attempts cannot all pass before any failure is stored.
   */
  beginAuthenticationAttempt(attempt: AttemptRow, since: string, wait: (counted: FailedAuthentication[]) => number): Promise<{ started: true } | { started: false; waitMs: number }>;
  /** Ends an attempt (its outcome, if any, is an authentication row). */
  endAuthenticationAttempt(id: string): Promise<void>;

  // Media
  getMedia(userId: string, id: string): Promise<MediaRow | undefined>;
  /** Every media row of the user, destroyed ones included, oldest first. */
  listMedia(userId: string): Promise<MediaRow[]>;
  /** Ids of the media whose files should exist (destroyed ones left out), for the start-up sweep. */
  allMediaIds(): Promise<Set<string>>;

  // Retention and audit
  /**
   * One pass of the retention sweep, in one transaction: marks destroyed (at `at`) the videos of
   * authentications and the crops of voided selfies past their cutoff, empties those selfies'
   * templates, deletes expired challenges. Rows of authentications and selfies stay, scores included.
   */
  applyRetention(cutoffs: RetentionCutoffs, at: string): Promise<RetentionResult>;
  /**
   * Makes what deletions removed unrecoverable from the database's own files. SQLite (secure_delete
   * on, so freed pages hold zeros) checkpoints its write-ahead log and truncates it; PostgreSQL would
   * VACUUM the tables involved. Called after a user's deletion, a withdrawal and a sweep that destroyed something.
   */
  purgeDeleted(): Promise<void>;
  recordMediaAccess(row: MediaAccessRow): Promise<void>;
  /** Media downloads, newest first, of one user or of everyone; with the API key's name. */
  listMediaAccess(q: MediaAccessQuery): Promise<{ rows: MediaAccessRow[]; total: number }>;

  close(): Promise<void>;
}
