// Decode a clip and follow its main face across the sampled frames: the
// FaceTrack that liveness, the checks and the embedding all start from.
import { decodeMedia } from './decode/decode-media.js';
import { FrameFeed } from './decode/frame-feed.js';
import { prepareRegion, type PreparedRegion, type RegionFrames } from './decode/region.js';
import { stageMedia } from './decode/stage.js';
import { detectClip, detectVideoFrames, detectVideoFramesSplit, handOffAt, type SecondDetector } from './detect/detect-clip.js';
import { resolveLimits } from './decode/limits.js';
import { eyeRegionOf } from './liveness/eye-activity.js';
import { loadModels, type Models } from './models/registry.js';
import type { AnalyzeOptions, DecodedFrames, FaceFrame, FaceTrack } from './types.js';

export interface TrackResult {
  track: FaceTrack;
  frames: DecodedFrames;
  /** Faces seen in each sampled frame (same order as frames.frames). */
  faceCounts: number[];
  timings: { decode: number; detect: number };
  /**
   * Every frame of the eyes' region (the blink and glance cue of liveness), read by a second ffmpeg pass that
   * starts beside the decoding, is given its region when the track is known and runs while the caller goes on;
   * null for a still image, a face too small or too few frames with a face, or when that pass fails. Never rejects.
   */
  eyes: Promise<RegionFrames | null>;
}

function iou(a: FaceFrame['box'], b: FaceFrame['box']): number {
  const x1 = Math.max(a[0], b[0]);
  const y1 = Math.max(a[1], b[1]);
  const x2 = Math.min(a[0] + a[2], b[0] + b[2]);
  const y2 = Math.min(a[1] + a[3], b[1] + b[3]);
  const inter = Math.max(0, x2 - x1) * Math.max(0, y2 - y1);
  return inter / (a[2] * a[3] + b[2] * b[3] - inter || 1);
}

/** The largest face, preferring one that continues the previous frame's main face. */
function pickMain(faces: FaceFrame[], previous: FaceFrame | undefined): FaceFrame | undefined {
  let best: FaceFrame | undefined;
  let bestScore = -1;
  for (const f of faces) {
    const continuity = previous && iou(previous.box, f.box) > 0.3 ? 2 : 1;
    const s = f.box[2] * f.box[3] * continuity;
    if (s > bestScore) {
      best = f;
      bestScore = s;
    }
  }
  return best;
}

// Human keeps tracking state between frames (per thread, like the models),
// so clips are tracked one at a time even when analyses overlap.
let turn: Promise<unknown> = Promise.resolve();
function oneAtATime<T>(work: () => Promise<T>): Promise<T> {
  const run = turn.then(work, work);
  turn = run.catch(() => undefined);
  return run;
}

/** The main face per frame from every frame's faces (same order as frames.frames). */
function assembleTrack(frames: DecodedFrames, perFrame: FaceFrame[][]): Pick<TrackResult, 'track' | 'faceCounts'> {
  const tracked: FaceFrame[] = [];
  const faceCounts: number[] = [];
  let previous: FaceFrame | undefined;
  for (const faces of perFrame) {
    faceCounts.push(faces.length);
    const main = pickMain(faces, previous);
    if (main) {
      tracked.push(main);
      previous = main;
    }
  }
  return {
    track: {
      width: frames.width,
      height: frames.height,
      durationSec: frames.durationSec,
      framesSampled: frames.frames.length,
      frames: tracked,
      maxFaces: faceCounts.reduce((m, c) => Math.max(m, c), 0),
    },
    faceCounts,
  };
}

export async function trackDecoded(models: Models, frames: DecodedFrames): Promise<Pick<TrackResult, 'track' | 'faceCounts'>> {
  return assembleTrack(frames, await oneAtATime(() => detectClip(models.human, frames)));
}

/** Detection over a clip's frames while they are still being decoded (their times are filled in afterwards). */
async function detectFed(models: Models, feed: FrameFeed, frames: number, second?: SecondDetector): Promise<FaceFrame[][]> {
  const first = await feed.at(0);
  if (!first) return [];
  const frameAt = async (i: number) => {
    const f = await feed.at(i);
    return f && { t: 0, rgb: f.rgb };
  };
  const until = handOffAt(frames);
  return second && until > 0
    ? detectVideoFramesSplit(models.human, first.width, first.height, frameAt, { until, detect: second })
    : detectVideoFrames(models.human, first.width, first.height, frameAt);
}

