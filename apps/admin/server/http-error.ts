import type { ErrorRequestHandler } from 'express';

/** An error with an HTTP status and a stable code, rendered as the one JSON error shape. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/**
 * Renders every error as `{ error: { code, message, details? } }`. `translate`
 * turns known foreign errors (the onboarding client's) into HttpErrors;
 * anything else unknown becomes 500 INTERNAL.
 */
export function errorHandler(log: (message: string) => void, translate: (err: unknown) => HttpError | null = () => null): ErrorRequestHandler {
  return (caught: unknown, _req, res, _next) => {
    const err = translate(caught) ?? caught;
    if (err instanceof HttpError) {
      for (const [name, value] of Object.entries(err.headers)) res.setHeader(name, value);
      const body = { code: err.code, message: err.message, ...(err.details === undefined ? {} : { details: err.details }) };
      res.status(err.status).json({ error: body });
      return;
    }
    const status = (err as { status?: number; type?: string }).status;
    if (status === 400 || status === 413) {
      // body-parser errors: malformed JSON or a body over the limit.
      const code = status === 413 ? 'TOO_LARGE' : 'INVALID_REQUEST';
      res.status(status).json({ error: { code, message: status === 413 ? 'Request body too large.' : 'Malformed request body.' } });
      return;
    }
    log(`Unhandled error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    res.status(500).json({ error: { code: 'INTERNAL', message: 'Internal error.' } });
  };
}
