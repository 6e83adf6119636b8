// The one upstream call of a login, with its failures sorted: "not found"
// (including another user's id, which the API reports as 404
// AUTHENTICATION_NOT_FOUND, and a user id that does not exist, 404
// USER_NOT_FOUND) is a login decision; everything else is a fault for
// `this.error()`. A 404 with any other code (a wrong baseUrl hitting a proxy's
// 404 page) is a fault too, so a misconfiguration never looks like bad faces.
import { AliceFaceError } from './errors.js';
import type { AuthenticationSource } from './types.js';

interface ApiErrorLike {
  status: number;
  code?: unknown;
}

// Duck-typed rather than `instanceof OnboardingApiError`, so a custom source
// (or a second copy of the client package) can report a 404 the same way.
function apiError(err: unknown): ApiErrorLike | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const status = (err as { status?: unknown }).status;
  return typeof status === 'number' ? (err as ApiErrorLike) : undefined;
}

const NOT_FOUND_CODES = new Set(['AUTHENTICATION_NOT_FOUND', 'USER_NOT_FOUND']);

/** Resolves the raw authentication, or `null` when the API says it does not exist for this user. */
export async function fetchAuthentication(
  source: AuthenticationSource,
  userId: string,
  authenticationId: string,
): Promise<unknown> {
  try {
    return await source.getAuthentication(userId, authenticationId);
  } catch (err) {
    const api = apiError(err);
    if (api?.status === 404 && NOT_FOUND_CODES.has(String(api.code))) return null;
    const code = typeof api?.code === 'string' ? ` ${api.code}` : '';
    if (api?.code === 'INVALID_RESPONSE') {
      throw new AliceFaceError('ERR_ALICE_FACE_MALFORMED_RESPONSE', 'The Onboarding API returned a body that is not a valid authentication.', { cause: err });
    }
    if (api?.status === 401 || api?.status === 403) {
      throw new AliceFaceError(
        'ERR_ALICE_FACE_UPSTREAM_AUTH',
        `The Onboarding API refused the strategy's credentials (${api.status}${code}): check the API key and base URL.`,
        { cause: err },
      );
    }
    const what = api && api.status > 0 ? `answered ${api.status}${code}` : `gave no answer (${code.trim() || 'no status'})`;
    throw new AliceFaceError(
      'ERR_ALICE_FACE_UPSTREAM',
      `The Onboarding API ${what} while reading an authentication.`,
      { cause: err },
    );
  }
}
