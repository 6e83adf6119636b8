// An answer to a request refused before its body was read (403, 413 on
// Content-Length, 429…): the rest of the body is read and dropped, so the
// client, still sending, gets the answer instead of a connection reset.
// Bodies beyond DRAIN_LIMIT are cut off; a client that stops sending (a
// Content-Length it never fulfils) gets the answer once it has been idle for
// DRAIN_IDLE_MS, and the connection is closed after it.
import type { Request, Response } from 'express';

/** Most that is read and dropped of a refused body before hanging up. */
const DRAIN_LIMIT = 64 * 1024 * 1024;
/** How long a refused request's body may stall before the answer goes out anyway. */
const DRAIN_IDLE_MS = 2_000;

/** Calls `send` once the request's body is read (now, if it already was); at most once. */
export function answerAfterBody(req: Request, res: Response, send: () => void): void {
  let sent = false;
  const once = () => {
    if (sent || res.headersSent || res.destroyed) return;
    sent = true;
    send();
  };
  if (req.complete || req.readableEnded || req.destroyed) return once();
  res.set('Connection', 'close');
  let seen = 0;
  let idle: NodeJS.Timeout | undefined;
  const stop = () => clearTimeout(idle);
  const arm = () => {
    stop();
    idle = setTimeout(() => {
      res.once('finish', () => req.destroy());
      once();
    }, DRAIN_IDLE_MS);
  };
  req.on('data', (chunk: Buffer) => {
    seen += chunk.length;
    if (seen > DRAIN_LIMIT) req.destroy();
    else arm();
  });
  req.on('end', () => (stop(), once()));
  req.on('close', () => (stop(), once()));
  arm();
  req.resume();
}
