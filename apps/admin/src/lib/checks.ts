import type { Check } from '../../server/api-types.js';

// The engine reports liveness sub-scores as checks too (liveness, liveness_blink, …).
const LIVENESS_KEY = /liveness|motion|blink|parallax|depth|spoof|replay|planar|homograph/i;

/**
 * Splits checks into the liveness evidence and the quality checks. The `challenge` check is left out
 * when its structured result is shown apart (ChallengeSteps); without one (a row stored before the
 * server kept it) it stays among the quality checks.
 */
export function splitChecks(checks: Check[], challengeShownApart = true): { evidence: Check[]; quality: Check[] } {
  const listed = challengeShownApart ? checks.filter((c) => c.key !== 'challenge') : checks;
  return { evidence: listed.filter((c) => LIVENESS_KEY.test(c.key)), quality: listed.filter((c) => !LIVENESS_KEY.test(c.key)) };
}
