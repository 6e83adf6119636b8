// The slice of @alice-face/face-engine the server uses, as structural types,
// so services can be handed any FaceEnginePool and the store stays free of
// engine imports. Error codes map to statuses in engine-errors.ts.
import type { ChallengeResult } from '@alice-face/face-engine/challenge-steps';

export interface Check {
  key: string;
  value: number | null;
  detail: string;
}

/** One step a person is asked to do, with its window in s from the clip's start. */
export interface ChallengeStepWindow {
  kind: string;
  start: number;
  end: number;
}

/** The engine's challenge input: steps with windows; `expired` fails it without looking. */
export interface ChallengeSpec {
  steps: ChallengeStepWindow[];
  expired?: boolean;
}

/** The engine's verdict on a challenge (`reason` is a sentence for the person): a type from the engine's model-free subpath. */
export type { ChallengeResult };

export interface FaceAnalysis {
  media: { kind: 'video' | 'image'; format: string; width: number; height: number; durationSec: number };
  numberOfFaces: number;
  checks: Check[];
  liveness: number | null;
  template: Float32Array;
  /** Layout version of `template`; stored with it, and only templates of one version are compared. */
  templateVersion: number;
  croppedFace: Buffer;
  /** Present when the analysis was given a challenge. */
  challenge?: ChallengeResult;
}

export interface FaceAnalyzer {
  analyze(input: string, opts?: { maxBytes?: number; challenge?: ChallengeSpec }): Promise<FaceAnalysis>;
  stats(): { size: number; busy: number; queued: number };
  ready(): Promise<void>;
  close(): Promise<void>;
}

export type MatchScore = (a: Float32Array, b: Float32Array) => number;

/** Scores at or above this pass; the same default threshold as the strategy's and the admin's. */
export const PASS_SCORE = 50;
