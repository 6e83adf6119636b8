// Wire types of the Onboarding API (docs/CONTRACT.md). Response objects keep the wire's
// snake_case names so they read the same as the API documentation and the JSON.

import type { ChallengeResult } from './challenge-types.js';
import type { Device, UserStateInfo } from './user-state-types.js';

export type * from './challenge-types.js';
export type * from './user-state-types.js';
export type * from './privacy-types.js';

/** ISO 8601 timestamp string. */
export type IsoDate = string;

export interface Check {
  key: string;
  value: number | null;
  detail: string;
}

export interface BoundingBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Href {
  href: string;
  extension: string;
  /** Regions found in the media, by name (hosted API); null from the self-hosted server, which marks none. */
  objects?: Record<string, BoundingBox> | null;
}

export interface UserSummary {
  user_id: string;
  email: string | null;
  first_name: string | null;
  last_name: string | null;
  created_at: IsoDate;
}

/** What the user's selfies are: none, a valid one, voided ones only. */
export type SelfieState = 'NO_SELFIE' | 'SELFIE_VALID' | 'SELFIE_VOIDED';

export interface UserStatus extends UserSummary {
  authorized: boolean;
  state: SelfieState;
  user_state: UserStateInfo;
  /** The device given at creation; null when none was. */
  device: Device | null;
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
  /** `cropped_face` is absent once the crop was destroyed (self-hosted: retention of a voided selfie). */
  media: { cropped_face?: Href };
  /** Self-hosted server only: when the crop and template are destroyed (null while the selfie is valid). */
  media_expires_at?: IsoDate | null;
  /** Self-hosted server only: when they were destroyed; null while they exist. */
  media_destroyed_at?: IsoDate | null;
}

/** A device of the report (the hosted model's fields; "" where the self-hosted server has no value). */
export interface ReportDevice {
  agent: string;
  agent_version: string;
  platform: string;
  platform_version: string;
  model: string;
  ip: string | null;
}

export type EntityResult = 'ok' | 'ko' | 'n/a';

export interface Report {
  id: string;
  user_id: string;
  version: 1;
  created_at: IsoDate;
  summary: {
    result: { selfie_security: EntityResult; document_security: EntityResult; document_read: EntityResult; process_security: EntityResult };
    face_liveness: number | null;
    face_matching: unknown[];
    checks: Check[];
    /** What documents read (none on the self-hosted server). */
    user_data: unknown[];
    /** What the user was created with. */
    external_user_data: { first_name?: string | null; last_name?: string | null; email?: string | null } | null;
    sessions: number;
    sessions_until_first_succeeded_onboarding: number | null;
    devices: ReportDevice[];
    /** `value` is what the SDKs read; the self-hosted server adds who changed it last. */
    state: UserStateInfo | null;
  };
  selfies: ReportSelfie[];
  documents: unknown[];
  other_trusted_documents?: unknown[];
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
  /** `video` is absent once the video was destroyed (self-hosted: retention or withdrawal); the scores stay. */
  media: { video?: Href };
  /** Self-hosted server only: when the video is destroyed (created_at plus the retention). */
  media_expires_at?: IsoDate;
  /** Self-hosted server only: when it was destroyed; null while it exists. */
  media_destroyed_at?: IsoDate | null;
}

export interface AddSelfieResult {
  selfie_id: string;
  /** Absent when sent with `asUser` (a user token is not told scores; read the report). */
  face_liveness?: number | null;
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
  /** 1-100, or 0 for every user. */
  pageSize?: number;
  descending?: boolean;
  /** true: only users with face login enabled; false or absent: every user. */
  authorized?: boolean;
  sortBy?: 'created_at' | 'email' | 'last_selfie_at';
  /** `state` takes a SelfieState or a UserState; `user_state` a UserState. */
  filterField?: 'email' | 'state' | 'user_state';
  filterValue?: string;
}

export interface AuthenticationsQuery {
  page?: number;
  /** 1-100, or 0 for every authentication. */
  pageSize?: number;
  descending?: boolean;
}

export interface NewUser {
  email?: string;
  firstName?: string;
  lastName?: string;
  /** The user's device, as Alice's SDKs send it (`device_info`). */
  device?: { platform?: string; platformVersion?: string; model?: string };
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
  /**
   * Send the upload with the user's own token (`user`) instead of the backend token with user id:
   * the API then applies the rules it has for end users (the self-hosted server refuses a selfie
   * once face login is enabled, re-checked when the upload is stored, and answers no score). What
   * a backend that forwards a browser's recording should use. Default false.
   */
  asUser?: boolean;
  /**
   * The end client's address (the browser's, when a backend forwards its recording), sent as
   * `X-Forwarded-For`: a server that trusts this backend as a proxy (`ONBOARDING_TRUST_PROXY`)
   * then counts failed authentications per end client instead of per backend.
   */
  clientAddress?: string;
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
