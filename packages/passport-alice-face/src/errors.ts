// Errors the strategy throws (bad options) or hands to `this.error()` (faults).
// A fault is never a login decision: Passport turns it into a 500 through the
// app's error handler, so an outage can never log anyone in or out silently.

export type AliceFaceErrorCode =
  /** A constructor option is missing, misspelt or out of range. */
  | 'ERR_ALICE_FACE_INVALID_OPTION'
  /** The API could not be reached, timed out, or answered 5xx / an unexpected status. */
  | 'ERR_ALICE_FACE_UPSTREAM'
  /** The API refused our credentials (bad API key, wrong token kind): a configuration fault. */
  | 'ERR_ALICE_FACE_UPSTREAM_AUTH'
  /** The API answered 200 with a body that is not a valid authentication. */
  | 'ERR_ALICE_FACE_MALFORMED_RESPONSE'
  /** The replay store failed or is full; the login is refused rather than risk a replay. */
  | 'ERR_ALICE_FACE_REPLAY_STORE'
  /** The `userId` option function threw or rejected. */
  | 'ERR_ALICE_FACE_USER_ID'
  /** The `authenticationId` option function threw or rejected. */
  | 'ERR_ALICE_FACE_AUTHENTICATION_ID';

export class AliceFaceError extends Error {
  override readonly name = 'AliceFaceError';
  readonly code: AliceFaceErrorCode;

  constructor(code: AliceFaceErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** Shorthand for the constructor's option errors: they all name the strategy first. */
export function invalidOption(message: string): AliceFaceError {
  return new AliceFaceError('ERR_ALICE_FACE_INVALID_OPTION', `AliceFaceStrategy: ${message}`);
}
