// Runs an analysis and turns the engine's refusals into the contract's HTTP
// errors. Matched on the error's code (not its class) so the server does not
// depend on the engine's module identity.
import { HttpError } from '../http/http-error.js';
import type { ChallengeSpec, FaceAnalysis, FaceAnalyzer } from './face.js';

const MAP: Record<string, { status: number; code: string; message: string }> = {
  NOT_A_VIDEO: { status: 415, code: 'NOT_A_VIDEO', message: 'The file is not a video or image we can read.' },
  TOO_LARGE: { status: 413, code: 'TOO_LARGE', message: 'The media is too large.' },
  TOO_LONG: { status: 422, code: 'TOO_LONG', message: 'The video is too long.' },
  CORRUPT_MEDIA: { status: 422, code: 'CORRUPT_MEDIA', message: 'The media could not be decoded.' },
  FRAME_RATE_TOO_HIGH: { status: 422, code: 'FRAME_RATE_TOO_HIGH', message: 'The video has too many frames per second.' },
  NO_FACE: { status: 422, code: 'NO_FACE', message: 'No usable face was found in the media.' },
};

export async function analyzeUpload(faces: FaceAnalyzer, path: string, maxBytes: number, challenge?: ChallengeSpec): Promise<FaceAnalysis> {
  try {
    return await faces.analyze(path, challenge ? { maxBytes, challenge } : { maxBytes });
  } catch (err) {
    const code = (err as { code?: unknown } | null)?.code;
    const known = typeof code === 'string' ? engineRefusal(code, err instanceof Error ? err.message : '', err) : undefined;
    if (known) return Promise.reject(known);
    if (code === 'QUEUE_FULL' || code === 'ENGINE_CLOSED') {
      const s = faces.stats();
      throw busy((s.busy + s.queued) / Math.max(1, s.size), err);
    }
    throw err;
  }
}

/** The contract's error for an engine refusal (NOT_A_VIDEO, NO_FACE, …), or undefined for any other code. */
export function engineRefusal(code: string, message: string, cause?: unknown): HttpError | undefined {
  if (!isEngineRefusal(code)) return undefined;
  const known = MAP[code]!;
  // The engine's own message is specific (which limit, what was found) and holds no biometric data.
  return new HttpError(known.status, known.code, /^[A-Z]/.test(message) ? message : known.message, { cause });
}

/** Codes of the engine's refusals of a medium (the contract's 413/415/422): an answer, not a failure to retry. */
export const isEngineRefusal = (code: unknown): code is string => typeof code === 'string' && Object.hasOwn(MAP, code);

/** 503 BUSY, retriable: `Retry-After` from the analyses ahead per analysing worker (about 1.5 s each). */
export function busy(aheadPerWorker: number, cause?: unknown, message = 'The face engine is busy; try again shortly.'): HttpError {
  const retry = Math.max(1, Math.ceil(aheadPerWorker * 1.5));
  return new HttpError(503, 'BUSY', message, { headers: { 'Retry-After': String(retry) }, cause });
}

/** Content type and extension of stored media, from what the engine decoded (not what the client claimed). */
export function mediaType(a: Pick<FaceAnalysis, 'media'>, claimed: { filename: string; mimeType: string }): { contentType: string; extension: string } {
  const f = a.media.format.toLowerCase();
  if (a.media.kind === 'image') {
    if (f.includes('png')) return { contentType: 'image/png', extension: 'png' };
    if (f.includes('webp')) return { contentType: 'image/webp', extension: 'webp' };
    if (f.includes('jp')) return { contentType: 'image/jpeg', extension: 'jpeg' };
    return { contentType: 'application/octet-stream', extension: 'bin' };
  }
  if (f.includes('webm') || f.includes('matroska')) return { contentType: 'video/webm', extension: 'webm' };
  if (f.includes('mov') || f.includes('mp4')) {
    const mov = claimed.mimeType === 'video/quicktime' || /\.mov$/i.test(claimed.filename);
    return mov ? { contentType: 'video/quicktime', extension: 'mov' } : { contentType: 'video/mp4', extension: 'mp4' };
  }
  return { contentType: 'application/octet-stream', extension: 'bin' };
}
