import type { Authentication, Report, UserStatus } from '@alice-face/onboarding-client';
import type { AuthenticationView, Check, QueueRow, SelfieView, Thresholds } from './api-types.js';

// Turns onboarding-server shapes into what the SPA shows. Every media href is
// rewritten to the admin's own proxy path: the browser never holds a token
// and never talks to the onboarding server.

const MEDIA_HREF = /\/media\/([^/?#]+)\/download$/;

export function mediaIdOf(href: string): string | null {
  return MEDIA_HREF.exec(href)?.[1] ?? null;
}

export function proxyUrl(userId: string, href: string | null | undefined): string | null {
  if (!href) return null;
  const id = mediaIdOf(href);
  return id ? `/api/users/${encodeURIComponent(userId)}/media/${encodeURIComponent(id)}` : null;
}

export function toQueueRow(user: UserStatus, checks: Check[] = []): QueueRow {
  const name = [user.first_name, user.last_name].filter(Boolean).join(' ') || null;
  return {
    user_id: user.user_id,
    email: user.email,
    name,
    state: user.state,
    user_state: user.user_state.value,
    authorized: user.authorized,
    face_liveness: user.face_liveness,
    cropped_face_url: proxyUrl(user.user_id, user.cropped_face?.href),
    reenrollment_required: user.reenrollment_required === true,
    checks,
    enrolled_at: user.last_selfie_at,
    created_at: user.created_at,
  };
}

export function toSelfieViews(report: Report): SelfieView[] {
  return [...report.selfies]
    .sort((a, b) => b.created_at.localeCompare(a.created_at))
    .map((s) => ({
      id: s.id,
      created_at: s.created_at,
      liveness: s.liveness,
      voided: s.voided,
      number_of_faces: s.number_of_faces,
      checks: s.checks,
      challenge: s.challenge ?? null,
      cropped_face_url: proxyUrl(report.user_id, s.media?.cropped_face?.href),
      media_expires_at: s.media_expires_at ?? null,
      media_destroyed_at: s.media_destroyed_at ?? null,
    }));
}

export function toAuthenticationView(userId: string, a: Authentication, t: Thresholds): AuthenticationView {
  const passed = a.face_liveness !== null && a.face_liveness >= t.liveness && a.face_matching !== null && a.face_matching >= t.matching;
  return {
    authentication_id: a.authentication_id,
    created_at: a.created_at,
    face_liveness: a.face_liveness,
    face_matching: a.face_matching,
    passed,
    video_url: proxyUrl(userId, a.media?.video?.href),
    checks: a.checks ?? [],
    challenge: a.challenge ?? null,
    media_expires_at: a.media_expires_at ?? null,
    media_destroyed_at: a.media_destroyed_at ?? null,
  };
}

/** Deep copy of a report with every onboarding media href replaced by its proxy path. */
export function rewriteHrefs(value: unknown, userId: string): unknown {
  if (Array.isArray(value)) return value.map((v) => rewriteHrefs(v, userId));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = k === 'href' && typeof v === 'string' ? (proxyUrl(userId, v) ?? v) : rewriteHrefs(v, userId);
    }
    return out;
  }
  return value;
}
