// face_matching: a monotonic map of the Euclidean distance between two
// 128-d dlib descriptors onto 0-100, with 50 exactly at the decision distance.
//
//   score = 100 / (1 + exp((distance - DECISION_DISTANCE) / MATCH_SCALE))
//
// DECISION_DISTANCE = 0.55 is not fitted to this project's fixtures: it is
// the threshold measured for face-api's dlib descriptor on a public labelled
// pair set (MACHINE-NOTES: all pairs separated, Euclidean threshold near
// 0.55), a little stricter than dlib's published 0.6 (99.38% on LFW), which
// favours no false accept. MATCH_SCALE = 0.04 spreads the usual genuine
// distances (0.3-0.5) over 78-99 and impostors (0.65-0.9) over 0-8.
// The bench (`pnpm bench`) checks the result on fixtures/faces/people.

export const DECISION_DISTANCE = 0.55;
export const MATCH_SCALE = 0.04;

export function descriptorDistance(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length || a.length === 0) throw new TypeError('Descriptors must be non-empty and of the same length.');
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    sum += d * d;
  }
  return Math.sqrt(sum);
}

export function scoreFromDistance(distance: number): number {
  if (!Number.isFinite(distance)) return 0;
  const s = 100 / (1 + Math.exp((distance - DECISION_DISTANCE) / MATCH_SCALE));
  return Math.round(s * 10) / 10;
}

/** face_matching 0-100 of two templates; >= 50 means the same person. */
export function matchScore(a: Float32Array, b: Float32Array): number {
  return scoreFromDistance(descriptorDistance(a, b));
}
