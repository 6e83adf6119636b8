// Cues read from the mesh alone: blinks (eye aspect ratio over time), head
// pose change and the face's overall motion. Cheap, and independent of the
// pixel-level planarity check.
import type { FaceTrack } from '../types.js';
import { faceScale, headAngles, LEFT_EYE, meanEar, RIGHT_EYE } from '../mesh/landmarks.js';
import { median, quantile } from '../math/stats.js';

export interface BlinkCue {
  /** Lowest eye aspect ratio over the clip divided by the median one (1: never closed; < 0.5: closed to under half its open height). */
  dip: number;
  openEar: number;
  /** Eye width in pixels (median): below ~15 px the lids are not resolved and the cue is not used. */
  eyeWidth: number;
}

export function blinkCue(track: FaceTrack): BlinkCue | null {
  const frames = track.frames;
  if (frames.length < 3) return null;
  const ears = frames.map(meanEar);
  const openEar = median(ears);
  const eyeWidth = median(frames.map((f) => {
    const w = (a: readonly number[]): number => Math.hypot(f.mesh[a[0]!]![0] - f.mesh[a[3]!]![0], f.mesh[a[0]!]![1] - f.mesh[a[3]!]![1]);
    return (w(RIGHT_EYE) + w(LEFT_EYE)) / 2;
  }));
  return { dip: openEar > 0 ? Math.min(...ears) / openEar : 1, openEar, eyeWidth };
}

export interface PoseCue {
  /** Range (10th to 90th percentile) of yaw and pitch in degrees. */
  yawRange: number;
  pitchRange: number;
}

export function poseCue(track: FaceTrack): PoseCue | null {
  if (track.frames.length < 3) return null;
  const a = track.frames.map(headAngles);
  const range = (v: number[]): number => ((quantile(v, 0.9) - quantile(v, 0.1)) * 180) / Math.PI;
  return { yawRange: range(a.map((x) => x.yaw)), pitchRange: range(a.map((x) => x.pitch)) };
}

export interface MotionCue {
  /** Median frame-to-frame movement of the face centre, over the face scale. */
  step: number;
  /** Median face scale (outer eye corner distance) in pixels. */
  scale: number;
}

export function motionCue(track: FaceTrack): MotionCue | null {
  const f = track.frames;
  if (f.length < 2) return null;
  const scale = median(f.map(faceScale));
  // Nose tip and eye corners: rigid points, steadier than the detector's box.
  const centre = (k: number): [number, number] => {
    const m = f[k]!.mesh;
    const pts = [m[1]!, m[33]!, m[263]!];
    return [pts.reduce((s, p) => s + p[0], 0) / 3, pts.reduce((s, p) => s + p[1], 0) / 3];
  };
  const steps: number[] = [];
  for (let k = 1; k < f.length; k++) {
    const a = centre(k - 1), b = centre(k);
    steps.push(Math.hypot(b[0] - a[0], b[1] - a[1]) / scale);
  }
  return { step: median(steps), scale };
}
