import { OnboardingApiError } from '@alice-face/onboarding-client';
import { HttpError, retryAfterSeconds } from '@alice-face/http-common';

/**
 * The HttpError for a failure of the onboarding server, what the reviewer's
 * browser gets, or null for any other error. 404 and 409 pass through (the
 * user is gone, a state conflict); a bad API key or an unreachable server is
 * the admin's problem, a 502.
 */
export function fromOnboardingError(err: unknown): HttpError | null {
  if (err instanceof OnboardingApiError) {
    if (err.status === 404 || err.status === 409 || err.status === 422) return new HttpError(err.status, err.code, err.message);
    if (err.status === 429 || err.status === 503) {
      const headers: Record<string, string> = err.retryAfterMs === undefined ? {} : { 'Retry-After': retryAfterSeconds(err.retryAfterMs) };
      return new HttpError(503, err.code, err.message, { headers });
    }
    if (err.code === 'INVALID_ARGUMENT') return new HttpError(400, 'INVALID_REQUEST', err.message);
    if (err.status === 0) return new HttpError(502, 'ONBOARDING_UNREACHABLE', 'The onboarding server cannot be reached.');
    if (err.status === 401 || err.status === 403) {
      return new HttpError(502, 'ONBOARDING_AUTH_FAILED', 'The onboarding server refused the admin API key.');
    }
    return new HttpError(502, 'ONBOARDING_ERROR', `The onboarding server failed: ${err.message}`, { details: { upstream_code: err.code } });
  }
  return null;
}

/** Code and message to record in the audit log for any failure. */
export function describeFailure(err: unknown): { code: string; message: string } {
  if (err instanceof OnboardingApiError) return { code: err.code, message: err.message };
  if (err instanceof HttpError) return { code: err.code, message: err.message };
  return { code: 'INTERNAL', message: err instanceof Error ? err.message : String(err) };
}
