// Faces in every sampled frame of a clip, with the face detector (blazeface,
// the largest share of Human's time per frame) run on one frame in three.
// Between two detected frames Human re-meshes the box it derived from the
// previous frame's mesh (its own video tracking). Tracking alone failed on a
// camera cut: it kept meshing a chin with full confidence. So each tracked
// frame is checked against the detections on both sides of it, and the run
// is detected afresh when a face is not where they say (then the next frame
// too, so Human's cache continues from the right frame).
import type { HumanInstance } from '../models/human.js';
import type { DecodedFrame, DecodedFrames, FaceFrame } from '../types.js';
import { detectFrame } from './detect-frame.js';
import { padFrame, unpadFace } from './pad.js';

type Box = FaceFrame['box'];

function largest(faces: FaceFrame[]): Box | undefined {
  let best: FaceFrame | undefined;
  for (const f of faces) if (!best || f.box[2] * f.box[3] > best.box[2] * best.box[3]) best = f;
  return best?.box;
}

/**
 * True when `box` sits where the neighbours' boxes put it (linear between
 * them at `alpha`, or at `before` when there is no `after`): centre within
 * 20% of the face size, size within 25%.
 */
export function consistent(box: Box | undefined, before: Box | undefined, after: Box | undefined, alpha = 0.5): boolean {
  if (!box || !before) return false;
  const ref = after ?? before;
  const lerp = (a: number, b: number): number => a + (b - a) * alpha;
  const cx = lerp(before[0] + before[2] / 2, ref[0] + ref[2] / 2);
  const cy = lerp(before[1] + before[3] / 2, ref[1] + ref[3] / 2);
  const size = lerp(before[2], ref[2]);
  const moved = Math.hypot(box[0] + box[2] / 2 - cx, box[1] + box[3] / 2 - cy);
  const ratio = box[2] / size;
  return moved < 0.2 * size && ratio > 0.8 && ratio < 1.25;
}

/** The detector runs on one frame in DETECT_EVERY; Human tracks the ones between. */
export const DETECT_EVERY = 3;

export async function detectClip(human: HumanInstance, frames: DecodedFrames): Promise<FaceFrame[][]> {
  const { width, height } = frames;
  if (frames.kind === 'image') {
    return Promise.all(frames.frames.map(async (frame) => {
      // Tight portraits defeat the detector: detect on a copy with replicated borders.
      const pad = Math.round(0.25 * Math.max(width, height));
      const padded = padFrame(frame.rgb, width, height, pad);
      const found = await detectFrame(human, { t: frame.t, rgb: padded.rgb }, padded.width, padded.height, true);
      return found.map((f) => unpadFace(f, pad));
    }));
  }
  return detectVideoFrames(human, width, height, async (i) => frames.frames[i]);
}

/**
 * The video loop of detectClip over frames that may still be arriving:
 * `frameAt(i)` resolves with the i-th sampled frame, or undefined after the
 * last one. Only frames up to the current one are ever needed.
 */
export async function detectVideoFrames(
  human: HumanInstance,
  width: number,
  height: number,
  frameAt: (i: number) => Promise<DecodedFrame | undefined>,
): Promise<FaceFrame[][]> {
  const list: DecodedFrame[] = [];
  const all: FaceFrame[][] = [];
  const detect = async (i: number, fresh: boolean): Promise<void> => {
    all[i] = await detectFrame(human, list[i]!, width, height, fresh, i === 0);
  };
  /** Checks the tracked frames after `from` (a detected frame) up to `to`; re-detects them in order when one is off. */
  const settle = async (from: number, to: number, next: number | undefined): Promise<void> => {
    const before = largest(all[from]!);
    const after = next === undefined ? undefined : largest(all[next]!);
    let ok = true;
    for (let j = from + 1; j <= to && ok; j++) {
      ok = consistent(largest(all[j]!), before, after, next === undefined ? 0 : (j - from) / (next - from));
    }
    if (ok) return;
    for (let j = from + 1; j <= to; j++) await detect(j, true);
    if (next !== undefined) await detect(next, true);
  };
  let lastFresh = 0;
  for (let i = 0; ; i++) {
    const frame = await frameAt(i);
    if (!frame) break;
    list[i] = frame;
    const fresh = i % DETECT_EVERY === 0 || (all[i - 1]?.length ?? 0) === 0;
    await detect(i, fresh);
    if (fresh) {
      if (i - lastFresh > 1) await settle(lastFresh, i - 1, i);
      lastFresh = i;
    }
  }
  if (list.length - 1 > lastFresh) await settle(lastFresh, list.length - 1, undefined);
  return all;
}

/**
 * Detects the first frames of a clip on another thread with its own models
 * (the engine's helper): `frameAt(k)` is the k-th frame, undefined after the
 * last one it is given. Resolves with their faces as detectVideoFrames would
 * find them, or null when it could not (the caller then detects them).
 */
export type SecondDetector = (width: number, height: number, frameAt: (k: number) => Promise<DecodedFrame | undefined>) => Promise<FaceFrame[][] | null>;

/**
 * Where a clip of `frames` sampled frames is cut between a SecondDetector
 * (frames 0 to the cut) and this thread (the cut to the end): a multiple of
 * DETECT_EVERY, so the cut frame is one the single loop detects afresh, and
 * each part's result is the single loop's (see detectVideoFramesSplit).
 */
export const handOffAt = (frames: number): number => DETECT_EVERY * Math.floor(frames / (2 * DETECT_EVERY));

/**
 * detectVideoFrames with its work shared: frames 0 to `until` (inclusive) by
 * `second`, `until` to the end here, at the same time. The cut frame is
 * detected afresh by both: the first part checks its last tracked frames
 * against it, as the single loop does, and the second part starts from it,
 * with Human's tracking state made by that frame alone (a fresh detection
 * replaces Human's boxes), so both parts give the single loop's result.
 * This thread takes the later part: it waits for the cut frame with its event
 * loop free, so the decoder's output reaches the other thread at full speed.
 */
export async function detectVideoFramesSplit(
  human: HumanInstance,
  width: number,
  height: number,
  frameAt: (i: number) => Promise<DecodedFrame | undefined>,
  second: { until: number; detect: SecondDetector },
): Promise<FaceFrame[][]> {
  const { until } = second;
  const head = (k: number): Promise<DecodedFrame | undefined> => (k <= until ? frameAt(k) : Promise.resolve(undefined));
  const theirs = second.detect(width, height, head);
  theirs.catch(() => undefined);
  const tail = await detectVideoFrames(human, width, height, (k) => frameAt(until + k));
  const first = (await theirs.catch(() => null)) ?? (await detectVideoFrames(human, width, height, head));
  return tail.length === 0 ? first : [...first.slice(0, until), ...tail];
}
