export { checkChallenge, challengeCheck, STEP_LABELS } from './check.js';
export { detectSteps, posesOf } from './detect-steps.js';
export { CHALLENGE_THRESHOLDS, CHALLENGE_FAILED_LIVENESS_CAP, CHALLENGE_FRAMES } from './thresholds.js';
export { CHALLENGE_STEP_KINDS } from './types.js';
export type { ChallengeResult, ChallengeSpec, ChallengeStep, ChallengeStepKind, ChallengeStepResult, StepEvent } from './types.js';
