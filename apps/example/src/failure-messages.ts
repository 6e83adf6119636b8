// What a refused face login shows, from the strategy's failure. Never a
// score, and nothing that depends on the email before a face matched the
// account: an unknown email, one waiting for approval and an approved one
// whose face did not match all read NOT_VERIFIED (SECURITY.md, Enumeration).
// Once the face matched (the strategy's `faceMatched`), the person is told what
// to change in the recording, with the missed challenge step when there is
// one. The code goes to the page's X-Login-Failure header, which says no more
// than the page.
import type { AliceFaceFailure } from 'passport-alice-face';

export interface FriendlyFailure {
  code: string;
  title: string;
  message: string;
  /** The failed challenge's sentence ("Step 1 (turn your head left) was not seen."), after a match only. */
  reason?: string | undefined;
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

/** The failure to show for the strategy's refusal (its `info`; undefined when it gave none). */
export function loginFailure(failure: Pick<AliceFaceFailure, 'code' | 'faceMatched' | 'reason'> | undefined): FriendlyFailure {
  const code = failure?.code;
  if (code === 'AUTHENTICATION_EXPIRED' || code === 'AUTHENTICATION_REPLAYED') return RECORD_AGAIN;
  const shown = failure?.faceMatched === true && code ? AFTER_MATCH[code] : undefined;
  if (!shown) return NOT_VERIFIED;
  return code === 'LIVENESS_TOO_LOW' && failure?.reason ? { ...shown, reason: failure.reason } : shown;
}
