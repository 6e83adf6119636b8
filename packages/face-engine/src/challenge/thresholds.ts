// Thresholds of the challenge step detectors; README.md gives the reasoning.

export const CHALLENGE_THRESHOLDS = {
  /** Turn left / right: head yaw at least this many degrees from the baseline pose (after a 3-frame median). */
  turnDeg: 10,
  /** Look up: head pitch at least this many degrees above the baseline pose (after a 3-frame median). */
  lookUpDeg: 10,
  /** Baseline: the frames before the first step's window, at most this long (s); at least the first frame. */
  baselineMaxSec: 1.0,
} as const;

/** face_liveness of a clip whose challenge failed or expired is at most this (below the 50 decision point with a margin). */
export const CHALLENGE_FAILED_LIVENESS_CAP = 40;

/** Frames sampled when a challenge is checked and the caller did not choose (15 otherwise): ~4 per second over a 7-s clip. */
export const CHALLENGE_FRAMES = 30;

export type ChallengeThresholds = { [K in keyof typeof CHALLENGE_THRESHOLDS]: number };