/**
 * The eyes' region of every frame of a clip (see TrackResult.eyes), read by `source`: a pass started early with
 * prepareRegion (cancelled here when there is nothing to read), or the file at a path.
 */
export async function readEyes(source: string | PreparedRegion | null, track: FaceTrack, frames: DecodedFrames): Promise<RegionFrames | null> {
  const request = frames.kind === 'video' ? eyeRegionOf(track) : null;
  if (!request || source === null) {
    if (source !== null && typeof source !== 'string') await source.cancel();
    return null;
  }
  try {
    const pass = typeof source === 'string' ? prepareRegion(source) : source;
    return await pass.read(frames, request.region, request.resolution);
  } catch {
    return null; // the clip's sampled frames were read; without this pass liveness does without the eye cue
  }
}

/** `second`: detect the first frames of a clip there at the same time (the engine's helper thread; see handOffAt). */
export async function trackMedia(input: Buffer | string, opts: AnalyzeOptions = {}, models?: Models, withEyes = true, second?: SecondDetector): Promise<TrackResult> {
  const staged = await stageMedia(input, opts);
  // The eyes' pass starts once the decoder is decoding (the limits held) and waits for its region, known once the face
  // is tracked: its start-up overlaps the decoding.
  const eyesPass: { pass: PreparedRegion | null } = { pass: null };
  const path = withEyes ? staged.path : null;
  const startEyes = path ? (): void => {
    try {
      eyesPass.pass = prepareRegion(path);
    } catch {
      // not a readable video: the decoding pass reports why
    }
  } : undefined;
  let result: Omit<TrackResult, 'eyes'>;
  try {
    result = await trackStaged(staged.input, opts, models, second, startEyes);
  } catch (err) {
    await eyesPass.pass?.cancel();
    await staged.release();
    throw err;
  }
  // `eyes` settles once the temporary copy is gone: an analysis that awaited it leaves nothing behind.
  const read = readEyes(eyesPass.pass, result.track, result.frames);
  const eyes = read.then(async (r) => { await staged.release().catch(() => undefined); return r; });
  return { ...result, eyes };
}

async function trackStaged(input: Buffer | Uint8Array | string, opts: AnalyzeOptions, models?: Models, second?: SecondDetector, started?: () => void): Promise<Omit<TrackResult, 'eyes'>> {
  const loaded = models ?? (await loadModels());
  const t0 = performance.now();
  // ffmpeg decodes in its own process: detecting each frame as it arrives overlaps the two.
  const feed = new FrameFeed();
  const decoding = decodeMedia(input, opts, { frame: (i, rgb, w, h) => feed.push(i, rgb, w, h), ...(started ? { started } : {}) }).finally(() => feed.end());
  const fed = oneAtATime(() => detectFed(loaded, feed, resolveLimits(opts).frames, second));
  fed.catch(() => undefined); // a detector fault surfaces below, after decoding; never as an unhandled rejection
  let frames: DecodedFrames;
  try {
    frames = await decoding;
  } catch (err) {
    await fed.catch(() => undefined);
    throw err;
  }
  const t1 = performance.now();
  let perFrame = await fed;
  if (frames.kind !== 'video' || perFrame.length !== frames.frames.length) {
    // A still (padded detection) or a stream that did not deliver every frame: detect the decoded frames.
    perFrame = await oneAtATime(() => detectClip(loaded.human, frames));
  } else {
    perFrame.forEach((faces, i) => { for (const f of faces) f.t = frames.frames[i]!.t; });
  }
  const { track, faceCounts } = assembleTrack(frames, perFrame);
  const t2 = performance.now();
  // With the overlap, `detect` is the detection time left after decoding ended.
  return { track, frames, faceCounts, timings: { decode: Math.round(t1 - t0), detect: Math.round(t2 - t1) } };
}

/**
 * Decode a clip (evenly sampled frames, default 15) and follow its main face
 * with Human's 478-point mesh. Frames where no face is found are left out of
 * `track.frames`. Rejects with FaceEngineError for unreadable or oversize
 * media; an empty track (no face) is not an error here.
 */
export async function extractFaceTrack(
  input: Buffer | string,
  opts?: AnalyzeOptions,
): Promise<{ track: FaceTrack; frames: DecodedFrames; eyes: RegionFrames | null }> {
  const { track, frames, eyes } = await trackMedia(input, opts);
  return { track, frames, eyes: await eyes };
}
