// A signal aborted when the client goes away before its response is sent
// (the connection closed), so work queued for it can be dropped.
import type { Request } from 'express';

export function abandonSignal(req: Request): AbortSignal {
  const controller = new AbortController();
  const res = req.res;
  if (res?.destroyed && !res.writableFinished) controller.abort(new Error('The client closed the connection before its response.'));
  res?.once('close', () => {
    if (!res.writableFinished) controller.abort(new Error('The client closed the connection before its response.'));
  });
  return controller.signal;
}
