// One JSON log line per request: method, path (no query, which may carry
// user-supplied values), status, time. Never headers or bodies.
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';

export function requestLog(logger: Logger) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const start = process.hrtime.bigint();
    const path = req.originalUrl.split('?')[0];
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      // 501 is a call of a feature the server does not have (an SDK's documents, flows…): not a fault.
      const level = res.statusCode >= 500 && res.statusCode !== 501 ? 'error' : 'info';
      logger[level]({ method: req.method, path, status: res.statusCode, ms: Math.round(ms * 10) / 10 }, 'request');
    });
    next();
  };
}
