// The one error middleware: every failure is answered with its status, its
// headers and {"error": {"code", "message", "details"?}} (or, where the app
// says so, an HTML page), after the request's body is read. Unexpected
// errors become 500 INTERNAL and are handed to `log`; nothing of the request
// (body, tokens, media) is logged here.
import type { ErrorRequestHandler, Request, Response } from 'express';
import { answerAfterBody } from './answer-after-body.js';
import { HttpError } from './http-error.js';
import { errorBody, toHttpError, type Translate } from './to-http-error.js';

export interface ErrorHandlerOptions {
  /** Known foreign errors as HttpErrors (they are answered, not logged unless 5xx). */
  translate?: Translate | undefined;
  /**
   * Told every error answered with a 5xx that was not thrown as an HttpError
   * (a bug, an upstream fault): log its name, code and message, never a body.
   */
  log?: ((err: unknown, req: Request, answer: HttpError) => void) | undefined;
  /** An HTML page for this request and error; undefined (the default): the JSON body. */
  page?: ((req: Request, err: HttpError) => string | undefined) | undefined;
}

export function errorHandler(options: ErrorHandlerOptions = {}): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    const answer = toHttpError(err, options.translate);
    if (answer.status >= 500 && !(err instanceof HttpError)) options.log?.(err, req, answer);
    if (res.headersSent) {
      res.destroy();
      return;
    }
    answerAfterBody(req, res, () => send(req, res, answer, options.page));
  };
}

function send(req: Request, res: Response, err: HttpError, page: ErrorHandlerOptions['page']): void {
  res.status(err.status).set(err.headers);
  let html: string | undefined;
  try {
    html = page?.(req, err);
  } catch {
    html = undefined;
  }
  if (html === undefined) res.json(errorBody(err));
  else res.type('html').send(html);
}

/** The last route: 404 NOT_FOUND naming what was asked for. */
export function notFound(message: (req: Request) => string = (req) => `No endpoint ${req.method} ${req.path}.`) {
  return (req: Request, _res: Response, next: (err: unknown) => void): void => next(new HttpError(404, 'NOT_FOUND', message(req)));
}
