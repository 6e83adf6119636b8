// The strategy's fail codes in words a person understands. The code stays
// available to the page (data attribute) for tests and support.
export interface FriendlyFailure {
  title: string;
  message: string;
}

const MESSAGES: Record<string, FriendlyFailure> = {
  FACE_MISMATCH: {
    title: 'Face not recognised.',
    message: "That face doesn't match the one enrolled for this account.",
  },
  LIVENESS_TOO_LOW: {
    title: 'We could not confirm a live person.',
    message:
      "The recording didn't look like a live person in front of the camera. Photos and screens don't work: look at the camera yourself, in good light, and try again.",
  },
  SCORE_MISSING: {
    title: 'We could not check your face.',
    message: 'Your face could not be measured in that recording. Keep your whole face in the oval and try again.',
  },
  AUTHENTICATION_REPLAYED: {
    title: 'That face check was already used.',
    message: 'Each login needs a new recording. Please record your face again.',
  },
  AUTHENTICATION_EXPIRED: {
    title: 'That face check is too old.',
    message: 'Face checks are only valid for a couple of minutes. Please record your face again.',
  },
  AUTHENTICATION_NOT_FOUND: {
    title: 'Face check not found.',
    message: "We couldn't find that face check for this account. Please record your face again.",
  },
  USER_REJECTED: {
    title: 'Login refused.',
    message: "This account can't log in right now. Contact support if you think this is a mistake.",
  },
};

const RECORD_AGAIN: FriendlyFailure = {
  title: 'Something went wrong with the face check.',
  message: 'Please record your face again.',
};
MESSAGES.INVALID_AUTHENTICATION_ID = RECORD_AGAIN;
MESSAGES.MISSING_USER_ID = { title: 'Which account?', message: 'Enter your email first, then look at the camera.' };
MESSAGES.INVALID_USER_ID = MESSAGES.MISSING_USER_ID;

const MISSING: FriendlyFailure = {
  title: 'Record your face first.',
  message: 'We did not receive a face check. Press the button and look at the camera.',
};

export function friendlyFailure(code: string | undefined, status: number | undefined): FriendlyFailure {
  if (code && MESSAGES[code]) return MESSAGES[code];
  if (status === 400) return MISSING;
  return { title: 'Login failed.', message: 'Your face could not be verified. Please try again.' };
}
