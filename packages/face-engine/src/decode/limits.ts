import type { AnalyzeOptions } from '../types.js';

export interface ResolvedLimits {
  maxBytes: number;
  maxDurationSec: number;
  maxPixels: number;
  /** Still images up to this many pixels are scaled down; larger ones are refused (decompression bombs). */
  maxImagePixels: number;
  frames: number;
  /** Decoded frames are downscaled to fit this many pixels on the long side. */
  maxSide: number;
  /** Highest average frame rate of a video (frames counted by the demuxer over its duration). */
  maxFrameRate: number;
  /** Most pixels a video may make ffmpeg decode: frames × width × height (every frame up to the last sampled one is decoded). */
  maxDecodePixels: number;
}

export const DEFAULT_LIMITS: ResolvedLimits = {
  maxBytes: 25 * 1024 * 1024,
  maxDurationSec: 15,
  maxPixels: 4096 * 2160,
  maxImagePixels: 50_000_000,
  frames: 15,
  maxSide: 720,
  maxFrameRate: 60,
  // 1920x1080 at 30 fps for 16 s; a 3840x2160 clip at 30 fps gets 4 s.
  maxDecodePixels: 1_000_000_000,
};

/** CPU seconds (kernel-enforced) and wall-clock ms of one upload's ffmpeg runs: the demux pass, then the decode. */
export const FFMPEG_BUDGET = { inspect: { cpuSeconds: 5, timeoutMs: 15_000 }, decode: { cpuSeconds: 20, timeoutMs: 30_000 } };

export function resolveLimits(opts: AnalyzeOptions = {}): ResolvedLimits {
  const pick = (v: number | undefined, d: number): number => (v === undefined || !Number.isFinite(v) || v <= 0 ? d : v);
  return {
    maxBytes: pick(opts.maxBytes, DEFAULT_LIMITS.maxBytes),
    maxDurationSec: pick(opts.maxDurationSec, DEFAULT_LIMITS.maxDurationSec),
    maxPixels: pick(opts.maxPixels, DEFAULT_LIMITS.maxPixels),
    maxImagePixels: pick(opts.maxImagePixels, DEFAULT_LIMITS.maxImagePixels),
    frames: Math.min(120, Math.max(1, Math.round(pick(opts.frames, DEFAULT_LIMITS.frames)))),
    maxSide: DEFAULT_LIMITS.maxSide,
    maxFrameRate: pick(opts.maxFrameRate, DEFAULT_LIMITS.maxFrameRate),
    maxDecodePixels: pick(opts.maxDecodePixels, DEFAULT_LIMITS.maxDecodePixels),
  };
}

/** Output size: rotated size scaled down (never up) to fit maxSide, at least 2 px. */
export function fitSize(width: number, height: number, maxSide: number): { width: number; height: number } {
  const scale = Math.min(1, maxSide / Math.max(width, height));
  return { width: Math.max(2, Math.round(width * scale)), height: Math.max(2, Math.round(height * scale)) };
}
