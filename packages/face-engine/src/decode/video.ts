// Videos through ffmpeg: probe, enforce limits, then decode N evenly spaced
// frames to raw RGB24 on stdout. ffmpeg applies the rotation tag itself
// (autorotate is on by default), so we only swap the expected size.
import { FaceEngineError } from '../errors.js';
import type { DecodedFrame, DecodedFrames } from '../types.js';
import { runFfmpeg } from './ffmpeg.js';
import { fitSize, type ResolvedLimits } from './limits.js';
import { measureDuration, probe } from './probe.js';
import type { Sniffed } from './sniff.js';

const IMAGE_FORMATS = /(^image2$|_pipe$)/;

/** Receives each sampled frame's pixels as soon as ffmpeg has written them (its time comes with the finished DecodedFrames). */
export type FrameListener = (index: number, rgb: Uint8Array, width: number, height: number) => void;

export async function decodeVideo(file: string, sniffed: Sniffed, limits: ResolvedLimits, onFrame?: FrameListener): Promise<DecodedFrames> {
  const looksLikeMedia = sniffed !== 'unknown';
  const probed = await probe(file);
  if (!probed.ok) {
    if (probed.reason === 'no-video') throw new FaceEngineError('NOT_A_VIDEO', 'The file has no video stream.');
    if (looksLikeMedia) throw new FaceEngineError('CORRUPT_MEDIA', 'The video could not be read: it is damaged or truncated.');
    throw new FaceEngineError('NOT_A_VIDEO', 'The file is not a video or image format the engine can read.');
  }
  const info = probed.info;
  if (info.width * info.height > limits.maxPixels) {
    throw new FaceEngineError('TOO_LARGE', `The video is ${info.width}x${info.height}, more than ${limits.maxPixels} pixels.`);
  }
  const isImage = IMAGE_FORMATS.test(info.format);
  let duration = info.durationSec;
  if (duration !== null && duration > limits.maxDurationSec) {
    throw new FaceEngineError('TOO_LONG', `The video lasts ${duration.toFixed(1)} s, more than ${limits.maxDurationSec} s.`);
  }
  if (duration === null && !isImage) {
    duration = await measureDuration(file, limits.maxDurationSec);
    if (duration === null) throw new FaceEngineError('CORRUPT_MEDIA', 'The video has no readable frames.');
    if (duration > limits.maxDurationSec) {
      throw new FaceEngineError('TOO_LONG', `The video lasts more than ${limits.maxDurationSec} s.`);
    }
  }
  const rotated = info.rotation === 90 || info.rotation === 270;
  const size = fitSize(rotated ? info.height : info.width, rotated ? info.width : info.height, limits.maxSide);
  const frameBytes = size.width * size.height * 3;
  const wanted = isImage ? 1 : limits.frames;
  const durationSec = isImage ? 0 : Math.max(duration ?? 0, 0.001);
  // `select` keeps the first frame and then every frame at least `step` after
  // the last one kept: evenly spread real frames (the fps filter would
  // duplicate frames to fill gaps, e.g. before a late first video frame).
  // `showinfo` reports each kept frame's timestamp on stderr.
  const step = ((durationSec / wanted) * 0.95).toFixed(4);
  const filters = [
    ...(isImage ? [] : [`select='isnan(prev_selected_t)+gte(t-prev_selected_t\\,${step})'`]),
    'showinfo',
    `scale=${size.width}:${size.height}:flags=bilinear`,
  ];
  // Frames are handed to `onFrame` while ffmpeg still decodes the rest, so detection overlaps decoding.
  const streamed = onFrame ? new Uint8Array(wanted * frameBytes) : undefined;
  let received = 0;
  const onStdout = streamed && onFrame ? (chunk: Buffer): void => {
    const before = Math.floor(received / frameBytes);
    streamed.set(chunk, received);
    received += chunk.length;
    for (let i = before; i < Math.floor(received / frameBytes); i++) onFrame(i, streamed.subarray(i * frameBytes, (i + 1) * frameBytes), size.width, size.height);
  } : undefined;
  const run = await runFfmpeg(
    ['-i', file, '-map', '0:v:0', '-an', '-sn', '-t', String(limits.maxDurationSec + 1), '-vf', filters.join(','),
      '-vsync', '0', '-frames:v', String(wanted), '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'],
    { maxStdout: wanted * frameBytes, timeoutMs: 60_000, ...(onStdout ? { onStdout } : {}) },
  );
  const count = Math.floor((streamed ? received : run.stdout.length) / frameBytes);
  if (count === 0 || run.timedOut || (!run.truncated && run.code !== 0)) {
    throw new FaceEngineError('CORRUPT_MEDIA', 'The video could not be decoded: it is damaged or truncated.');
  }
  // A clip cut short still decodes its first frames; judging it on them would
  // judge a different clip than the one claimed, so refuse it.
  // A very short clip simply has fewer frames than we asked for.
  const available = info.fps && duration ? Math.max(1, Math.floor(duration * info.fps)) : wanted;
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
  return {
    kind: isImage ? 'image' : 'video',
    format: info.format,
    codec: info.codec,
    width: size.width,
    height: size.height,
    durationSec: isImage ? 0 : Number(durationSec.toFixed(3)),
    frames,
  };
}
