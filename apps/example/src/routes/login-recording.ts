// The recording of a face login, through this app's backend: POST
// /login/attempt opens an attempt (the challenge is created here; the browser
// gets its steps and an opaque attempt id, never a token nor the challenge id),
// POST /login/video takes the recording and forwards it to the Onboarding API
// with the user's own token, kept here. Both behave the same for every email
// (an unknown one goes to the placeholder user) and the video's answer comes
// no sooner than loginAnswerFloorMs after it arrived, analysed or not.
import { randomBytes } from 'node:crypto';
import { OnboardingApiError, type Challenge } from '@alice-face/onboarding-client';
import { Router, type Request } from 'express';
import { HttpError, retryAfterSeconds } from '@alice-face/http-common';
import { holdUntil, withRecording } from '../recording-upload.js';
import type { LoginAttempt } from '../session-data.js';
import { requireLoginConsent } from './consent.js';
import type { RouteDeps } from './context.js';

/** An attempt's recording must arrive within this of its opening (a challenge itself lasts 60 s). */
export const ATTEMPT_TTL_MS = 5 * 60_000;

export function loginRecordingRoutes(deps: RouteDeps): Router {
  const { client, accounts, options, failures, placeholder, tmpDir } = deps;
  const router = Router();

  /** 429 while this address is limited on this email (rule and numbers: options.loginFailureLimit). */
  const checkLimit = (req: Request, email: string) => {
    const wait = failures.wait(email, req.ip ?? 'unknown');
    if (wait === 0) return;
    throw new HttpError(429, 'TOO_MANY_ATTEMPTS', 'Too many failed logins from your network: please wait a few minutes and try again.', {
      headers: { 'Retry-After': retryAfterSeconds(wait) },
    });
  };

  /** The onboarding user the attempt goes to, and a challenge for it (self-hosted API, when asked for). */
  const target = async (email: string): Promise<{ onboardingUserId: string; challenge?: Challenge | undefined }> => {
    const account = accounts.byEmail(email);
    if (!options.loginChallenge) return { onboardingUserId: account?.onboardingUserId ?? (await placeholder.id()) };
    if (account) {
      try {
        return { onboardingUserId: account.onboardingUserId, challenge: await client.createChallenge(account.onboardingUserId) };
      } catch (err) {
        // The account's onboarding user is gone (deleted by a reviewer): like an unknown email.
        if (!(err instanceof OnboardingApiError && err.code === 'USER_NOT_FOUND')) throw err;
      }
    }
    return placeholder.with(async (userId) => ({ onboardingUserId: userId, challenge: await client.createChallenge(userId) }));
  };

  router.post('/login/attempt', async (req, res) => {
    const email = req.session.loginEmail;
    if (!email) throw new HttpError(403, 'NO_LOGIN', 'Enter your email first.');
    checkLimit(req, email);
    await requireLoginConsent(deps, email);
    const { onboardingUserId, challenge } = await target(email);
    const attempt: LoginAttempt = { id: randomBytes(24).toString('base64url'), email, onboardingUserId, createdAt: Date.now(), challengeId: challenge?.challenge_id };
    req.session.loginAttempt = attempt;
    res.set('Cache-Control', 'no-store').json({ login_attempt: attempt.id, steps: challenge?.steps ?? [] });
  });

  router.post('/login/video', async (req, res) => {
    const email = req.session.loginEmail;
    const attempt = req.session.loginAttempt;
    if (!email || !attempt || attempt.email !== email || attempt.uploadedAt !== undefined || Date.now() - attempt.createdAt > ATTEMPT_TTL_MS) {
      throw new HttpError(409, 'NO_LOGIN_ATTEMPT', 'This recording has no open login attempt: press the button to record again.');
    }
    checkLimit(req, email);
    await withRecording(req, { tmpDir, maxBytes: options.maxUploadBytes }, async (upload) => {
      if (upload.fields.login_attempt !== attempt.id) throw new HttpError(409, 'NO_LOGIN_ATTEMPT', 'This recording has no open login attempt: press the button to record again.');
      const arrived = performance.now();
      attempt.uploadedAt = Date.now();
      let busy = false;
      try {
        attempt.authenticationId = await client.authenticate(attempt.onboardingUserId, upload.path, {
          asUser: true,
          ...(req.ip ? { clientAddress: req.ip } : {}),
          ...(attempt.challengeId ? { challengeId: attempt.challengeId } : {}),
        });
      } catch (err) {
        // The API refusing this user or this recording is an answer like any other: the login fails at
        // POST /login, as it does for an unknown email. Its outages (5xx, network) are not: a 502 page.
        if (!(err instanceof OnboardingApiError && ((err.status >= 400 && err.status < 500 && err.status !== 401) || err.status === 503))) throw err;
        busy = err.status === 503;
      }
      // Counted now, forgiven on a successful login: a recording that never logs in is a failure.
      if (!busy) failures.fail(email, req.ip ?? 'unknown');
      await holdUntil(arrived, options.loginAnswerFloorMs);
    });
    res.set('Cache-Control', 'no-store').json({ login_attempt: attempt.id });
  });

  return router;
}
