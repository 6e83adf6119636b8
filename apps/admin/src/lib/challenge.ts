import type { Check } from '../../server/api-types.js';

// The `challenge` check of a selfie or a login (active liveness, issue #8),
// read back into steps. Its detail is "<reason sentence> <per step>." where
// each step is "<kind> at 1.7 s (strength 2.39)", "<kind> late or out of
// order" or "<kind> not seen", separated by "; " (face-engine challengeCheck).

export type StepOutcome = 'passed' | 'late' | 'not_seen';

export interface ChallengeStepView {
  index: number;
  kind: string;
  label: string;
  outcome: StepOutcome;
  /** Seconds from the start of the recording, when passed. */
  at: number | null;
  strength: number | null;
}

export interface ChallengeView {
  passed: boolean;
  value: number | null;
  reason: string;
  steps: ChallengeStepView[];
}

const LABELS: Record<string, string> = {
  turn_left: 'Turn head left',
  turn_right: 'Turn head right',
  look_up: 'Look up',
  blink: 'Blink',
  smile: 'Smile',
  open_mouth: 'Open mouth',
};

const STEP = /^([a-z_]+) (?:at (\d+(?:\.\d+)?) s \(strength (\d+(?:\.\d+)?)\)|(late or out of order)|not seen)$/;

/** The challenge of these checks, or null when there was none (or its detail is not in the engine's form). */
export function parseChallenge(checks: readonly Check[]): ChallengeView | null {
  const check = checks.find((c) => c.key === 'challenge');
  if (!check) return null;
  const detail = check.detail.trim();
  const first = /^(.+?\.)(?:\s+|$)/.exec(detail);
  if (!first) return null;
  const list = detail.slice(first[0].length).replace(/\.$/, '');
  const steps: ChallengeStepView[] = [];
  for (const [k, item] of (list ? list.split('; ') : []).entries()) {
    const m = STEP.exec(item.trim());
    if (!m) return null;
    const kind = m[1]!;
    steps.push({
      index: k + 1,
      kind,
      label: LABELS[kind] ?? kind,
      outcome: m[2] !== undefined ? 'passed' : m[4] !== undefined ? 'late' : 'not_seen',
      at: m[2] !== undefined ? Number(m[2]) : null,
      strength: m[3] !== undefined ? Number(m[3]) : null,
    });
  }
  return { passed: check.value === 100, value: check.value, reason: first[1]!, steps };
}
