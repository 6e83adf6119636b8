// Did the clip show the challenge's steps, in order, each in its window?
// Each step takes the earliest action of its kind that overlaps its window
// and begins no earlier than the previous step's action.
import type { Check, FaceTrack } from '../types.js';
import { detectSteps } from './detect-steps.js';
import { CHALLENGE_THRESHOLDS, type ChallengeThresholds } from './thresholds.js';
import type { ChallengeResult, ChallengeSpec, ChallengeStepKind, ChallengeStepResult, StepEvent } from './types.js';

/** What the person was asked, in words (used in reasons and by the capture prompt). */
export const STEP_LABELS: Record<ChallengeStepKind, string> = {
  turn_left: 'turn your head left',
  turn_right: 'turn your head right',
  look_up: 'look up',
  blink: 'blink',
  smile: 'smile',
  open_mouth: 'open your mouth',
};

const overlaps = (e: StepEvent, start: number, end: number): boolean => e.end >= start && e.start <= end;
const secs = (t: number): string => `${t.toFixed(1)} s`;

function judgeStep(step: ChallengeSpec['steps'][number], events: readonly StepEvent[], after: number): ChallengeStepResult {
  const own = events.filter((e) => e.kind === step.kind);
  const inWindow = own.filter((e) => overlaps(e, step.start, step.end));
  const ok = inWindow.find((e) => e.start >= after);
  const pick = ok ?? inWindow[0] ?? own[0];
  return {
    kind: step.kind,
    start: step.start,
    end: step.end,
    seen: pick !== undefined,
    at: pick ? pick.start : null,
    strength: pick ? Math.round(pick.strength * 100) / 100 : null,
    inWindow: inWindow.length > 0,
    inOrder: ok !== undefined || (inWindow.length === 0 && pick !== undefined && pick.start >= after),
    passed: ok !== undefined,
  };
}

function reasonOf(steps: readonly ChallengeStepResult[]): string {
  const bad = steps.findIndex((s) => !s.passed);
  if (bad < 0) return `All ${steps.length} steps were seen in order, each in time.`;
  const s = steps[bad]!;
  const what = `Step ${bad + 1} (${STEP_LABELS[s.kind]})`;
  if (!s.seen) return `${what} was not seen.`;
  if (!s.inWindow) return `${what} was seen at ${secs(s.at!)}, outside its time (${secs(s.start)} to ${secs(s.end)}).`;
  return `${what} was seen before the step asked ahead of it: the steps were out of order.`;
}

/** The clip's track against the challenge. An expired challenge fails without looking. */
export function checkChallenge(track: FaceTrack, spec: ChallengeSpec, t: ChallengeThresholds = CHALLENGE_THRESHOLDS): ChallengeResult {
  if (spec.expired) {
    const steps = spec.steps.map((s) => ({ kind: s.kind, start: s.start, end: s.end, seen: false, at: null, strength: null, inWindow: false, inOrder: false, passed: false }));
    return { passed: false, reason: 'The challenge expired before the video was sent.', steps };
  }
  const firstStart = Math.min(...spec.steps.map((s) => s.start));
  const events = detectSteps(track, firstStart, t);
  const steps: ChallengeStepResult[] = [];
  let after = -Infinity;
  for (const step of spec.steps) {
    const r = judgeStep(step, events, after);
    steps.push(r);
    if (r.passed) after = r.at!;
  }
  const passed = steps.length > 0 && steps.every((s) => s.passed);
  return { passed, reason: steps.length ? reasonOf(steps) : 'The challenge has no steps.', steps };
}

/** The `challenge` check of an analysis: 100 when every step passed, else the share of steps passed (always < 50 on failure). */
export function challengeCheck(result: ChallengeResult): Check {
  const ok = result.steps.filter((s) => s.passed).length;
  const value = result.passed ? 100 : Math.round((40 * ok) / Math.max(1, result.steps.length));
  const seen = result.steps.map((s) => `${s.kind} ${s.passed ? `at ${secs(s.at!)} (strength ${s.strength})` : s.seen ? 'late or out of order' : 'not seen'}`).join('; ');
  return { key: 'challenge', value, detail: `${result.reason} ${seen}.` };
}
