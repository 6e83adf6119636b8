// What this app keeps in a session (typed through express-session's
// declaration merging). Never biometric data, never tokens, never scores; the
// session lives server-side (SQLite), the browser holds only its cookie.
export interface LastLogin {
  at: string;
}

/**
 * One recording of a face login, from the steps shown to the answer. The
 * browser knows only `id`; everything else stays here.
 */
export interface LoginAttempt {
  /** Opaque, random: what the browser sends back with its recording and its login. */
  id: string;
  /** The email the login claims (normalised), whether it has an account or not. */
  email: string;
  /** The onboarding user the recording goes to: the account's, or the placeholder's. */
  onboardingUserId: string;
  createdAt: number;
  /** The challenge the steps came from (self-hosted API); the browser sees only the steps. */
  challengeId?: string | undefined;
  /** Set once the recording was forwarded. */
  uploadedAt?: number | undefined;
  /** The API's id for the analysed recording; absent when the API refused it. */
  authenticationId?: string | undefined;
}

declare module 'express-session' {
  interface SessionData {
    /** Account id being enrolled (set by sign-up). */
    enrollAccountId?: number;
    /** The selfie the enrollment upload created, for /enroll/complete. */
    enrollSelfieId?: string;
    /** The email the login in progress claims (set by the email step, whatever it is). */
    loginEmail?: string;
    /** The login attempt in progress (one at a time). */
    loginAttempt?: LoginAttempt;
    /** When this session logged in, for the profile page. */
    lastLogin?: LastLogin;
  }
}
