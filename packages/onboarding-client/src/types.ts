// Wire types of the Onboarding API (docs/CONTRACT.md). Response objects keep the wire's
// snake_case names so they read the same as the API documentation and the JSON.

/** ISO 8601 timestamp string. */
export type IsoDate = string;

export interface Check {
  key: string;
  value: number | null;
  detail: string;
}

export interface Href {
  href: string;
  extension: string;
}

export interface UserSummary {
  user_id: string;
  email: string | null;
  first_name: string | null;
  last_name: string | null;
  created_at: IsoDate;
}

export type UserState = 'NO_SELFIE' | 'SELFIE_VALID' | 'SELFIE_VOIDED';

export interface UserStatus extends UserSummary {
  authorized: boolean;
  state: UserState;
  face_liveness: number | null;
  selfies: number;
  valid_selfies: number;
  authentications: number;
  last_selfie_at: IsoDate | null;
  last_authentication_at: IsoDate | null;
  cropped_face: Href | null;
  /** Self-hosted server: valid selfies exist but none was described by its current face engine (authentication answers 409 REENROLLMENT_REQUIRED). Absent from the hosted API. */
  reenrollment_required?: boolean;
}

export interface ReportSelfie {
  id: string;
  created_at: IsoDate;
  liveness: number | null;
  voided: boolean;
  number_of_faces: number;
  checks: Check[];
  /** Self-hosted server only: what was seen of the challenge the selfie was recorded with; null without one. */
  challenge?: ChallengeResult | null;
  media: { cropped_face: Href };
}

export interface Report {
  id: string;
  user_id: string;
  version: 1;
  created_at: IsoDate;
  summary: {
    face_liveness: number | null;
    face_matching: unknown[];
    checks: Check[];
    external_user_data: Record<string, unknown>;
    user_data: { email: string | null; first_name: string | null; last_name: string | null };
    devices: unknown[];
  };
  selfies: ReportSelfie[];
  documents: unknown[];
  events: unknown[];
}

export interface Authentication {
  authentication_id: string;
  created_at: IsoDate;
  face_liveness: number | null;
  face_matching: number | null;
  checks?: Check[];
  /** Self-hosted server only: what was seen of the challenge the clip answered; null without one. */
  challenge?: ChallengeResult | null;
  media: { video: { extension: string; href: string; objects: unknown[] } };
}

/** Challenge step kinds the self-hosted server draws from. */
export type ChallengeStepKind = 'turn_left' | 'turn_right' | 'look_up' | 'blink' | 'smile' | 'open_mouth';

/** An active-liveness challenge (self-hosted server): steps with windows in seconds from the recording's start. */
export interface Challenge {
  challenge_id: string;
  steps: Array<{ kind: ChallengeStepKind; start: number; end: number }>;
  expires_at: IsoDate;
}

/** What the self-hosted server saw of one challenge step. Times in seconds from the recording's start. */
export interface ChallengeStepResult {
  kind: ChallengeStepKind;
  /** The window the step was asked in. */
  window_start: number;
  window_end: number;
  /** The action was seen somewhere in the clip. */
  seen: boolean;
  /** When the matched action began; null when not seen. */
  at: number | null;
  /** How far past the detection threshold at its peak (1 = at the threshold); null when not seen. */
  strength: number | null;
  /** The action overlaps the window. */
  in_window: boolean;
  /** It came after the previous step's action. */
  in_order: boolean;
  passed: boolean;
}

/** What the self-hosted server saw of a challenge (`challenge` of a report selfie or an authentication). */
export interface ChallengeResult {
  passed: boolean;
  /** A sentence for the person: what was missing, late or out of order. */
  reason: string;
  /** In the order they were asked. */
  steps: ChallengeStepResult[];
}

export interface AddSelfieResult {
  selfie_id: string;
  face_liveness: number | null;
  number_of_faces: number;
}

export interface Page<T> {
  users: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface AuthenticationsPage {
  authentications: Authentication[];
  total: number;
  version: number;
}

export interface UsersQuery {
  page?: number;
  pageSize?: number;
  descending?: boolean;
  authorized?: boolean;
  sortBy?: 'created_at' | 'email' | 'last_selfie_at';
  filterField?: 'email' | 'state';
  filterValue?: string;
}

export interface AuthenticationsQuery {
  page?: number;
  pageSize?: number;
  descending?: boolean;
}

export interface NewUser {
  email?: string;
  firstName?: string;
  lastName?: string;
}

/** A selfie or authentication video (or image): bytes, a Blob/File, a stream, or a file path. */
export type MediaInput = Buffer | Uint8Array | Blob | NodeJS.ReadableStream | ReadableStream<Uint8Array> | string;

export interface MediaOptions {
  /** File name sent in the multipart part; default from the path or the sniffed type. */
  filename?: string;
  /** Content type of the part; default from the file extension or the first bytes. */
  contentType?: string;
  /** Active-liveness challenge the clip answers (optional). */
  challengeId?: string;
}

export interface DownloadedMedia {
  data: Buffer;
  contentType: string;
}

export interface Healthcheck {
  status: string;
  version?: string;
}

export interface OnboardingClientOptions {
  /** API key of the Onboarding API (hosted dashboard, or the self-hosted server's key). */
  apiKey: string;
  /** URL ending in `/onboarding`; default LOCAL_URL. */
  baseUrl?: string;
  /** Per-attempt time limit in ms, headers and body included; default 30000. */
  timeoutMs?: number;
  /** A fetch implementation; default the platform's `fetch`. */
  fetch?: typeof fetch;
  /** Clock in ms used for token expiry; default Date.now. */
  now?: () => number;
  /** Extra attempts for idempotent GETs on 502/503/504 and connection resets; default 2. */
  retries?: number;
  /** First backoff step in ms (doubles each retry, with jitter); default 250. */
  retryBaseDelayMs?: number;
  /** Upper bound of any wait between retries, Retry-After included; default 10000. */
  maxRetryDelayMs?: number;
  /** How the client waits between retries; default setTimeout. Tests pass a recorder. */
  sleep?: (ms: number) => Promise<void>;
  /** Most tokens kept in the cache (user-scoped tokens are one per user); default 1000. */
  maxCachedTokens?: number;
}
