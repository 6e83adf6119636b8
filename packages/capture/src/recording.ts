// The camera and the recorder: opening the user-facing camera, and recording
// a stream for a fixed time with the first video type the browser can make.
import { CaptureError, describeCameraError } from './errors.js';

export const DEFAULT_MIME_TYPES: readonly string[] = [
  'video/webm;codecs=vp9',
  'video/webm;codecs=vp8',
  'video/webm',
  'video/mp4;codecs=avc1',
  'video/mp4',
];

/** First type this browser's MediaRecorder can produce, or '' (the browser's default). */
export function pickMimeType(candidates: readonly string[] = DEFAULT_MIME_TYPES): string {
  if (typeof MediaRecorder === 'undefined' || typeof MediaRecorder.isTypeSupported !== 'function') return '';
  return candidates.find((type) => MediaRecorder.isTypeSupported(type)) ?? '';
}

/** The user-facing camera at about 640x480, no audio; rejects a CaptureError. */
export async function openCamera(): Promise<MediaStream> {
  if (!navigator.mediaDevices?.getUserMedia) {
    throw new CaptureError('UNSUPPORTED', 'This browser cannot use the camera here (it needs HTTPS or localhost).');
  }
  try {
    return await navigator.mediaDevices.getUserMedia({ audio: false, video: { facingMode: 'user', width: { ideal: 640 }, height: { ideal: 480 } } });
  } catch (err) {
    throw describeCameraError(err);
  }
}

export interface RecordOptions {
  durationMs: number;
  mimeTypes: readonly string[];
  /** Elapsed fraction of the recording, about every 100 ms. */
  onTick?: (fraction: number) => void;
  /** Runs as the recorder starts; may return a cleanup, run when it stops. */
  onStart?: () => (() => void) | undefined;
}

/** Records `stream` for `durationMs`; resolves the video as one Blob (type without codecs). */
export function record(stream: MediaStream, o: RecordOptions): Promise<Blob> {
  if (typeof MediaRecorder === 'undefined') throw new CaptureError('UNSUPPORTED', 'This browser cannot record video.');
  const mimeType = pickMimeType(o.mimeTypes);
  const recorder = new MediaRecorder(stream, mimeType ? { mimeType } : undefined);
  const chunks: Blob[] = [];
  recorder.ondataavailable = (e) => {
    if (e.data.size > 0) chunks.push(e.data);
  };
  return new Promise((resolve, reject) => {
    recorder.onerror = (e) => {
      const cause = (e as Event & { error?: Error }).error;
      reject(new CaptureError('RECORDING_FAILED', `Recording failed${cause ? `: ${cause.message}` : ''}. Please try again.`));
    };
    let cleanup: (() => void) | undefined;
    recorder.onstop = () => {
      cleanup?.();
      resolve(new Blob(chunks, { type: (recorder.mimeType || mimeType || 'video/webm').split(';')[0] }));
    };
    const started = performance.now();
    const tick = setInterval(() => o.onTick?.(Math.min(1, (performance.now() - started) / o.durationMs)), 100);
    recorder.start(250);
    cleanup = o.onStart?.();
    setTimeout(() => {
      clearInterval(tick);
      if (recorder.state !== 'inactive') recorder.stop();
    }, o.durationMs);
  });
}
