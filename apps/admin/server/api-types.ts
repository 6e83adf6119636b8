// The admin's own HTTP API as the SPA sees it. Shared by server and SPA
// (type-only), so the two cannot drift. Media URLs are the admin's proxy
// paths: the browser never talks to the onboarding server or holds a token.

export type QueueState = 'awaiting' | 'authorized' | 'voided' | 'no_selfie' | 'all';
export const QUEUE_STATES: readonly QueueState[] = ['awaiting', 'authorized', 'voided', 'no_selfie', 'all'];

export type DecisionAction = 'authorize' | 'revoke' | 'void_selfie' | 'delete_user';
export const DECISION_ACTIONS: readonly DecisionAction[] = ['authorize', 'revoke', 'void_selfie', 'delete_user'];
/** What the audit log records: the decisions, and each media file a reviewer viewed or downloaded. */
export type AuditAction = DecisionAction | 'view_media';
export const AUDIT_ACTIONS: readonly AuditAction[] = [...DECISION_ACTIONS, 'view_media'];

export interface Check {
  key: string;
  value: number | null;
  detail: string;
}

/** What the onboarding server saw of a challenge: the client's wire type, re-exported (type-only) for the SPA. */
export type { ChallengeResult, ChallengeStepResult } from '@alice-face/onboarding-client';
import type { ChallengeResult, UserState } from '@alice-face/onboarding-client';

export interface Thresholds {
  liveness: number;
  matching: number;
}

export interface ConfigResponse {
  thresholds: Thresholds;
  poll_interval_ms: number;
}

export interface SessionResponse {
  reviewer: { email: string } | null;
  csrf_token: string | null;
}

export interface QueueRow {
  user_id: string;
  email: string | null;
  name: string | null;
  state: 'NO_SELFIE' | 'SELFIE_VALID' | 'SELFIE_VOIDED';
  /** The onboarding server's user state: REJECTED users are out of the awaiting queue. */
  user_state: UserState;
  authorized: boolean;
  face_liveness: number | null;
  cropped_face_url: string | null;
  /** The enrolment was described by an older face engine: the user must record a new selfie before logging in. */
  reenrollment_required: boolean;
  checks: Check[];
  enrolled_at: string | null;
  created_at: string;
}

export interface QueueResponse {
  rows: QueueRow[];
  total: number;
  page: number;
  page_size: number;
}

export interface SelfieView {
  id: string;
  created_at: string;
  liveness: number | null;
  voided: boolean;
  number_of_faces: number;
  checks: Check[];
  /** The challenge the selfie was recorded with; null without one (or from an API that does not send it). */
  challenge: ChallengeResult | null;
  cropped_face_url: string | null;
  /** When the crop and template will be destroyed (voided selfies); null while the selfie is valid or from an API that does not say. */
  media_expires_at: string | null;
  /** When they were destroyed; null while they exist. */
  media_destroyed_at: string | null;
}

export interface AuthenticationView {
  authentication_id: string;
  created_at: string;
  face_liveness: number | null;
  face_matching: number | null;
  passed: boolean;
  video_url: string | null;
  checks: Check[];
  /** The challenge the login answered; null without one (or from an API that does not send it). */
  challenge: ChallengeResult | null;
  /** When the video will be destroyed (retention); null from an API that does not say. */
  media_expires_at: string | null;
  /** When it was destroyed; null while it exists. */
  media_destroyed_at: string | null;
}

export interface DetailResponse {
  user: QueueRow;
  selfies: SelfieView[];
  authentications: AuthenticationView[];
  authentications_total: number;
  report: unknown;
}

export interface AuditEntry {
  id: number;
  at: string;
  reviewer_email: string;
  action: AuditAction;
  user_id: string;
  user_email: string | null;
  /** The media viewed (view_media); null for decisions. */
  media_id: string | null;
  reason: string | null;
  outcome: 'success' | 'failure';
  error_code: string | null;
  error_message: string | null;
}

export interface AuditResponse {
  entries: AuditEntry[];
  total: number;
  page: number;
  page_size: number;
}

/** Downloads of media at the Onboarding API (every caller: this dashboard's key and any other backend's). */
export type { MediaAccess } from '@alice-face/onboarding-client';
import type { MediaAccess } from '@alice-face/onboarding-client';

export interface MediaAccessResponse {
  entries: MediaAccess[];
  total: number;
  page: number;
  page_size: number;
}

export interface DecisionRequest {
  action: DecisionAction;
  reason?: string;
  confirm_email?: string;
}

export interface DecisionResponse {
  entry: AuditEntry;
}

/** A webhook of the onboarding server, read-only: no secret or key, and its URL without the query string. */
export interface WebhookRow {
  webhook_id: string;
  active: boolean;
  /** Scheme, host and path of the post_url (a query string may hold a token: never shown). */
  target: string;
  event_name: string;
  event_version: string;
  algorithm: string;
  last_result: {
    sent_on: string;
    attempt: number;
    is_success: boolean;
    status_code: number | null;
    error: string | null;
    completed_in_ms: number;
  } | null;
}

export interface WebhooksResponse {
  webhooks: WebhookRow[];
}

export interface ApiErrorBody {
  error: { code: string; message: string; details?: unknown };
}
