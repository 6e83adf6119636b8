// Quality checks in the Alice report style: each 0-100 with a detail a
// reviewer can read. Thresholds are documented in the README.
import type { Check, FaceFrame, FaceTrack } from '../types.js';

const clamp = (v: number): number => Math.round(Math.max(0, Math.min(100, v)));
const deg = (rad: number): number => Math.round((Math.abs(rad) * 180) / Math.PI);

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] ?? 0) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
}

export function onlyOneFaceCheck(faceCounts: number[]): Check {
  const withFace = faceCounts.filter((c) => c > 0).length;
  const single = faceCounts.filter((c) => c === 1).length;
  const most = Math.max(0, ...faceCounts);
  if (most <= 1) return { key: 'only_one_face', value: 100, detail: `One face in ${single} of ${faceCounts.length} frames.` };
  const crowded = faceCounts.filter((c) => c > 1).length;
  return {
    key: 'only_one_face',
    value: clamp((100 * single) / Math.max(1, withFace) - 50),
    detail: `Up to ${most} faces seen; more than one face in ${crowded} of ${faceCounts.length} frames.`,
  };
}

/** Face height as a share of the frame height: 30% or more (and 120 px) is full marks. */
export function faceSizeCheck(track: FaceTrack): Check {
  const heights = track.frames.map((f) => faceHeight(f));
  const h = median(heights);
  const share = h / track.height;
  return {
    key: 'face_size',
    value: clamp(Math.min((100 * share) / 0.3, (100 * h) / 120)),
    detail: `The face is ${Math.round(share * 100)}% of the frame height (${Math.round(h)} px).`,
  };
}

function faceHeight(f: FaceFrame): number {
  let top = Infinity;
  let bottom = -Infinity;
  for (const p of f.mesh) {
    top = Math.min(top, p[1]);
    bottom = Math.max(bottom, p[1]);
  }
  return Number.isFinite(top) ? bottom - top : f.box[3];
}

/** Laplacian variance of the face at 112 px: 250 or more is full marks, square-root scale below. */
export function sharpnessCheck(track: FaceTrack): Check {
  const v = median(track.frames.map((f) => f.sharpness ?? 0));
  return {
    key: 'sharpness',
    value: clamp(100 * Math.sqrt(Math.min(1, v / 250))),
    detail: `Median Laplacian variance of the face ${Math.round(v)} (250 or more is sharp).`,
  };
}

/** Median head pose: 0 degrees is 100, 45 degrees of yaw or pitch is 0. */
export function frontalCheck(track: FaceTrack): Check {
  const yaw = median(track.frames.map((f) => Math.abs(f.rotation?.yaw ?? 0)));
  const pitch = median(track.frames.map((f) => Math.abs(f.rotation?.pitch ?? 0)));
  return {
    key: 'frontal',
    value: clamp(100 * (1 - Math.max(yaw, pitch) / (Math.PI / 4))),
    detail: `Head turned ${deg(yaw)}° (yaw) and tilted ${deg(pitch)}° (pitch) at the median frame.`,
  };
}
