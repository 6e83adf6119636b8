import type { Check } from '../../server/api-types.js';

// The engine reports liveness sub-scores as checks too (liveness, liveness_blink, …).
const LIVENESS_KEY = /liveness|motion|blink|parallax|depth|spoof|replay|planar|homograph/i;

/** Splits checks into the liveness evidence and the quality checks. */
export function splitChecks(checks: Check[]): { evidence: Check[]; quality: Check[] } {
  return { evidence: checks.filter((c) => LIVENESS_KEY.test(c.key)), quality: checks.filter((c) => !LIVENESS_KEY.test(c.key)) };
}
