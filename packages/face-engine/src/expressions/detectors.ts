// Blink, open-mouth and smile detectors over a face track, each judged
// against the person's own baseline in the same clip (the median frame), so
// they hold for any face shape, camera distance or frame rate. Used by the
// passive liveness (blinks) and by the active challenges.
// A frame whose rigid points do not fit the clip's median face (the mesh
// model misread it) is skipped by every detector.
import { median } from '../math/stats.js';
import type { FaceFrame, FaceTrack } from '../types.js';
import { faceMeasures, type FaceMeasures } from './measures.js';
import { nonRigidMotion } from './rigid.js';

/** Thresholds; README.md ("Expression detectors") gives the reasoning and margins. */
export const EXPRESSION_THRESHOLDS = {
  /** Blink: mean eye aspect ratio of both eyes at or under this fraction of its clip median. */
  blinkRatio: 0.55,
  /** Open mouth: mouth aspect ratio at least this much above its clip median (lips apart by a fifth of the mouth's width). */
  mouthOpenRise: 0.2,
  /** Smile: mouth width at least this multiple of its clip median. */
  smileRatio: 1.22,
  /** Frames whose rigid points sit further than this (over the eye-corner distance) from the median face are not judged. */
  maxRigidError: 0.03,
  /** Eyes narrower than this many pixels do not resolve the lids: no blink is judged. */
  minEyeWidthPx: 15,
} as const;

export type ExpressionKind = 'blink' | 'mouth_open' | 'smile';

export interface ExpressionEvent {
  kind: ExpressionKind;
  /** Time of the first and last sampled frame of the run (s). */
  start: number;
  end: number;
  /** How far past the threshold at the run's peak: 1 = just at it, 2 = twice as far from the baseline. */
  strength: number;
}

export interface ExpressionReport {
  events: ExpressionEvent[];
  /** The clip medians the detectors compare against. */
  baseline: FaceMeasures;
  /** Frames judged (reliable mesh) out of the track's frames. */
  judged: number;
}

function eyeWidth(f: FaceFrame): number {
  const w = (a: number, b: number): number => Math.hypot(f.mesh[a]![0] - f.mesh[b]![0], f.mesh[a]![1] - f.mesh[b]![1]);
  return (w(33, 133) + w(362, 263)) / 2;
}

/** Runs of consecutive judged frames where `over` is positive; strength is 1 + the peak of `over`. */
function runs(kind: ExpressionKind, frames: readonly FaceFrame[], ok: boolean[], over: number[]): ExpressionEvent[] {
  const out: ExpressionEvent[] = [];
  let open: ExpressionEvent | null = null;
  for (let k = 0; k < frames.length; k++) {
    const on = ok[k]! && over[k]! >= 0;
    if (on && open) { open.end = frames[k]!.t; open.strength = Math.max(open.strength, 1 + over[k]!); }
    else if (on) open = { kind, start: frames[k]!.t, end: frames[k]!.t, strength: 1 + over[k]! };
    else if (ok[k] && open) { out.push(open); open = null; }
  }
  if (open) out.push(open);
  return out;
}

/** Blinks, mouth openings and smiles seen in the track's sampled frames, in time order per kind. */
export function detectExpressions(track: FaceTrack, t = EXPRESSION_THRESHOLDS): ExpressionReport {
  const frames = track.frames;
  const m = frames.map(faceMeasures);
  const ear = m.map((x) => (x.earRight + x.earLeft) / 2);
  const baseline: FaceMeasures = {
    earRight: median(m.map((x) => x.earRight)),
    earLeft: median(m.map((x) => x.earLeft)),
    mar: median(m.map((x) => x.mar)),
    mouthWidth: median(m.map((x) => x.mouthWidth)),
  };
  if (frames.length < 3) return { events: [], baseline, judged: 0 };
  const rigid = nonRigidMotion(frames);
  const ok = rigid.map((r) => r.rigid <= t.maxRigidError);
  const openEar = median(ear);
  const eyesResolved = median(frames.map(eyeWidth)) >= t.minEyeWidthPx;
  // "over" is the distance past the threshold in units of the threshold's own distance from the baseline (≥ 0: detected).
  const blink = ear.map((e) => (eyesResolved ? (t.blinkRatio - e / openEar) / (1 - t.blinkRatio) : -1));
  const mouth = m.map((x) => (x.mar - baseline.mar - t.mouthOpenRise) / t.mouthOpenRise);
  const smile = m.map((x) => (x.mouthWidth / baseline.mouthWidth - t.smileRatio) / (t.smileRatio - 1));
  const events = [...runs('blink', frames, ok, blink), ...runs('mouth_open', frames, ok, mouth), ...runs('smile', frames, ok, smile)];
  return { events, baseline, judged: ok.filter(Boolean).length };
}
