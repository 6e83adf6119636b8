// The slice of @alice-face/face-engine the server uses: the engine's own types,
// narrowed to what the services read, so any FaceEnginePool (or the queue's
// workers) can stand behind FaceAnalyzer. Error codes map to statuses in engine-errors.ts.
import type { Analysis, ChallengeResult, ChallengeSpec, ChallengeStep, Check } from '@alice-face/face-engine';

// Types only (erased at run time): an API process in queue mode loads no engine code.
export type { ChallengeResult, ChallengeSpec, Check };

/** One step a person is asked to do, with its window in s from the clip's start. */
export type ChallengeStepWindow = ChallengeStep;

/** What the server uses of an analysis (the engine's, without its timings and frame count). */
export type FaceAnalysis = Omit<Analysis, 'timings' | 'media'> & { media: Omit<Analysis['media'], 'framesAnalyzed'> };

export interface FaceAnalyzer {
  analyze(input: string, opts?: { maxBytes?: number; challenge?: ChallengeSpec }): Promise<FaceAnalysis>;
  stats(): { size: number; busy: number; queued: number };
  ready(): Promise<void>;
  close(): Promise<void>;
}

export type MatchScore = (a: Float32Array, b: Float32Array) => number;

/** Scores at or above this pass; the same default threshold as the strategy's and the admin's. */
export const PASS_SCORE = 50;
