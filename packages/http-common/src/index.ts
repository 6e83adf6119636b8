export { HttpError, invalidRequest, retryAfterSeconds, type HttpErrorOptions } from './http-error.js';
export { errorBody, toHttpError, type Translate } from './to-http-error.js';
export { errorHandler, notFound, type ErrorHandlerOptions } from './error-handler.js';
export { answerAfterBody } from './answer-after-body.js';
export { CSRF_FIELD, CSRF_HEADER, csrfProtection, csrfToken, type CsrfOptions } from './csrf.js';
export { envFlag, parseFlag } from './env-flag.js';
export { parseTrustProxy, trustProxySchema, type TrustProxy, type TrustProxyInput } from './trust-proxy.js';
