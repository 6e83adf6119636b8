// Face login: the email step, the camera page and POST /login, handled by the
// alice-face strategy on the authentication id this backend kept for the
// attempt (routes/login-recording.ts makes it). What a login reveals about an
// email: nothing before a face matched the account (SECURITY.md, Enumeration).
// The email step answers the same for every valid email and asks nothing of
// the Onboarding API; a refused login reads NOT_VERIFIED unless the face
// matched; refused pages come no sooner than options.loginRefusalFloorMs.
import { Router, type NextFunction, type Request, type Response } from 'express';
import type { AliceFaceFailure } from 'passport-alice-face';
import { normalizeEmail } from '../accounts.js';
import type { AppUser } from '../auth.js';
import { loginFailure, NO_RECORDING, type FriendlyFailure } from '../failure-messages.js';
import { holdUntil } from '../recording-upload.js';
import { loginCapturePage } from '../views/capture-pages.js';
import { loginEmailPage } from '../views/pages.js';
import { loginNeedsConsent } from './consent.js';
import { field, pageContext, type RouteDeps } from './context.js';
import { emailSchema } from './signup.js';

export function loginRoutes(deps: RouteDeps): Router {
  const { options, authenticator, failures } = deps;
  const router = Router();

  router.get('/login', (req, res) => {
    res.send(loginEmailPage(pageContext(req)));
  });

  // Any valid email goes on to the camera: whether it has an account, a selfie or an approval is not looked up here.
  router.post('/login/start', (req, res) => {
    const email = normalizeEmail(field(req, 'email') ?? '');
    if (!emailSchema.safeParse(email).success) {
      res.status(400).send(loginEmailPage(pageContext(req), { error: 'Please enter a valid email address.', email }));
      return;
    }
    req.session.loginEmail = email;
    delete req.session.loginAttempt;
    res.redirect(303, '/login/face');
  });

  router.get('/login/face', async (req, res) => {
    const email = req.session.loginEmail;
    if (!email) return res.redirect(303, '/login');
    // A login is a recording too: an account enrolled under terms that changed since agrees to the new ones first.
    if (await loginNeedsConsent(deps, email)) return res.redirect(303, '/consent?for=login');
    res.send(loginCapturePage(pageContext(req), { email, challenge: options.loginChallenge }));
  });

  router.post('/login', (req: Request, res: Response, next: NextFunction) => {
    const arrived = performance.now();
    const email = req.session.loginEmail;
    if (!email) return res.redirect(303, '/login');
    const attempt = req.session.loginAttempt;
    const sent = field(req, 'login_attempt');
    // An attempt is decided once: gone after a login or a refusal, kept when the API failed (a 502), so it can be posted again.
    const refuse = (failure: FriendlyFailure, status: number) => {
      delete req.session.loginAttempt;
      void holdUntil(arrived, options.loginRefusalFloorMs).then(() => {
        res
          .status(status)
          .set('X-Login-Failure', failure.code)
          .send(loginCapturePage(pageContext(req), { email, challenge: options.loginChallenge, failure }));
      }, next);
    };
    if (!attempt || !sent || attempt.id !== sent || attempt.uploadedAt === undefined) return refuse(NO_RECORDING, 400);
    req.loginAttempt = attempt;

    // The strategy decides (an id the API gave, its age, the scores, replay, whether the face matched);
    // this only renders its answer. Any refusal is a 401 here, also its 400 for an attempt whose
    // recording the API refused (no authentication id): the page reads the same either way.
    const handle = (err: unknown, user: AppUser | false, info?: AliceFaceFailure) => {
      if (err) return next(err);
      if (!user) return refuse(loginFailure(info), 401);
      delete req.session.loginAttempt;
      req.logIn(user, (loginErr) => {
        if (loginErr) return next(loginErr);
        req.session.lastLogin = { at: new Date().toISOString() };
        failures.forgive(email, req.ip ?? 'unknown');
        res.redirect(303, '/profile');
      });
    };
    authenticator.authenticate('alice-face', handle)(req, res, next);
  });

  return router;
}
