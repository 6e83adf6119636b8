import type { Check } from '../../server/api-types.js';

// The engine reports liveness sub-scores as checks too (liveness, liveness_blink, …).
const LIVENESS_KEY = /liveness|motion|blink|parallax|depth|spoof|replay|planar|homograph/i;

/** Splits checks into the liveness evidence and the quality checks; the `challenge` check is shown apart (ChallengeSteps). */
export function splitChecks(checks: Check[]): { evidence: Check[]; quality: Check[] } {
  const listed = checks.filter((c) => c.key !== 'challenge');
  return { evidence: listed.filter((c) => LIVENESS_KEY.test(c.key)), quality: listed.filter((c) => !LIVENESS_KEY.test(c.key)) };
}
