import { OnboardingApiError } from '@alice-face/onboarding-client';
import { HttpError } from './http-error.js';

/**
 * Maps a failure of the onboarding server to what the reviewer's browser
 * gets. 404 and 409 pass through (the user is gone, a state conflict);
 * a bad API key or an unreachable server is the admin's problem, a 502.
 */
export function toHttpError(err: unknown): HttpError {
  return fromOnboardingError(err) ?? (err instanceof HttpError ? err : new HttpError(500, 'INTERNAL', 'Internal error.'));
}

/** The HttpError for an onboarding client failure, or null for any other error. */
export function fromOnboardingError(err: unknown): HttpError | null {
  if (err instanceof OnboardingApiError) {
    if (err.status === 404 || err.status === 409 || err.status === 422) return new HttpError(err.status, err.code, err.message);
    if (err.status === 429 || err.status === 503) {
      const wait: Record<string, string> = err.retryAfterMs === undefined ? {} : { 'Retry-After': String(Math.max(1, Math.ceil(err.retryAfterMs / 1000))) };
      return new HttpError(503, err.code, err.message, undefined, wait);
    }
    if (err.code === 'INVALID_ARGUMENT') return new HttpError(400, 'INVALID_REQUEST', err.message);
    if (err.status === 0) return new HttpError(502, 'ONBOARDING_UNREACHABLE', 'The onboarding server cannot be reached.');
    if (err.status === 401 || err.status === 403) {
      return new HttpError(502, 'ONBOARDING_AUTH_FAILED', 'The onboarding server refused the admin API key.');
    }
    return new HttpError(502, 'ONBOARDING_ERROR', `The onboarding server failed: ${err.message}`, { upstream_code: err.code });
  }
  return null;
}

/** Code and message to record in the audit log for any failure. */
export function describeFailure(err: unknown): { code: string; message: string } {
  if (err instanceof OnboardingApiError) return { code: err.code, message: err.message };
  if (err instanceof HttpError) return { code: err.code, message: err.message };
  return { code: 'INTERNAL', message: err instanceof Error ? err.message : String(err) };
}
