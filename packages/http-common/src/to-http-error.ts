// What any thrown value is answered as. An HttpError as it is; the body
// parsers' refusals as the contract's 413 TOO_LARGE / 400 INVALID_REQUEST;
// other 4xx of Express's own middleware (serve-static's 404) with their
// status; anything else as 500 INTERNAL, without its internals.
import { HttpError } from './http-error.js';

/** Turns an app's known foreign errors (an API client's, say) into HttpErrors; anything else: undefined. */
export type Translate = (err: unknown) => HttpError | null | undefined;

export function toHttpError(err: unknown, translate?: Translate): HttpError {
  if (err instanceof HttpError) return err;
  const translated = translate?.(err);
  if (translated) return translated;
  const e = err as { type?: string; status?: number } | null;
  if (e?.type === 'entity.too.large') return new HttpError(413, 'TOO_LARGE', 'The request body is too large.', { cause: err });
  if (e?.type === 'entity.parse.failed') {
    return new HttpError(400, 'INVALID_REQUEST', 'The body is not valid JSON.', { details: { field: 'body' }, cause: err });
  }
  if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500) {
    // body-parser marks its errors with a `type`: the body could not be read.
    if (e.type !== undefined) return new HttpError(400, 'INVALID_REQUEST', 'The request could not be read.', { details: { field: 'body' }, cause: err });
    if (e.status === 404) return new HttpError(404, 'NOT_FOUND', 'Nothing is at this address.', { cause: err });
    return new HttpError(e.status, 'INVALID_REQUEST', 'The request could not be served.', { cause: err });
  }
  return new HttpError(500, 'INTERNAL', 'Something went wrong on our side.', { cause: err });
}

/** The JSON body of an error: `{ error: { code, message, details? } }`. */
export function errorBody(err: HttpError): { error: { code: string; message: string; details?: unknown } } {
  return { error: { code: err.code, message: err.message, ...(err.details === undefined ? {} : { details: err.details }) } };
}
