// Records → wire shapes of docs/CONTRACT.md (snake_case, absolute media hrefs).
// The report and the media objects fit the models of Alice's Python SDK
// (test/sdk-contract/ checks them against schemas written from those models).
import { PASS_SCORE, type ChallengeResult } from './face.js';
import type { AuthenticationRow, MediaRow, SelfieRow, UserRow, UserStatusRow } from '../store/store.js';
import { selfieExpiresAt, videoExpiresAt, type RetentionPolicy } from './retention-service.js';
import { TEMPLATE_VERSION } from '@alice-face/face-engine/template-format';

const href = (base: string, mediaId: string) => `${base}/media/${mediaId}/download`;
/** A media object; `objects` (regions found in it) is null: the server marks none. */
const media = (base: string, mediaId: string, extension: string) => ({ href: href(base, mediaId), extension, objects: null });

/** What the engine saw of a selfie's or an authentication's challenge; null when none was used. */
export function challenge(c: ChallengeResult | null) {
  if (!c) return null;
  return {
    passed: c.passed,
    reason: c.reason,
    steps: c.steps.map((s) => ({
      kind: s.kind,
      window_start: s.start,
      window_end: s.end,
      seen: s.seen,
      at: s.at,
      strength: s.strength,
      in_window: s.inWindow,
      in_order: s.inOrder,
      passed: s.passed,
    })),
  };
}

export function userSummary(u: UserRow) {
  return { user_id: u.id, email: u.email, first_name: u.firstName, last_name: u.lastName, created_at: u.createdAt };
}

/** The device given at creation (`device_info`), or null when none was. */
function device(u: UserRow) {
  const d = u.device;
  if (d.platform === null && d.platformVersion === null && d.model === null) return null;
  return { platform: d.platform, platform_version: d.platformVersion, model: d.model };
}

/** The user state, with who made the last change, why and when (null before any). */
export function userState(u: UserStatusRow) {
  return { value: u.userState, operator: u.stateOperator, update_reasons: u.stateUpdateReasons, updated_at: u.stateUpdatedAt };
}

export function userStatus(u: UserStatusRow, base: string) {
  return {
    ...userSummary(u),
    authorized: u.authorized,
    state: u.state,
    user_state: userState(u),
    device: device(u),
    face_liveness: u.faceLiveness,
    selfies: u.selfies,
    valid_selfies: u.validSelfies,
    authentications: u.authentications,
    last_selfie_at: u.lastSelfieAt,
    last_authentication_at: u.lastAuthenticationAt,
    cropped_face: u.croppedFaceMediaId ? { href: href(base, u.croppedFaceMediaId), extension: 'jpeg' } : null,
    // Valid selfies exist, but none was described by the current face engine: it must not match them.
    reenrollment_required: u.validSelfies > 0 && !u.validTemplateVersions.includes(TEMPLATE_VERSION),
  };
}

export function report(u: UserStatusRow, selfies: SelfieRow[], base: string, retention: RetentionPolicy) {
  const latestValid = [...selfies].reverse().find((s) => !s.voided);
  const liveness = latestValid?.liveness ?? null;
  const d = device(u);
  return {
    id: u.reportId,
    user_id: u.id,
    version: 1 as const,
    created_at: u.createdAt,
    summary: {
      // Documents are out of scope: their results are "n/a".
      result: {
        selfie_security: liveness === null ? 'n/a' : liveness >= PASS_SCORE ? 'ok' : 'ko',
        document_security: 'n/a',
        document_read: 'n/a',
        process_security: 'n/a',
      },
      face_liveness: liveness,
      face_matching: [],
      checks: latestValid?.checks ?? [],
      // user_data is what documents read (none here); what the user was created with is external_user_data.
      user_data: [],
      external_user_data: { first_name: u.firstName, last_name: u.lastName, email: u.email },
      sessions: 0,
      sessions_until_first_succeeded_onboarding: null,
      // The SDK's device model needs strings: what was not given is "" (agent: no capture SDK is recorded).
      devices: d ? [{ agent: '', agent_version: '', platform: d.platform ?? '', platform_version: d.platform_version ?? '', model: d.model ?? '', ip: null }] : [],
      state: userState(u),
    },
    selfies: selfies.map((s) => ({
      id: s.id,
      created_at: s.createdAt,
      liveness: s.liveness,
      voided: s.voided,
      number_of_faces: s.numberOfFaces,
      checks: s.checks,
      challenge: challenge(s.challengeResult),
      // A destroyed crop has no link (the SDK's model allows the key to be absent).
      media: s.mediaDestroyedAt ? {} : { cropped_face: media(base, s.croppedFaceMediaId, 'jpeg') },
      // Voided selfies' crop and template go after the retention; valid ones stay (null).
      media_expires_at: selfieExpiresAt(s.voidedAt, retention),
      media_destroyed_at: s.mediaDestroyedAt,
    })),
    documents: [],
    other_trusted_documents: [],
    events: [],
  };
}

export function authentication(a: AuthenticationRow, base: string, retention: RetentionPolicy) {
  return {
    authentication_id: a.id,
    created_at: a.createdAt,
    face_liveness: a.faceLiveness,
    face_matching: a.faceMatching,
    checks: a.checks,
    challenge: challenge(a.challengeResult),
    media: a.videoDestroyedAt ? {} : { video: media(base, a.videoMediaId, a.videoExtension) },
    media_expires_at: videoExpiresAt(a.createdAt, retention),
    media_destroyed_at: a.videoDestroyedAt,
  };
}

/** A media row of the export: what it is, when it goes or went, and its link while it exists. */
export function mediaItem(m: MediaRow, base: string) {
  return {
    id: m.id,
    kind: m.kind,
    content_type: m.contentType,
    extension: m.extension,
    size: m.size,
    created_at: m.createdAt,
    destroyed_at: m.destroyedAt,
    href: m.destroyedAt ? null : href(base, m.id),
  };
}
