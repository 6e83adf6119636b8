/// <reference types="passport" />
// Public types. The Authentication shape mirrors the Onboarding API contract
// (snake_case, scores `number | null`); it is declared structurally here so
// that any object with `getAuthentication` can stand in for the client.
import type { Request } from 'express';
import type { ReplayStore } from './replay-store.js';

export interface AuthenticationCheck {
  key: string;
  value: number | null;
  detail: string;
}

export interface Authentication {
  authentication_id: string;
  created_at: string;
  face_liveness: number | null;
  face_matching: number | null;
  checks?: AuthenticationCheck[];
  /** Self-hosted server only: what was seen of the active-liveness challenge the clip answered; null or absent without one. */
  challenge?: { passed: boolean; reason?: string } | null;
  /** `objects`: regions found in the video by name, or null (the self-hosted server marks none). */
  media?: { video?: { extension?: string; href?: string; objects?: Record<string, unknown> | null } };
}

/** What the strategy needs from the API: an `OnboardingClient` satisfies it. */
export interface AuthenticationSource {
  getAuthentication(userId: string, authenticationId: string): Promise<Authentication>;
}

/** Built into an `OnboardingClient` by the strategy. */
export interface ClientSettings {
  apiKey: string;
  /** Ends in `/onboarding`. Must be HTTPS unless it is a loopback address. */
  baseUrl?: string;
  timeoutMs?: number;
  /** Allow plain `http://` to a non-loopback host (only inside a trusted private network). */
  allowInsecureHttp?: boolean;
}

export interface Scores {
  liveness: number | null;
  matching: number | null;
}

/** The failure codes of `fail(challenge, status)`. */
export type FailureCode =
  | 'MISSING_AUTHENTICATION_ID'
  | 'INVALID_AUTHENTICATION_ID'
  | 'MISSING_USER_ID'
  | 'INVALID_USER_ID'
  | 'LIVENESS_TOO_LOW'
  | 'FACE_MISMATCH'
  | 'SCORE_MISSING'
  | 'AUTHENTICATION_NOT_FOUND'
  | 'AUTHENTICATION_EXPIRED'
  | 'AUTHENTICATION_REPLAYED'
  | 'USER_REJECTED';

/**
 * The challenge passed to `fail()`; the custom callback of `passport.authenticate` receives it as `info`.
 * For the backend: `scores` must not reach the browser, and `faceMatched`/`reason` tell about the
 * claimed account, so show them only as your enumeration policy allows (the example app: only
 * once the face matched).
 */
export interface AliceFaceFailure {
  message: string;
  code: FailureCode;
  /** Present on every 401 that got as far as reading the authentication. */
  scores?: Scores;
  /**
   * Present with `scores`: the recording's face is the claimed user's (`face_matching` reached
   * `matchingThreshold`), whatever else failed. A refusal after a match is about the recording
   * (light, liveness), not about who is logging in.
   */
  faceMatched?: boolean;
  /** The failed active-liveness challenge's sentence for the person ("Step 1 (turn your head left) was not seen."); self-hosted server only. */
  reason?: string;
}

/** The `info` passed to `success()`; becomes `req.authInfo`. */
export interface AliceFaceSuccessInfo {
  authentication: Authentication;
  scores: { liveness: number; matching: number };
  [key: string]: unknown;
}

export type User = Express.User;

/** Node-style `done` of the verify function. `info.message` replaces the default rejection message. */
export type VerifyDone = (err: unknown, user?: User | false | null, info?: { message?: string }) => void;

type VerifyResult = User | false | null | undefined;

/** Return the app's user (or `false`), a promise of it, or call `done`. */
export type VerifyFunction = (
  userId: string,
  authentication: Authentication,
  done: VerifyDone,
) => VerifyResult | void | Promise<VerifyResult>;

export type VerifyFunctionWithRequest = (
  req: Request,
  userId: string,
  authentication: Authentication,
  done: VerifyDone,
) => VerifyResult | void | Promise<VerifyResult>;

export interface StrategyOptionsBase {
  /** An `OnboardingClient` (or anything with `getAuthentication`), or settings to build one. */
  client: AuthenticationSource | ClientSettings;
  /** The onboarding user id this login claims, from the request (e.g. looked up by email). */
  userId: (req: Request) => string | null | undefined | Promise<string | null | undefined>;
  /** `face_liveness` must be >= this. 0-100, default 50. */
  livenessThreshold?: number;
  /** `face_matching` must be >= this. 0-100, default 50. */
  matchingThreshold?: number;
  /** Field looked up in `req.body`, then `req.query`. Default `authentication_id`. */
  authenticationIdField?: string;
  /** Header looked up last. Default `x-authentication-id`. */
  authenticationIdHeader?: string;
  /**
   * Where the id is when your backend uploaded the recording itself and kept the id (the browser
   * never sees it), e.g. `(req) => req.session.loginAttempt?.authenticationId`. When given, it
   * replaces the body, query and header lookup.
   */
  authenticationId?: (req: Request) => string | null | undefined | Promise<string | null | undefined>;
  /** An authentication older than this is refused. Default 120. */
  maxAgeSeconds?: number;
  /** Allowed clock difference with the API for `created_at` in the future. Default 30. */
  clockToleranceSeconds?: number;
  /** Where used ids are remembered. Default: a `MemoryReplayStore` (one process only). */
  replayStore?: ReplayStore;
  /** Clock in milliseconds, for tests. Default `Date.now`. */
  now?: () => number;
}

export interface StrategyOptions extends StrategyOptionsBase {
  passReqToCallback?: false;
}

export interface StrategyOptionsWithRequest extends StrategyOptionsBase {
  passReqToCallback: true;
}
