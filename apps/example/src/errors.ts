// Errors the routes throw on purpose: an HTTP status, a stable code, and a
// message written for the person reading the page.
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'HttpError';
  }
}
