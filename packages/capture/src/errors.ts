// The one error type of the capture: a stable `code` for code, a message
// written for the person at the camera (shown as is), and `details` from the
// backend's answer where there was one.

export interface CaptureErrorDetails {
  /** HTTP status of the backend's refusal. */
  status?: number;
  /** The refusal's Retry-After header, if any. */
  retryAfter?: string | null;
}

export class CaptureError extends Error {
  override readonly name = 'CaptureError';

  constructor(
    readonly code: string,
    message: string,
    readonly details?: CaptureErrorDetails,
  ) {
    super(message);
  }
}

/** Maps a getUserMedia failure to a CaptureError a person can act on. */
export function describeCameraError(err: unknown): CaptureError {
  const name = (err as { name?: unknown } | null)?.name;
  if (name === 'NotAllowedError' || name === 'SecurityError' || name === 'PermissionDeniedError') {
    return new CaptureError('CAMERA_DENIED', 'Camera access was denied. Allow the camera for this site (the camera icon in the address bar), then press Try again.');
  }
  if (name === 'NotFoundError' || name === 'DevicesNotFoundError' || name === 'OverconstrainedError') {
    return new CaptureError('NO_CAMERA', 'No camera was found. Connect a camera, then press Try again.');
  }
  if (name === 'NotReadableError' || name === 'TrackStartError' || name === 'AbortError') {
    return new CaptureError('CAMERA_BUSY', 'The camera could not be started; another app may be using it. Close it, then press Try again.');
  }
  return new CaptureError('CAMERA_ERROR', 'The camera could not be started. Press Try again.');
}

/** Any thrown value as a CaptureError (a `prepare` may throw its own, with a code). */
export function toCaptureError(err: unknown): CaptureError {
  if (err instanceof CaptureError) return err;
  const e = err as { code?: unknown; message?: unknown } | null;
  const code = typeof e?.code === 'string' ? e.code : 'ERROR';
  const message = typeof e?.message === 'string' && e.message ? e.message : 'Something went wrong. Please try again.';
  return new CaptureError(code, message);
}
