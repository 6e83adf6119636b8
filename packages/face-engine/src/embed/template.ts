// The template: descriptors of a few good frames of the track, averaged per
// model. Good means a quality gate (big enough, turned less than ~26°, eyes
// open, not much blurrier than the sharpest frame) and then the best quality
// score, spread over the clip so one lucky or unlucky moment does not decide.
import { eyeAspectRatio, LEFT_EYE, RIGHT_EYE } from '../mesh/landmarks.js';
import { partialMatchScore } from '../match.js';
import type { Models } from '../models/registry.js';
import { packTemplate, TEMPLATE_PARTS, type TemplateParts } from '../template-format.js';
import type { DecodedFrames, FaceFrame } from '../types.js';
import { describeFace, describeFaceresBatch, type Described } from './describe.js';

/** Quality gate: head turn or tilt (radians), eye aspect ratio (open ≈ 0.25-0.35), face height (px), sharpness relative to the sharpest frame. */
export const TEMPLATE_GATE = { maxAngle: 0.45, minEyeAspect: 0.17, minFacePx: 64, minRelativeSharpness: 0.25 } as const;

/** Frame quality for embedding: frontal, sharp, confident, big enough. */
export function frameQuality(f: FaceFrame): number {
  const yaw = Math.abs(f.rotation?.yaw ?? 0);
  const pitch = Math.abs(f.rotation?.pitch ?? 0);
  const frontal = Math.max(0.05, 1 - Math.max(yaw, pitch) / 0.8);
  const sharp = Math.min(1, Math.sqrt((f.sharpness ?? 250) / 250));
  const size = Math.min(1, Math.min(f.box[2], f.box[3]) / 120);
  return frontal * (0.3 + 0.7 * sharp) * (0.5 + 0.5 * size) * f.score;
}

export function passesGate(f: FaceFrame, sharpest: number): boolean {
  const angle = Math.max(Math.abs(f.rotation?.yaw ?? 0), Math.abs(f.rotation?.pitch ?? 0));
  const eyes = Math.min(eyeAspectRatio(f, LEFT_EYE), eyeAspectRatio(f, RIGHT_EYE));
  return (
    angle <= TEMPLATE_GATE.maxAngle &&
    eyes >= TEMPLATE_GATE.minEyeAspect &&
    f.box[3] >= TEMPLATE_GATE.minFacePx &&
    (f.sharpness ?? 0) >= TEMPLATE_GATE.minRelativeSharpness * sharpest
  );
}

/**
 * Up to `n` candidate frames: those passing the gate (all frames when none
 * does, so a single photo is always described), best quality first, each
 * at least `spacing` seconds from the ones already taken while that is
 * possible.
 */
export function bestFrames(frames: FaceFrame[], n: number, spacing = 0): FaceFrame[] {
  const sharpest = Math.max(0, ...frames.map((f) => f.sharpness ?? 0));
  const gated = frames.filter((f) => passesGate(f, sharpest));
  const pool = (gated.length ? gated : frames).slice().sort((a, b) => frameQuality(b) - frameQuality(a));
  const picked: FaceFrame[] = [];
  for (const f of pool) if (picked.length < n && picked.every((p) => Math.abs(p.t - f.t) >= spacing)) picked.push(f);
  for (const f of pool) if (picked.length < n && !picked.includes(f)) picked.push(f);
  return picked;
}

/** Whether two frames' descriptors show one person, on the models both have. */
function sameFace(a: Described, b: Described): boolean {
  return partialMatchScore(a.descriptors, b.descriptors) >= 50;
}

export interface Template {
  template: Float32Array;
  best: Described;
  bestFace: FaceFrame;
  used: number;
}

/** Each model's mean over the frames that have it (cosine models: of unit vectors). */
export function averageDescriptors(described: Described[]): TemplateParts {
  const parts = {} as TemplateParts;
  for (const p of TEMPLATE_PARTS) {
    const sum = new Float32Array(p.length);
    const have = described.map((d) => d.descriptors[p.name]).filter((v): v is Float32Array => v !== undefined);
    if (have.length === 0) throw new Error(`No frame has a ${p.name} descriptor.`);
    for (const v of have) {
      let norm = 1;
      if (p.metric === 'cosine') norm = Math.sqrt(v.reduce((s, x) => s + x * x, 0)) || 1;
      for (let i = 0; i < p.length; i++) sum[i] = (sum[i] ?? 0) + (v[i] ?? 0) / norm / have.length;
    }
    parts[p.name] = sum;
  }
  return parts;
}

/**
 * Describes the best frame, then the next ones until k agree with it on
 * dlib and MobileFace: a frame that does not match the best one (someone
 * else, as when a stage clip cuts to the audience) stays out of the
 * template. At most k + 2 frames are described; faceres, the costliest net,
 * then runs once on the k frames kept.
 */
export async function buildTemplate(models: Models, decoded: DecodedFrames, tracked: FaceFrame[], k: number): Promise<Template> {
  const candidates = bestFrames(tracked, k + 2, decoded.durationSec / (k + 1));
  const described: Described[] = [];
  let bestFace: FaceFrame | undefined;
  for (const face of candidates) {
    if (described.length >= k) break;
    const frame = decoded.frames.find((f) => f.t === face.t);
    if (!frame) continue;
    const first = described[0];
    const d = await describeFace(models, { rgb: frame.rgb, width: decoded.width, height: decoded.height }, face, k === 1, k === 1 ? 'now' : 'later');
    if (first && !sameFace(first, d)) continue;
    described.push(d);
    bestFace ??= face;
  }
  const first = described[0];
  if (!first || !bestFace) throw new Error('No frame could be described.');
  await describeFaceresBatch(models, described);
  return { template: packTemplate(averageDescriptors(described)), best: first, bestFace, used: described.length };
}
