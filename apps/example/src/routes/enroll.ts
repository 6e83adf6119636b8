// Enrollment: the capture page, a user token for the browser's direct upload
// to the Onboarding API, and the decision once the selfie is in.
import { Router, type Request } from 'express';
import { OnboardingApiError } from '@alice-face/onboarding-client';
import type { Account } from '../accounts.js';
import { HttpError } from '../errors.js';
import { reviewEnrollment } from '../enrollment-review.js';
import { enrollDonePage, enrollPage } from '../views/capture-pages.js';
import { consentState, requireConsent } from './consent.js';
import { field, pageContext, type RouteDeps } from './context.js';

export function enrollRoutes(deps: RouteDeps): Router {
  const { client, accounts, options } = deps;
  const router = Router();
  const uploadUrl = `${options.publicOnboardingUrl}/user/selfie`;

  const enrolling = (req: Request): Account | undefined => {
    const id = req.session.enrollAccountId;
    return id === undefined ? undefined : accounts.byId(id);
  };

  router.get('/enroll', async (req, res) => {
    const account = enrolling(req);
    if (!account) return res.redirect(303, '/signup');
    // The consent page comes first: no camera starts before the person agreed.
    if (!(await consentState(deps, account.id)).current) return res.redirect(303, '/consent?for=enroll');
    res.send(enrollPage(pageContext(req), { email: account.email, uploadUrl }));
  });

  // A fresh user token for the browser, scoped to this one onboarding user.
  router.post('/enroll/token', async (req, res) => {
    const account = enrolling(req);
    if (!account) throw new HttpError(403, 'NO_ENROLLMENT', 'Sign up first, then enroll your face.');
    await requireConsent(deps, account.id);
    const token = await client.createUserToken(account.onboardingUserId);
    res.set('Cache-Control', 'no-store').json({ token });
  });

  router.post('/enroll/complete', async (req, res) => {
    const account = enrolling(req);
    if (!account) return res.redirect(303, '/signup');
    const report = await client.getReport(account.onboardingUserId);
    const decision = reviewEnrollment(report, field(req, 'selfie_id') || undefined, options.thresholds.liveness);
    if (!decision.accepted) {
      if (decision.voidSelfie) {
        await client.voidSelfie(account.onboardingUserId).catch((err: unknown) => {
          if (!(err instanceof OnboardingApiError && err.code === 'NO_SELFIE')) throw err;
        });
      }
      res.status(422).send(
        enrollPage(pageContext(req), {
          email: account.email,
          uploadUrl,
          retry: {
            reason: decision.reason ?? 'Your selfie was not accepted.',
            hints: decision.hints,
            liveness: decision.liveness,
            threshold: options.thresholds.liveness,
          },
        }),
      );
      return;
    }
    accounts.markEnrolled(account.id);
    delete req.session.enrollAccountId;
    res.send(
      enrollDonePage(pageContext(req), {
        email: account.email,
        liveness: decision.liveness,
        threshold: options.thresholds.liveness,
      }),
    );
  });

  return router;
}
