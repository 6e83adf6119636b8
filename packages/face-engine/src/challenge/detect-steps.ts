// Every challenge action found in a face track: head turns and looking up
// from the 3-D mesh pose relative to the baseline, blinks, smiles and mouth
// openings from src/expressions (judged against the clip's own median).
import { detectExpressions, type ExpressionKind } from '../expressions/index.js';
import type { FaceFrame, FaceTrack } from '../types.js';
import { depthGain, headAxes, meanAxes, relativePoses, type RelativePose } from './head-pose.js';
import { CHALLENGE_THRESHOLDS, type ChallengeThresholds } from './thresholds.js';
import type { ChallengeStepKind, StepEvent } from './types.js';

const FROM_EXPRESSION: Record<ExpressionKind, ChallengeStepKind> = { blink: 'blink', mouth_open: 'open_mouth', smile: 'smile' };

/** Frames that set the neutral pose: those before `until` (s), at most `maxSec` after the first frame, at least one. */
export function baselineFrames(frames: readonly FaceFrame[], until: number, maxSec: number): FaceFrame[] {
  const t0 = frames[0]?.t ?? 0;
  const picked = frames.filter((f) => f.t < until && f.t <= t0 + maxSec);
  return picked.length ? picked : frames.slice(0, 1);
}

/** Median of each value with its neighbours: one misread frame never makes (or breaks) an action. */
function median3(v: readonly number[]): number[] {
  return v.map((x, k) => {
    const before = v[k - 1], after = v[k + 1];
    if (before === undefined || after === undefined) {
      // An edge frame has one neighbour: keep whichever of the two is nearer the baseline (0).
      const n = before ?? after;
      return n === undefined || Math.abs(x) <= Math.abs(n) ? x : n;
    }
    return [before, x, after].sort((p, q) => p - q)[1]!;
  });
}

function poseRuns(kind: ChallengeStepKind, poses: readonly RelativePose[], value: readonly number[], threshold: number): StepEvent[] {
  const out: StepEvent[] = [];
  let open: StepEvent | null = null;
  poses.forEach((p, k) => {
    const v = value[k]!;
    if (v >= threshold) {
      if (open) { open.end = p.t; open.strength = Math.max(open.strength, v / threshold); }
      else open = { kind, start: p.t, end: p.t, strength: v / threshold };
    } else if (open) { out.push(open); open = null; }
  });
  if (open) out.push(open);
  return out;
}

/** Head poses of the track relative to its baseline frames (degrees; + = the person's left / up). */
export function posesOf(track: FaceTrack, baselineUntil: number, t: ChallengeThresholds = CHALLENGE_THRESHOLDS): RelativePose[] {
  const base = baselineFrames(track.frames, baselineUntil, t.baselineMaxSec);
  const gain = depthGain(base);
  return relativePoses(track.frames, meanAxes(base.map((f) => headAxes(f, gain))), gain);
}

/** All actions in the clip, by time. `baselineUntil`: the neutral pose is taken from the frames before it. */
export function detectSteps(track: FaceTrack, baselineUntil: number, t: ChallengeThresholds = CHALLENGE_THRESHOLDS): StepEvent[] {
  if (track.frames.length === 0) return [];
  const poses = posesOf(track, baselineUntil, t);
  // Edge frames have one neighbour: they keep the value closer to the baseline of the two.
  const yaw = median3(poses.map((p) => p.yaw));
  const pitch = median3(poses.map((p) => p.pitch));
  const events: StepEvent[] = [
    ...poseRuns('turn_left', poses, yaw, t.turnDeg),
    ...poseRuns('turn_right', poses, yaw.map((y) => -y), t.turnDeg),
    ...poseRuns('look_up', poses, pitch, t.lookUpDeg),
    ...detectExpressions(track).events.map((e) => ({ kind: FROM_EXPRESSION[e.kind], start: e.start, end: e.end, strength: e.strength })),
  ];
  return events.sort((a, b) => a.start - b.start);
}
