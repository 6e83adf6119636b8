// The one error middleware: every failure becomes {"error": {code, message,
// details?}} with its status. Unexpected errors are logged (no bodies, no
// tokens) and answered as 500 INTERNAL without internals.
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { UploadError } from '@alice-face/multipart-upload';
import { HttpError } from './http-error.js';

/** Most we read and discard of a refused upload before hanging up. */
const DRAIN_LIMIT = 64 * 1024 * 1024;
/** How long a refused request's body may stall before we answer and hang up. */
const DRAIN_IDLE_MS = 2_000;

function toHttpError(err: unknown): HttpError {
  if (err instanceof HttpError) return err;
  if (err instanceof UploadError) return new HttpError(err.status, err.code, err.message, { details: err.details, cause: err });
  const e = err as { type?: string; status?: number } | null;
  if (e?.type === 'entity.too.large') return new HttpError(413, 'TOO_LARGE', 'The request body is too large.');
  if (e?.type === 'entity.parse.failed') return new HttpError(400, 'INVALID_REQUEST', 'The body is not valid JSON.', { details: { field: 'body' } });
  if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500) {
    return new HttpError(400, 'INVALID_REQUEST', 'The request could not be read.', { details: { field: 'body' } });
  }
  return new HttpError(500, 'INTERNAL', 'Something went wrong on our side.', { cause: err });
}

export function errorHandler(logger: Logger) {
  return (err: unknown, req: Request, res: Response, _next: NextFunction): void => {
    const httpError = toHttpError(err);
    if (httpError.status >= 500 && httpError.code === 'INTERNAL') {
      logger.error({ err: err instanceof Error ? { name: err.name, message: err.message, stack: err.stack } : String(err), path: req.path }, 'Unhandled error');
    }
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const send = () => {
      if (res.headersSent || res.destroyed) return;
      res.status(httpError.status).set(httpError.headers);
      res.json({ error: { code: httpError.code, message: httpError.message, ...(httpError.details === undefined ? {} : { details: httpError.details }) } });
    };
    if (req.complete || req.readableEnded || req.destroyed) return send();
    // Refused before the body was read (403, 413 on Content-Length, 429...):
    // read the rest and discard it, so the client, still sending, gets the
    // answer instead of a reset; hang up on bodies beyond DRAIN_LIMIT, and on
    // a client that stops sending (a Content-Length it never fulfils) once it
    // has been idle for DRAIN_IDLE_MS, after answering.
    res.set('Connection', 'close');
    let seen = 0;
    let idle: NodeJS.Timeout | undefined;
    const stop = () => clearTimeout(idle);
    const arm = () => {
      stop();
      idle = setTimeout(() => {
        res.once('finish', () => req.destroy());
        send();
      }, DRAIN_IDLE_MS);
    };
    req.on('data', (chunk: Buffer) => {
      seen += chunk.length;
      if (seen > DRAIN_LIMIT) req.destroy();
      else arm();
    });
    req.on('end', () => (stop(), send()));
    req.on('close', () => (stop(), send()));
    arm();
    req.resume();
  };
}

export function notFound(req: Request, _res: Response, next: NextFunction): void {
  next(new HttpError(404, 'NOT_FOUND', `No endpoint ${req.method} ${req.path}.`));
}
