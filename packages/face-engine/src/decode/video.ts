// Videos through ffmpeg: only the containers sniff.ts accepts, with their
// demuxer forced and ffmpeg kept on the one file (inputArgs); a demux-only
// pass reads the stream and counts its frames, the limits (size, duration,
// frame rate, decode cost, codec) are enforced on that, then N evenly spaced
// frames are decoded to raw RGB24 on stdout, by an ffmpeg started beside the
// demux pass that waits for its filters until the limits hold. ffmpeg applies
// the rotation tag itself (autorotate is on by default), so we only swap the
// expected size.
import { FaceEngineError } from '../errors.js';
import type { DecodedFrame, DecodedFrames } from '../types.js';
import { FILTERS_FROM_STDIN, inputArgs, runFfmpeg, type LateOutput } from './ffmpeg.js';
import { FFMPEG_BUDGET, fitSize, type ResolvedLimits } from './limits.js';
import { inspect, type ProbeResult } from './probe.js';
import { isVideoContainer, type Sniffed, type VideoContainer } from './sniff.js';

/** Receives each sampled frame's pixels as soon as ffmpeg has written them (its time comes with the finished DecodedFrames). */
export type FrameListener = (index: number, rgb: Uint8Array, width: number, height: number) => void;

/** What a caller hears while a video decodes. */
export interface DecodeListeners {
  /** Each sampled frame, while ffmpeg still decodes the rest (detection overlaps decoding). */
  frame?: FrameListener;
  /** The limits held and the decoder was given its filters: a caller's own pass over the file may start. */
  started?: () => void;
}

/** Codecs a browser or a phone records a selfie with; anything else is refused before a frame is decoded. */
const ACCEPTED_CODECS = new Set(['h264', 'hevc', 'vp8', 'vp9', 'av1']);

/** Refuses what the limits forbid, from the demux pass alone; returns the duration (s) and the frames to decode. */
async function checkedStream(file: string, container: VideoContainer, limits: ResolvedLimits): Promise<{ info: ProbeResult; duration: number; frames: number }> {
  const maxFrames = Math.ceil(limits.maxFrameRate * (limits.maxDurationSec + 1)) + 1;
  const { outcome, frames, lastTime } = await inspect(file, container, { maxFrames, maxSec: limits.maxDurationSec + 1 });
  if (!outcome.ok) {
    if (outcome.reason === 'no-video') throw new FaceEngineError('NOT_A_VIDEO', 'The file has no video stream.');
    throw new FaceEngineError('CORRUPT_MEDIA', 'The video could not be read: it is damaged or truncated.');
  }
  const info = outcome.info;
  if (!ACCEPTED_CODECS.has(info.codec)) {
    throw new FaceEngineError('NOT_A_VIDEO', `The video is coded with ${info.codec}; accepted are H.264, HEVC, VP8, VP9 and AV1.`);
  }
  if (info.width * info.height > limits.maxPixels) {
    throw new FaceEngineError('TOO_LARGE', `The video is ${info.width}x${info.height}, more than ${limits.maxPixels} pixels.`);
  }
  if (info.durationSec !== null && info.durationSec > limits.maxDurationSec) {
    throw new FaceEngineError('TOO_LONG', `The video lasts ${info.durationSec.toFixed(1)} s, more than ${limits.maxDurationSec} s.`);
  }
  if (frames === 0 || lastTime === null) throw new FaceEngineError('CORRUPT_MEDIA', 'The video has no readable frames.');
  // The container's duration when it has one (MediaRecorder WebM has none: the last packet's time then).
  const duration = info.durationSec ?? lastTime;
  if (duration > limits.maxDurationSec) throw new FaceEngineError('TOO_LONG', `The video lasts more than ${limits.maxDurationSec} s.`);
  // A clip of a few frames (at most half a second's worth) is never refused for its tiny duration.
  const rate = frames / Math.max(duration, 0.001);
  if (frames > limits.maxFrameRate / 2 && rate > limits.maxFrameRate) {
    throw new FaceEngineError('FRAME_RATE_TOO_HIGH', `The video has ${Math.round(rate)} frames per second, more than ${limits.maxFrameRate}.`, {
      details: { frames, duration_sec: Number(duration.toFixed(3)), max_frame_rate: limits.maxFrameRate },
    });
  }
  const pixels = frames * info.width * info.height;
  if (pixels > limits.maxDecodePixels) {
    throw new FaceEngineError(
      'TOO_LARGE',
      `The video has ${frames} frames of ${info.width}x${info.height} to decode (${(pixels / 1e9).toFixed(2)} billion pixels), more than ${(limits.maxDecodePixels / 1e9).toFixed(2)} billion.`,
      { details: { frames, width: info.width, height: info.height, max_decode_pixels: limits.maxDecodePixels } },
    );
  }
  return { info, duration: Math.max(duration, 0.001), frames };
}

