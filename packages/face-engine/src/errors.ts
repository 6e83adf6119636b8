// One error class for everything the engine refuses, with a stable code the
// server maps to an HTTP status (see docs/CONTRACT.md).
import type { FaceEngineErrorCode } from './types.js';

export class FaceEngineError extends Error {
  readonly code: FaceEngineErrorCode;
  readonly details?: unknown;

  constructor(code: FaceEngineErrorCode, message: string, options?: { cause?: unknown; details?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'FaceEngineError';
    this.code = code;
    if (options?.details !== undefined) this.details = options.details;
  }
}

export function isFaceEngineError(err: unknown): err is FaceEngineError {
  return err instanceof FaceEngineError;
}
