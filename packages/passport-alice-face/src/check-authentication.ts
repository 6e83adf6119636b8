// The decision on one authentication: its shape (a malformed answer is a
// fault, never a pass), then its age, then the scores. A null score is never
// a pass: the API could not measure it, so nothing was proven.
import { AliceFaceError } from './errors.js';
import type { AliceFaceFailure, Authentication, Scores } from './types.js';

export interface Thresholds {
  livenessThreshold: number;
  matchingThreshold: number;
  maxAgeSeconds: number;
  clockToleranceSeconds: number;
}

export type Decision =
  /** `read`: what a later refusal of this passing authentication (replay, verify) tells the backend. */
  | { pass: true; scores: { liveness: number; matching: number }; read: ReadFailure }
  | { pass: false; failure: AliceFaceFailure };

function malformed(reason: string): AliceFaceError {
  return new AliceFaceError('ERR_ALICE_FACE_MALFORMED_RESPONSE', `The Onboarding API returned a malformed authentication: ${reason}.`);
}

function isScore(value: unknown): value is number | null {
  return value === null || (typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 100);
}

/** Throws ERR_ALICE_FACE_MALFORMED_RESPONSE unless `value` is the authentication that was asked for. */
export function assertAuthentication(value: unknown, requestedId: string): asserts value is Authentication {
  if (typeof value !== 'object' || value === null) throw malformed('not an object');
  const a = value as Record<string, unknown>;
  // Another id than the one requested would let one login borrow another's scores.
  if (a.authentication_id !== requestedId) throw malformed('its authentication_id is not the one requested');
  if (typeof a.created_at !== 'string' || Number.isNaN(Date.parse(a.created_at))) {
    throw malformed('created_at is not a date');
  }
  if (!isScore(a.face_liveness)) throw malformed('face_liveness is not a number from 0 to 100 or null');
  if (!isScore(a.face_matching)) throw malformed('face_matching is not a number from 0 to 100 or null');
}

/** What a refusal tells the backend once the authentication was read: the scores, whether the face matched, the challenge's reason. */
export type ReadFailure = Required<Pick<AliceFaceFailure, 'scores' | 'faceMatched'>> & Pick<AliceFaceFailure, 'reason'>;

function readFailure(authentication: Authentication, matchingThreshold: number): ReadFailure {
  const scores: Scores = { liveness: authentication.face_liveness, matching: authentication.face_matching };
  const faceMatched = scores.matching !== null && scores.matching >= matchingThreshold;
  const challenge = authentication.challenge;
  const reason = challenge && challenge.passed === false && typeof challenge.reason === 'string' && challenge.reason ? challenge.reason : undefined;
  return reason === undefined ? { scores, faceMatched } : { scores, faceMatched, reason };
}

export function decide(authentication: Authentication, limits: Thresholds, nowMs: number): Decision {
  const read = readFailure(authentication, limits.matchingThreshold);
  const fail = (code: AliceFaceFailure['code'], message: string): Decision => ({ pass: false, failure: { message, code, ...read } });
  const { scores } = read;
  const ageSeconds = (nowMs - Date.parse(authentication.created_at)) / 1000;
  if (ageSeconds < -limits.clockToleranceSeconds) {
    // Far in the future: the clocks disagree, and max age would silently stop working.
    throw new AliceFaceError(
      'ERR_ALICE_FACE_MALFORMED_RESPONSE',
      `The authentication was created ${Math.round(-ageSeconds)} s in the future: check the clocks of this host and the Onboarding API.`,
    );
  }
  if (ageSeconds > limits.maxAgeSeconds) {
    return fail('AUTHENTICATION_EXPIRED', `The face authentication is older than ${limits.maxAgeSeconds} seconds. Please try again.`);
  }
  if (scores.liveness === null || scores.matching === null) {
    return fail('SCORE_MISSING', 'The face could not be scored. Please try again in good light, facing the camera.');
  }
  // Liveness first: a spoof attempt should be reported as such, whatever it matched.
  if (scores.liveness < limits.livenessThreshold) {
    return fail('LIVENESS_TOO_LOW', 'The video did not show a live person. Please try again, facing the camera.');
  }
  if (scores.matching < limits.matchingThreshold) {
    return fail('FACE_MISMATCH', 'The face does not match the enrolled face.');
  }
  return { pass: true, scores: { liveness: scores.liveness, matching: scores.matching }, read };
}
