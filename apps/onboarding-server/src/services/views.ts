// Records → wire shapes of docs/CONTRACT.md (snake_case, absolute media hrefs).
import type { ChallengeResult } from './face.js';
import type { AuthenticationRow, SelfieRow, UserRow, UserStatusRow } from '../store/store.js';
import { TEMPLATE_VERSION } from '@alice-face/face-engine/template-format';

const href = (base: string, mediaId: string) => `${base}/media/${mediaId}/download`;

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

export function userStatus(u: UserStatusRow, base: string) {
  return {
    ...userSummary(u),
    authorized: u.authorized,
    state: u.state,
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

export function report(u: UserRow, selfies: SelfieRow[], base: string) {
  const latestValid = [...selfies].reverse().find((s) => !s.voided);
  return {
    id: u.reportId,
    user_id: u.id,
    version: 1 as const,
    created_at: u.createdAt,
    summary: {
      face_liveness: latestValid?.liveness ?? null,
      face_matching: [],
      checks: latestValid?.checks ?? [],
      external_user_data: {},
      user_data: { email: u.email, first_name: u.firstName, last_name: u.lastName },
      devices: [],
    },
    selfies: selfies.map((s) => ({
      id: s.id,
      created_at: s.createdAt,
      liveness: s.liveness,
      voided: s.voided,
      number_of_faces: s.numberOfFaces,
      checks: s.checks,
      challenge: challenge(s.challengeResult),
      media: { cropped_face: { href: href(base, s.croppedFaceMediaId), extension: 'jpeg' as const } },
    })),
    documents: [],
    events: [],
  };
}

export function authentication(a: AuthenticationRow, base: string) {
  return {
    authentication_id: a.id,
    created_at: a.createdAt,
    face_liveness: a.faceLiveness,
    face_matching: a.faceMatching,
    checks: a.checks,
    challenge: challenge(a.challengeResult),
    media: { video: { extension: a.videoExtension, href: href(base, a.videoMediaId), objects: [] } },
  };
}
