// Active-liveness challenges of the self-hosted server (docs/CONTRACT.md): what is asked, and what was seen.
import type { IsoDate } from './types.js';

/** Challenge step kinds the self-hosted server draws from. */
export type ChallengeStepKind = 'turn_left' | 'turn_right' | 'look_up' | 'blink' | 'smile' | 'open_mouth';

/** An active-liveness challenge (self-hosted server): steps with windows in seconds from the recording's start. */
export interface Challenge {
  challenge_id: string;
  steps: Array<{ kind: ChallengeStepKind; start: number; end: number }>;
  expires_at: IsoDate;
}

/** What the self-hosted server saw of one challenge step. Times in seconds from the recording's start. */
export interface ChallengeStepResult {
  kind: ChallengeStepKind;
  /** The window the step was asked in. */
  window_start: number;
  window_end: number;
  /** The action was seen somewhere in the clip. */
  seen: boolean;
  /** When the matched action began; null when not seen. */
  at: number | null;
  /** How far past the detection threshold at its peak (1 = at the threshold); null when not seen. */
  strength: number | null;
  /** The action overlaps the window. */
  in_window: boolean;
  /** It came after the previous step's action. */
  in_order: boolean;
  passed: boolean;
}

/** What the self-hosted server saw of a challenge (`challenge` of a report selfie or an authentication). */
export interface ChallengeResult {
  passed: boolean;
  /** A sentence for the person: what was missing, late or out of order. */
  reason: string;
  /** In the order they were asked. */
  steps: ChallengeStepResult[];
}