export async function decodeVideo(file: string, sniffed: Sniffed, limits: ResolvedLimits, listeners: DecodeListeners = {}): Promise<DecodedFrames> {
  if (!isVideoContainer(sniffed)) {
    throw new FaceEngineError('NOT_A_VIDEO', 'The file is not a video or photo the engine accepts (MP4, MOV, WebM; JPEG, PNG, WebP).');
  }
  const wanted = limits.frames;
  const onFrame = listeners.frame;
  // The demux pass starts first. The decoding ffmpeg starts beside it and waits for its filters, which need the
  // stream's size and duration: its start-up overlaps the pass, and it decodes nothing until the limits hold.
  const checking = checkedStream(file, sniffed, limits);
  let giveOutput!: (output: LateOutput | null) => void;
  const output = new Promise<LateOutput | null>((resolve) => (giveOutput = resolve));
  // Frames are handed to `onFrame` while ffmpeg still decodes the rest, so detection overlaps decoding. No byte
  // arrives before the filters are given, so the frame size is known by then.
  let size = { width: 0, height: 0 };
  let frameBytes = 0;
  let streamed: Uint8Array | undefined;
  let received = 0;
  const onStdout = onFrame ? (chunk: Buffer): void => {
    if (!streamed) return;
    const before = Math.floor(received / frameBytes);
    streamed.set(chunk, received);
    received += chunk.length;
    for (let i = before; i < Math.floor(received / frameBytes); i++) onFrame(i, streamed.subarray(i * frameBytes, (i + 1) * frameBytes), size.width, size.height);
  } : undefined;
  const decoding = runFfmpeg(
    [...inputArgs(file, sniffed), '-map', '0:v:0', '-an', '-sn', '-dn', '-t', String(limits.maxDurationSec + 1), ...FILTERS_FROM_STDIN,
      '-vsync', '0', '-frames:v', String(wanted), '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'],
    { ...FFMPEG_BUDGET.decode, late: output, ...(onStdout ? { onStdout } : {}) },
  );
  decoding.catch(() => undefined); // awaited below; a spawn failure surfaces there
  let checked: Awaited<typeof checking>;
  try {
    checked = await checking;
  } catch (err) {
    giveOutput(null);
    await decoding.catch(() => undefined);
    throw err;
  }
  const { info, duration: durationSec, frames: available } = checked;
  const rotated = info.rotation === 90 || info.rotation === 270;
  size = fitSize(rotated ? info.height : info.width, rotated ? info.width : info.height, limits.maxSide);
  frameBytes = size.width * size.height * 3;
  // `select` keeps the first frame and then every frame at least `step` after
  // the last one kept: evenly spread real frames (the fps filter would
  // duplicate frames to fill gaps, e.g. before a late first video frame).
  // `showinfo` reports each kept frame's timestamp on stderr.
  const step = ((durationSec / wanted) * 0.95).toFixed(4);
  const filters = [`select='isnan(prev_selected_t)+gte(t-prev_selected_t\\,${step})'`, 'showinfo', `scale=${size.width}:${size.height}:flags=bilinear`];
  if (onFrame) streamed = new Uint8Array(wanted * frameBytes);
  giveOutput({ filters: filters.join(','), maxStdout: wanted * frameBytes });
  listeners.started?.();
  const run = await decoding;
  const count = Math.floor((streamed ? received : run.stdout.length) / frameBytes);
  if (run.cpuLimited) {
    throw new FaceEngineError('TOO_LARGE', `The video needs more than the decoding budget (${FFMPEG_BUDGET.decode.cpuSeconds} s of CPU) to decode.`);
  }
  if (count === 0 || run.timedOut || (!run.truncated && run.code !== 0)) {
    throw new FaceEngineError('CORRUPT_MEDIA', 'The video could not be decoded: it is damaged or truncated.');
  }
  // A clip cut short still decodes its first frames; judging it on them would
  // judge a different clip than the one claimed, so refuse it.
  // A very short clip simply has fewer frames than we asked for.
  const expected = Math.min(wanted, available);
  if (count < Math.ceil(expected / 2)) {
    throw new FaceEngineError('CORRUPT_MEDIA', `The video is truncated: only ${count} of ${expected} sampled frames could be decoded.`);
  }
  const times = [...run.stderr.matchAll(/n:\s*\d+\s+pts:\s*-?\d+\s+pts_time:(-?[\d.]+)/g)].map((m) => Number(m[1]));
  const t0 = times[0] ?? 0;
  const frames: DecodedFrame[] = [];
  for (let i = 0; i < count; i++) {
    const slice = (streamed ?? run.stdout).subarray(i * frameBytes, (i + 1) * frameBytes);
    const t = times[i] !== undefined ? (times[i] ?? 0) - t0 : (i * durationSec) / wanted;
    frames.push({ t: Number(t.toFixed(3)), rgb: new Uint8Array(slice.buffer, slice.byteOffset, slice.byteLength) });
  }
  return { kind: 'video', format: info.format, codec: info.codec, width: size.width, height: size.height, durationSec: Number(durationSec.toFixed(3)), frames };
}
