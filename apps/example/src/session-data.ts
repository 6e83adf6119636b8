// What this app keeps in a session (typed through express-session's
// declaration merging). Never biometric data, never tokens.
export interface LastLogin {
  at: string;
  authenticationId: string;
  liveness: number | null;
  matching: number | null;
}

declare module 'express-session' {
  interface SessionData {
    /** Synchronizer CSRF token, created on the first rendered form. */
    csrfToken?: string;
    /** Account id being enrolled (set by sign-up). */
    enrollAccountId?: number;
    /** Account id that the login in progress claims (set by the email step). */
    loginAccountId?: number;
    /** Scores of the login that opened this session, for the profile page. */
    lastLogin?: LastLogin;
  }
}
