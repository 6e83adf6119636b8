// The face engine's refusals of a medium as the contract's HTTP errors
// (413/415/422), and 503 BUSY when its queue is full. Matched on the error's
// code (not its class) so the server does not depend on the engine's module
// identity.
import { HttpError } from '@alice-face/http-common';

const MAP: Record<string, { status: number; code: string; message: string }> = {
  NOT_A_VIDEO: { status: 415, code: 'NOT_A_VIDEO', message: 'The file is not a video or image we can read.' },
  TOO_LARGE: { status: 413, code: 'TOO_LARGE', message: 'The media is too large.' },
  TOO_LONG: { status: 422, code: 'TOO_LONG', message: 'The video is too long.' },
  CORRUPT_MEDIA: { status: 422, code: 'CORRUPT_MEDIA', message: 'The media could not be decoded.' },
  FRAME_RATE_TOO_HIGH: { status: 422, code: 'FRAME_RATE_TOO_HIGH', message: 'The video has too many frames per second.' },
  NO_FACE: { status: 422, code: 'NO_FACE', message: 'No usable face was found in the media.' },
};

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
