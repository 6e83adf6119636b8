// The challenge a person is asked to follow while recording, and what the
// engine saw of it. Times are seconds from the start of the recording.

export type ChallengeStepKind = 'turn_left' | 'turn_right' | 'look_up' | 'blink' | 'smile' | 'open_mouth';

export const CHALLENGE_STEP_KINDS: readonly ChallengeStepKind[] = ['turn_left', 'turn_right', 'look_up', 'blink', 'smile', 'open_mouth'];

/** One step: what to do, and the time window (s from the start of the clip) in which it must be seen. */
export interface ChallengeStep {
  kind: ChallengeStepKind;
  start: number;
  end: number;
}

export interface ChallengeSpec {
  /** In the order they were asked; distinct kinds. */
  steps: ChallengeStep[];
  /** The issuer says it was used after its expiry: reported as failed without looking. */
  expired?: boolean;
}

/** One action found in the clip. */
export interface StepEvent {
  kind: ChallengeStepKind;
  /** First and last sampled frame of the action (s). */
  start: number;
  end: number;
  /** How far past the threshold at its peak: 1 = at the threshold, 2 = twice as far from the person's baseline. */
  strength: number;
}

export interface ChallengeStepResult {
  kind: ChallengeStepKind;
  /** The window it was asked in. */
  start: number;
  end: number;
  /** The action was seen somewhere in the clip. */
  seen: boolean;
  /** When the matched action began (s), null when not seen. */
  at: number | null;
  strength: number | null;
  /** The action overlaps the step's window. */
  inWindow: boolean;
  /** It came after the previous step's action. */
  inOrder: boolean;
  passed: boolean;
}

export interface ChallengeResult {
  passed: boolean;
  /** A sentence a person understands: what was missing, late or out of order. */
  reason: string;
  steps: ChallengeStepResult[];
}
