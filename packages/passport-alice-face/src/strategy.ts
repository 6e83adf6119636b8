// The Passport strategy: reads an authentication_id the browser got from the
// Onboarding API, reads that authentication for the claimed user, and logs
// the user in only when both scores reach the thresholds, the authentication
// is fresh, the id was never used before and the app's verify accepts.
//
// Built on passport-custom: its authenticate() runs our check as its verify
// callback, on the per-request object Passport makes, and maps done(err) to
// error, done(null, user, info) to success and done(null, false, info) to a
// 401 fail. passport-custom's done has no status, so the one outcome that is
// not a 401 (missing or invalid input: 400) calls fail(challenge, 400) on that
// same per-request object.
import type { Request } from 'express';
import CustomStrategy from 'passport-custom';
import { findAuthenticationId, isPlainId, keptAuthenticationId } from './authentication-id.js';
import { assertAuthentication, decide, type ReadFailure } from './check-authentication.js';
import { AliceFaceError } from './errors.js';
import { fetchAuthentication } from './fetch-authentication.js';
import { resolveOptions, type ResolvedOptions } from './options.js';
import { runVerify } from './run-verify.js';
import type {
  AliceFaceFailure,
  AliceFaceSuccessInfo,
  StrategyOptions,
  StrategyOptionsWithRequest,
  User,
  VerifyFunction,
  VerifyFunctionWithRequest,
} from './types.js';

/** What Passport adds to the per-request object (passport-custom's types leave it out). */
interface RequestBound {
  fail(challenge: unknown, status?: number): void;
  error(err: Error): void;
}

type Outcome =
  | { kind: 'success'; user: User; info: AliceFaceSuccessInfo }
  | { kind: 'fail'; challenge: AliceFaceFailure; status: 400 | 401 };

function failure(code: AliceFaceFailure['code'], message: string, status: 400 | 401, read?: ReadFailure): Outcome {
  return { kind: 'fail', status, challenge: { message, code, ...read } };
}

const toError = (err: unknown): Error => (err instanceof Error ? err : new Error(String(err)));

/** passport-custom's class with `name` as any string: its typings declare the literal 'custom'. */
const NamedCustomStrategy = CustomStrategy as unknown as new (verify: CustomStrategy.VerifyCallback) => Omit<CustomStrategy, 'name'> & { name: string };

export class AliceFaceStrategy extends NamedCustomStrategy {
  /** Passport's name for it: `passport.authenticate('alice-face', …)` (passport-custom's own is 'custom'). */
  override readonly name: 'alice-face' = 'alice-face';

  // Not `#private`: Passport runs each request on Object.create(strategy),
  // and private fields are not reachable through a prototype. `_verify` is
  // passport-custom's own field (our check), so the app's callback is `_appVerify`.
  private readonly _options: ResolvedOptions;
  private readonly _appVerify: VerifyFunction | VerifyFunctionWithRequest;

  /**
   * Options (see the README for each): `client` (required), `userId` (required),
   * `livenessThreshold` = 50, `matchingThreshold` = 50, `authenticationIdField` =
   * 'authentication_id', `authenticationIdHeader` = 'x-authentication-id',
   * `maxAgeSeconds` = 120, `clockToleranceSeconds` = 30, `replayStore` = a new
   * MemoryReplayStore, `now` = Date.now, `passReqToCallback` = false.
   */
  constructor(options: StrategyOptions, verify: VerifyFunction);
  constructor(options: StrategyOptionsWithRequest, verify: VerifyFunctionWithRequest);
  constructor(options: StrategyOptions | StrategyOptionsWithRequest, verify: VerifyFunction | VerifyFunctionWithRequest) {
    super(function aliceFaceCheck(this: AliceFaceStrategy & RequestBound, req, done) {
      this._decide(req).then(
        (outcome) => {
          try {
            if (outcome.kind === 'success') done(null, outcome.user, outcome.info);
            else if (outcome.status === 401) done(null, false, outcome.challenge);
            else this.fail(outcome.challenge, outcome.status);
          } catch (err) {
            // The app's callback or serializer threw: hand it to Express rather
            // than leave an unhandled rejection that would stop the process.
            this.error(toError(err));
          }
        },
        (err: unknown) => done(toError(err)),
      );
    });
    if (typeof verify !== 'function') {
      throw new AliceFaceError('ERR_ALICE_FACE_INVALID_OPTION', 'AliceFaceStrategy requires a verify callback as its second argument.');
    }
    this._options = resolveOptions(options);
    this._appVerify = verify;
  }

  private async _decide(req: Request): Promise<Outcome> {
    const o = this._options;
    const lookup = o.authenticationId ? await keptAuthenticationId(o.authenticationId, req) : findAuthenticationId(req, o.authenticationIdField, o.authenticationIdHeader);
    if (lookup.found === 'none') {
      return failure('MISSING_AUTHENTICATION_ID', `Missing ${o.authenticationIdField}: record the face login again.`, 400);
    }
    if (lookup.found === 'invalid') {
      return failure('INVALID_AUTHENTICATION_ID', `The ${o.authenticationIdField} in the ${lookup.where} is not a valid id.`, 400);
    }
    const userId = await this._userId(req);
    if (userId === undefined) return failure('MISSING_USER_ID', 'Missing user: say who is logging in.', 400);
    if (!isPlainId(userId)) return failure('INVALID_USER_ID', 'The user id is not a valid id.', 400);

    const raw = await fetchAuthentication(o.source, userId, lookup.id);
    if (raw === null) {
      return failure('AUTHENTICATION_NOT_FOUND', 'This face authentication does not exist for this user.', 401);
    }
    assertAuthentication(raw, lookup.id);
    const decision = decide(raw, o, o.now());
    if (!decision.pass) return { kind: 'fail', challenge: decision.failure, status: 401 };
    const { read } = decision;

    // Claimed after the scores pass and before verify: a failing id is not
    // worth remembering (it fails again anyway), and claiming before verify
    // makes the claim the single atomic gate, so two concurrent requests
    // with one id can never both reach verify. An id whose verify refused or
    // threw is spent too: the person records a new video.
    let first: boolean;
    try {
      first = await o.replayStore.claim(lookup.id, Math.ceil(o.maxAgeSeconds + o.clockToleranceSeconds));
    } catch (err) {
      throw new AliceFaceError('ERR_ALICE_FACE_REPLAY_STORE', 'The replay store failed, so the login was refused.', { cause: err });
    }
    if (first !== true) {
      return failure('AUTHENTICATION_REPLAYED', 'This face authentication was already used. Please record a new one.', 401, read);
    }

    const args = o.passReqToCallback ? [req, userId, raw] : [userId, raw];
    const { user, info } = await runVerify(this._appVerify, args);
    if (!user) {
      const message = typeof info?.message === 'string' ? info.message : 'This account cannot log in with this face.';
      return failure('USER_REJECTED', message, 401, read);
    }
    return { kind: 'success', user, info: { ...info, authentication: raw, scores: decision.scores } };
  }

  private async _userId(req: Request): Promise<string | undefined> {
    let value: unknown;
    try {
      value = await this._options.userId(req);
    } catch (err) {
      throw new AliceFaceError('ERR_ALICE_FACE_USER_ID', 'The userId option function failed.', { cause: err });
    }
    if (value === undefined || value === null || value === '') return undefined;
    if (typeof value !== 'string') {
      throw new AliceFaceError(
        'ERR_ALICE_FACE_USER_ID',
        `The userId option function must return a string (or nothing), returned ${typeof value}.`,
      );
    }
    return value;
  }
}
