// The face engine's public contract. Other packages (the onboarding server,
// benches) code against these types; keep them stable.
import type { ChallengeResult, ChallengeSpec } from './challenge/types.js';

export type { ChallengeResult, ChallengeSpec, ChallengeStep, ChallengeStepKind, ChallengeStepResult } from './challenge/types.js';

/** One check in the Alice report style: a 0-100 value (null: not applicable) and a human detail. */
export interface Check {
  key: string;
  value: number | null;
  detail: string;
}

/** Per-frame face observation used by liveness: the 478-point mesh in pixel coordinates. */
export interface FaceFrame {
  /** Seconds from the start of the clip. */
  t: number;
  /** Face box in pixels [x, y, width, height]. */
  box: [number, number, number, number];
  /** 478 mesh points [x, y, z] in pixels (z relative depth, same scale as x). */
  mesh: Array<[number, number, number]>;
  /** Detector confidence 0-1. */
  score: number;
  /** Head rotation in radians, when the detector gives it. */
  rotation?: { yaw: number; pitch: number; roll: number };
  /** Blur measure of the face region (variance of the Laplacian on the grey crop, 0-∞). */
  sharpness?: number;
}

/** The main face followed across the sampled frames of a clip (frames without a face are absent). */
export interface FaceTrack {
  width: number;
  height: number;
  durationSec: number;
  /** Number of frames sampled from the clip (>= frames.length). */
  framesSampled: number;
  frames: FaceFrame[];
  /** Largest number of faces seen in any one frame. */
  maxFaces: number;
}

export interface LivenessResult {
  /** 0-100, >= 50 means live. */
  score: number;
  /** Evidence: which cues fired and how strongly. */
  checks: Check[];
  /** Each cue's raw measure (for benchmarks and review; null when not measured). Not part of any report. */
  measures?: Record<string, number | null>;
}

export interface DecodeLimits {
  /** Largest upload in bytes (default 25 MiB). */
  maxBytes?: number;
  /** Longest clip in seconds (default 15). */
  maxDurationSec?: number;
  /** Largest video frame in pixels, width × height (default 4096 × 2160). */
  maxPixels?: number;
  /** Largest still image in pixels (default 50 megapixels); larger photos are scaled down, not refused, up to this. */
  maxImagePixels?: number;
  /** Highest average frame rate of a video, frames per second (default 60). */
  maxFrameRate?: number;
  /** Most pixels a video may make the decoder produce, frames × width × height (default 1e9). */
  maxDecodePixels?: number;
}

export interface AnalyzeOptions extends DecodeLimits {
  /** Frames sampled evenly over the clip (default chosen by the engine). */
  frames?: number;
  /** Best frames described and averaged into the template (default 2 for a video, 1 for an image). */
  embedFrames?: number;
  /** Active liveness: steps the person was asked to do, with time windows; checked against the clip (see src/challenge). */
  challenge?: ChallengeSpec;
}

export interface Analysis {
  media: {
    kind: 'video' | 'image';
    format: string;
    width: number;
    height: number;
    durationSec: number;
    framesAnalyzed: number;
  };
  /** Largest number of faces seen in any one frame. */
  numberOfFaces: number;
  /** only_one_face, face_size, sharpness, frontal, liveness (+ liveness cue checks). */
  checks: Check[];
  /** face_liveness 0-100 (null for a still image: liveness needs motion). */
  liveness: number | null;
  /** The face template: each descriptor model's mean over the best frames, side by side (layout in template-format.ts). */
  template: Float32Array;
  /** Layout version of `template` (TEMPLATE_VERSION); templates of different versions are never compared. */
  templateVersion: number;
  /** JPEG of the best frame's face crop. */
  croppedFace: Buffer;
  /** Milliseconds per stage: decode, detect, embed, eyes (wait for the eyes pass), liveness, total. */
  timings: Record<string, number>;
  /** What was seen of the challenge, when one was given (a failed one caps `liveness` at CHALLENGE_FAILED_LIVENESS_CAP). */
  challenge?: ChallengeResult;
}

export type FaceEngineErrorCode =
  | 'NOT_A_VIDEO'
  | 'TOO_LONG'
  | 'TOO_LARGE'
  | 'CORRUPT_MEDIA'
  /** A video above maxFrameRate (refused before decoding). */
  | 'FRAME_RATE_TOO_HIGH'
  | 'NO_FACE'
  | 'QUEUE_FULL'
  | 'ENGINE_CLOSED'
  /** A fault inside the engine (a model or worker failure), not the caller's input. */
  | 'INTERNAL';

/** One decoded frame: tightly packed RGB24 pixels, `width * height * 3` bytes. */
export interface DecodedFrame {
  /** Seconds from the start of the clip. */
  t: number;
  rgb: Uint8Array;
}

/** Frames sampled evenly from a clip (or the single frame of an image), all the same size. */
export interface DecodedFrames {
  kind: 'video' | 'image';
  /** Container or image format as ffmpeg / sharp name it, e.g. `mov,mp4,m4a,3gp,3g2,mj2`, `matroska,webm`, `jpeg`. */
  format: string;
  /** Video codec (e.g. `h264`, `vp8`) or image format. */
  codec: string;
  /** Size of the decoded frames (after rotation and any downscale). */
  width: number;
  height: number;
  durationSec: number;
  frames: DecodedFrame[];
}
