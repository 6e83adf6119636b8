// The template: descriptors of the few best frames of the track, averaged.
// Raw dlib scale (not L2-normalised) so the published Euclidean thresholds
// apply unchanged to distances between templates.
import type { Models } from '../models/registry.js';
import type { DecodedFrames, FaceFrame } from '../types.js';
import { describeFace, type Described } from './describe.js';
import { DECISION_DISTANCE, descriptorDistance } from '../match.js';

/** Frame quality for embedding: frontal, sharp, confident, big enough. */
export function frameQuality(f: FaceFrame): number {
  const yaw = Math.abs(f.rotation?.yaw ?? 0);
  const pitch = Math.abs(f.rotation?.pitch ?? 0);
  const frontal = Math.max(0.05, 1 - Math.max(yaw, pitch) / 0.8);
  const sharp = Math.min(1, Math.sqrt((f.sharpness ?? 250) / 250));
  const size = Math.min(1, Math.min(f.box[2], f.box[3]) / 120);
  return frontal * (0.3 + 0.7 * sharp) * (0.5 + 0.5 * size) * f.score;
}

export function bestFrames(frames: FaceFrame[], k: number): FaceFrame[] {
  return [...frames].sort((a, b) => frameQuality(b) - frameQuality(a)).slice(0, Math.max(1, k));
}

export interface Template {
  template: Float32Array;
  best: Described;
  bestFace: FaceFrame;
  used: number;
}

/**
 * Describes the best frame, then the next best ones until k agree with it:
 * a frame whose descriptor is farther than the decision distance from the
 * best one shows someone else (a stage clip cuts to the audience) and stays
 * out of the template. At most k + 2 frames are described.
 */
export async function buildTemplate(models: Models, decoded: DecodedFrames, tracked: FaceFrame[], k: number): Promise<Template> {
  const candidates = bestFrames(tracked, k + 2);
  const described: Described[] = [];
  let bestFace: FaceFrame | undefined;
  for (const face of candidates) {
    if (described.length >= k) break;
    const frame = decoded.frames.find((f) => f.t === face.t);
    if (!frame) continue;
    const d = await describeFace(models, { rgb: frame.rgb, width: decoded.width, height: decoded.height }, face, k === 1);
    const first = described[0];
    if (first && descriptorDistance(first.descriptor, d.descriptor) >= DECISION_DISTANCE) continue;
    described.push(d);
    bestFace ??= face;
  }
  const first = described[0];
  if (!first || !bestFace) throw new Error('No frame could be described.');
  const template = new Float32Array(first.descriptor.length);
  for (const d of described) for (let i = 0; i < template.length; i++) template[i] = (template[i] ?? 0) + (d.descriptor[i] ?? 0) / described.length;
  return { template, best: first, bestFace, used: described.length };
}
