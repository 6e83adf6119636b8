import type { ChallengeResult, ChallengeStepResult } from '../../server/api-types.js';

// The challenge of a selfie or a login (active liveness), as the
// onboarding server reports it structured, mapped to what ChallengeSteps
// shows: a label per step and what was seen of it.

export type StepOutcome = 'passed' | 'outside_window' | 'out_of_order' | 'not_seen';

export interface ChallengeStepView {
  index: number;
  kind: string;
  label: string;
  outcome: StepOutcome;
  /** When the action began (s from the start of the recording), when it was seen. */
  at: number | null;
  strength: number | null;
}

export interface ChallengeView {
  passed: boolean;
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

// The engine's order of judgement: not seen, else outside its window, else out of order.
function outcomeOf(s: ChallengeStepResult): StepOutcome {
  if (s.passed) return 'passed';
  if (!s.seen) return 'not_seen';
  return s.in_window ? 'out_of_order' : 'outside_window';
}

/** The view of a challenge result, or null when there was none. */
export function challengeView(result: ChallengeResult | null | undefined): ChallengeView | null {
  if (!result) return null;
  return {
    passed: result.passed,
    reason: result.reason,
    steps: result.steps.map((s, k) => ({
      index: k + 1,
      kind: s.kind,
      label: LABELS[s.kind] ?? s.kind,
      outcome: outcomeOf(s),
      at: s.at,
      strength: s.strength,
    })),
  };
}
