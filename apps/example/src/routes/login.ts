// Face login: the email step, a fresh user token for the browser's
// authenticate upload, and POST /login handled by the alice-face strategy.
import { Router, type NextFunction, type Request, type Response } from 'express';
import { normalizeEmail, type Account } from '../accounts.js';
import type { AppUser } from '../auth.js';
import { challengeFailureReason } from '../challenge-reason.js';
import { HttpError } from '../errors.js';
import { friendlyFailure } from '../failure-messages.js';
import { loginCapturePage } from '../views/capture-pages.js';
import { loginEmailPage, type Scores } from '../views/pages.js';
import { consentState, requireConsent } from './consent.js';
import { field, pageContext, type RouteDeps } from './context.js';
import { emailSchema } from './signup.js';

interface FailInfo {
  message?: string;
  code?: string;
  scores?: Record<string, number | null | undefined>;
}

interface AuthenticationLike {
  authentication_id: string;
  face_liveness: number | null;
  face_matching: number | null;
}

function scoresOf(info: FailInfo | undefined): Scores | undefined {
  const s = info?.scores;
  if (!s) return undefined;
  return { liveness: s.liveness ?? s.face_liveness ?? null, matching: s.matching ?? s.face_matching ?? null };
}

export function loginRoutes(deps: RouteDeps): Router {
  const { client, accounts, options, authenticator } = deps;
  const router = Router();
  const uploadUrl = `${options.publicOnboardingUrl}/user/authenticate`;
  const challengeUrl = options.loginChallenge ? `${options.publicOnboardingUrl}/user/challenge` : undefined;

  /** For a liveness refusal: the failed challenge step, read from the authentication (undefined when none or unreadable). */
  const challengeReason = async (account: Account, code: string | undefined, authenticationId: string | undefined) => {
    if (code !== 'LIVENESS_TOO_LOW' || !authenticationId) return undefined;
    const auth = await client.getAuthentication(account.onboardingUserId, authenticationId).catch(() => undefined);
    return challengeFailureReason(auth);
  };

  const loggingIn = (req: Request): Account | undefined => {
    const id = req.session.loginAccountId;
    return id === undefined ? undefined : accounts.byId(id);
  };

  router.get('/login', (req, res) => {
    res.send(loginEmailPage(pageContext(req)));
  });

  router.post('/login/start', async (req, res) => {
    const email = normalizeEmail(field(req, 'email') ?? '');
    if (!emailSchema.safeParse(email).success) {
      res.status(400).send(loginEmailPage(pageContext(req), { error: 'Please enter a valid email address.', email }));
      return;
    }
    const account = accounts.byEmail(email);
    if (!account) {
      res.status(404).send(loginEmailPage(pageContext(req), { error: "We don't know that email. Check it, or sign up first.", email }));
      return;
    }
    const status = await client.getUserStatus(account.onboardingUserId);
    if (!status.authorized) {
      const info =
        status.state === 'SELFIE_VALID'
          ? 'Your enrollment is waiting for approval by a reviewer. Try again once it is approved.'
          : 'This account has no accepted selfie yet: finish enrollment first.';
      res.status(403).send(loginEmailPage(pageContext(req), { info, email }));
      return;
    }
    req.session.loginAccountId = account.id;
    res.redirect(303, '/login/face');
  });

  router.get('/login/face', async (req, res) => {
    const account = loggingIn(req);
    if (!account) return res.redirect(303, '/login');
    // A login is a recording too: consent (to the terms in force now) before the camera.
    if (!(await consentState(deps, account.id)).current) return res.redirect(303, '/consent?for=login');
    res.send(loginCapturePage(pageContext(req), { email: account.email, uploadUrl, challengeUrl }));
  });

  router.post('/login/token', async (req, res) => {
    const account = loggingIn(req);
    if (!account) throw new HttpError(403, 'NO_LOGIN', 'Enter your email first.');
    await requireConsent(deps, account.id);
    const token = await client.createUserToken(account.onboardingUserId);
    res.set('Cache-Control', 'no-store').json({ token });
  });

  router.post('/login', (req: Request, res: Response, next: NextFunction) => {
    const account = loggingIn(req) ?? accounts.byEmail(field(req, 'email') ?? '');
    if (!account) return res.redirect(303, '/login');
    const handle = (err: unknown, user: AppUser | false, info?: FailInfo & { authentication?: AuthenticationLike }, status?: number) => {
      if (err) return next(err);
      if (!user) {
        const failure = friendlyFailure(info?.code, status);
        void challengeReason(account, info?.code, field(req, 'authentication_id')).then((reason) => {
          res
            .status(status ?? 401)
            .set('X-Login-Failure', info?.code ?? 'UNKNOWN')
            .send(loginCapturePage(pageContext(req), { email: account.email, uploadUrl, challengeUrl, failure: { ...failure, reason, scores: scoresOf(info) } }));
        }, next);
        return;
      }
      req.logIn(user, (loginErr) => {
        if (loginErr) return next(loginErr);
        const a = info?.authentication;
        req.session.lastLogin = {
          at: new Date().toISOString(),
          authenticationId: a?.authentication_id ?? field(req, 'authentication_id') ?? '',
          liveness: a?.face_liveness ?? scoresOf(info)?.liveness ?? null,
          matching: a?.face_matching ?? scoresOf(info)?.matching ?? null,
        };
        accounts.markLoggedIn(user.id);
        res.redirect(303, '/profile');
      });
    };
    authenticator.authenticate('alice-face', handle)(req, res, next);
  });

  return router;
}
