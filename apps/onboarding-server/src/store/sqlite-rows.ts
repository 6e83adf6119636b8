// Row ↔ record conversion for both stores, both ways (snake_case columns, 0/1
// booleans, JSON checks and challenge results, Float32 templates as BLOBs).
import type { ChallengeResult } from '../services/face.js';
import { USER_STATES } from './store.js';
import type { ApiKeyRow, AuthenticationRow, FailedAuthentication, ChallengeRow, MediaRow, SelfieRow, SelfieState, StoredTemplate, StateUpdate, UpdateReasons, UserRow, UserState, UsersStats, UserStatusRow } from './store.js';

type Raw = Record<string, unknown>;

const str = (v: unknown): string => String(v);
const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const challengeOrNull = (v: unknown): ChallengeResult | null => (v === null || v === undefined ? null : (JSON.parse(str(v)) as ChallengeResult));

export function toApiKey(r: Raw): ApiKeyRow {
  return { id: str(r.id), name: str(r.name), prefix: str(r.prefix), createdAt: str(r.created_at), revokedAt: strOrNull(r.revoked_at) };
}

export function toUser(r: Raw): UserRow {
  return {
    id: str(r.id),
    email: strOrNull(r.email),
    firstName: strOrNull(r.first_name),
    lastName: strOrNull(r.last_name),
    createdAt: str(r.created_at),
    authorized: r.authorized === 1,
    reportId: str(r.report_id),
    device: { platform: strOrNull(r.device_platform), platformVersion: strOrNull(r.device_platform_version), model: strOrNull(r.device_model) },
    rejected: r.rejected === 1,
    stateOperator: strOrNull(r.state_operator),
    stateUpdateReasons: r.state_update_reasons == null ? null : (JSON.parse(str(r.state_update_reasons)) as UpdateReasons),
    stateUpdatedAt: strOrNull(r.state_updated_at),
  };
}

/** The row of USERS_STATS_SQL (counts may come back as numeric strings from PostgreSQL). */
export function toUsersStats(r: Raw): UsersStats {
  return {
    total: Number(r.total), authorized: Number(r.authorized), withSelfie: Number(r.with_selfie), withValidSelfie: Number(r.with_valid_selfie),
    byState: Object.fromEntries(USER_STATES.map((s) => [s, Number(r[s])])) as Record<UserState, number>,
  };
}

/** A row of userStatusSql (both states are computed there). */
export function toUserStatus(r: Raw): UserStatusRow {
  return {
    ...toUser(r),
    state: str(r.state) as SelfieState,
    userState: str(r.user_state) as UserState,
    faceLiveness: numOrNull(r.face_liveness),
    selfies: Number(r.selfies),
    validSelfies: Number(r.valid_selfies),
    authentications: Number(r.authentications),
    lastSelfieAt: strOrNull(r.last_selfie_at),
    lastAuthenticationAt: strOrNull(r.last_authentication_at),
    croppedFaceMediaId: strOrNull(r.cropped_face_media_id),
    validTemplateVersions: strOrNull(r.valid_template_versions)?.split(',').map(Number).sort((a, b) => a - b) ?? [],
  };
}

export function toMedia(r: Raw): MediaRow {
  return {
    id: str(r.id),
    userId: str(r.user_id),
    kind: r.kind === 'video' ? 'video' : 'cropped_face',
    contentType: str(r.content_type),
    extension: str(r.extension),
    size: Number(r.size),
    createdAt: str(r.created_at),
    destroyedAt: strOrNull(r.destroyed_at),
  };
}

export function templateToBlob(t: Float32Array): Buffer {
  return Buffer.from(t.buffer, t.byteOffset, t.byteLength);
}

/** The stored template; null once destroyed (a zero-length blob). */
export function blobToTemplate(b: unknown): Float32Array | null {
  const buf = b as Buffer;
  if (buf.length === 0) return null;
  // Copy: the Buffer may not be 4-byte aligned inside its pool.
  return new Float32Array(new Uint8Array(buf).buffer);
}

/** A valid selfie's template as a list of zero or one (valid selfies' templates are never destroyed; the type says they could be). */
export function toStoredTemplate(r: Raw): StoredTemplate[] {
  const template = blobToTemplate(r.template);
  return template ? [{ template, version: Number(r.template_version) }] : [];
}

/** A row counted by the failure limit (a failed authentication or an attempt in flight). */
export function toCounted(r: Raw): FailedAuthentication {
  return { createdAt: str(r.at), clientKey: strOrNull(r.client_key) };
}

export function toSelfie(r: Raw): SelfieRow {
  return {
    id: str(r.id),
    userId: str(r.user_id),
    createdAt: str(r.created_at),
    liveness: numOrNull(r.liveness),
    voided: r.voided === 1,
    voidedAt: strOrNull(r.voided_at),
    numberOfFaces: Number(r.number_of_faces),
    checks: JSON.parse(str(r.checks)),
    template: blobToTemplate(r.template),
    templateVersion: Number(r.template_version),
    croppedFaceMediaId: str(r.cropped_face_media_id),
    mediaDestroyedAt: strOrNull(r.media_destroyed_at),
    challengeId: strOrNull(r.challenge_id),
    challengeResult: challengeOrNull(r.challenge_result),
  };
}

export function toAuthentication(r: Raw): AuthenticationRow {
  return {
    id: str(r.id),
    userId: str(r.user_id),
    createdAt: str(r.created_at),
    faceLiveness: numOrNull(r.face_liveness),
    faceMatching: numOrNull(r.face_matching),
    passed: r.passed === 1,
    checks: JSON.parse(str(r.checks)),
    videoMediaId: str(r.video_media_id),
    videoExtension: strOrNull(r.video_extension) ?? 'bin',
    videoDestroyedAt: strOrNull(r.video_destroyed_at),
    challengeId: strOrNull(r.challenge_id),
    challengeResult: challengeOrNull(r.challenge_result),
    clientKey: strOrNull(r.client_key),
  };
}

export function toChallenge(r: Raw): ChallengeRow {
  return {
    id: str(r.id),
    userId: str(r.user_id),
    steps: JSON.parse(str(r.steps)) as ChallengeRow['steps'],
    createdAt: str(r.created_at),
    expiresAt: str(r.expires_at),
    usedAt: strOrNull(r.used_at),
  };
}

/** A user row as the addUser statement's parameters (both stores). */
export function userParams(row: UserRow) {
  return {
    id: row.id, email: row.email, firstName: row.firstName, lastName: row.lastName, createdAt: row.createdAt,
    authorized: row.authorized ? 1 : 0, reportId: row.reportId,
    devicePlatform: row.device.platform, devicePlatformVersion: row.device.platformVersion, deviceModel: row.device.model,
  };
}

/** A state update as the updateState statement's parameters (both stores): an undefined flag stays as it is. */
export function stateUpdateParams(id: string, u: StateUpdate) {
  const bit = (b: boolean | undefined) => (b === undefined ? null : b ? 1 : 0);
  return { id, authorized: bit(u.authorized), rejected: bit(u.rejected), operator: u.operator, reasons: u.updateReasons && JSON.stringify(u.updateReasons), at: u.at };
}
