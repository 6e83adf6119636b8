// What a refused face login shows. Never a score, and nothing that depends on
// the email before a face matched the account: an unknown email, one waiting
// for approval and an approved one whose face did not match all read
// NOT_VERIFIED (SECURITY.md, Enumeration). Once the face matched, the person is
// told what to change in the recording. The code goes to the page's
// X-Login-Failure header, which says no more than the page.
export interface FriendlyFailure {
  code: string;
  title: string;
  message: string;
}

export const NOT_VERIFIED: FriendlyFailure = {
  code: 'FACE_NOT_VERIFIED',
  title: 'We could not log you in.',
  message:
    'Look straight at the camera in good, even light, keep your whole face inside the oval, and do what each prompt asks as it appears. If you enrolled recently, a reviewer may not have approved your face yet.',
};

export const RECORD_AGAIN: FriendlyFailure = {
  code: 'RECORD_AGAIN',
  title: 'Please record your face again.',
  message: 'Each login needs its own recording, made in the last two minutes. Press the button and look at the camera.',
};

export const NO_RECORDING: FriendlyFailure = {
  code: 'NO_RECORDING',
  title: 'Record your face first.',
  message: 'We did not receive a recording. Press the button and look at the camera.',
};

/** Refusals that only a face matching the account can get: about the recording, not the account. */
const AFTER_MATCH: Record<string, FriendlyFailure> = {
  LIVENESS_TOO_LOW: {
    code: 'LIVENESS_TOO_LOW',
    title: 'We could not confirm a live person.',
    message:
      "The recording didn't look like a live person in front of the camera. Photos and screens don't work: look at the camera yourself, in good light, move naturally, follow each prompt, and try again.",
  },
  SCORE_MISSING: {
    code: 'SCORE_MISSING',
    title: 'We could not check your face.',
    message: 'Your face could not be measured in that recording. Keep your whole face in the oval, in good light, and try again.',
  },
};

/** The failure to show for the strategy's `code`; `faceMatched`: the recording's face matched the account's. */
export function loginFailure(code: string | undefined, faceMatched: boolean): FriendlyFailure {
  if (code === 'AUTHENTICATION_EXPIRED' || code === 'AUTHENTICATION_REPLAYED') return RECORD_AGAIN;
  return (faceMatched && code ? AFTER_MATCH[code] : undefined) ?? NOT_VERIFIED;
}
