// Enrollment: the capture page, the recording (received here and forwarded to
// the Onboarding API as the user, with the user's own token kept by this
// backend), and the decision once the selfie is in. The browser holds no token.
import { Router, type Request } from 'express';
import { OnboardingApiError } from '@alice-face/onboarding-client';
import type { Account } from '../accounts.js';
import { HttpError } from '@alice-face/http-common';
import { reviewEnrollment } from '../enrollment-review.js';
import { withRecording } from '../recording-upload.js';
import { enrollDonePage, enrollPage } from '../views/capture-pages.js';
import { requireConsent, consentState } from './consent.js';
import { pageContext, type RouteDeps } from './context.js';

export function enrollRoutes(deps: RouteDeps): Router {
  const { client, accounts, options, tmpDir } = deps;
  const router = Router();

  const enrolling = (req: Request): Account | undefined => {
    const id = req.session.enrollAccountId;
    return id === undefined ? undefined : accounts.byId(id);
  };

  router.get('/enroll', async (req, res) => {
    const account = enrolling(req);
    if (!account) return res.redirect(303, '/signup');
    // The consent page comes first: no camera starts before the person agreed.
    if (!(await consentState(deps, account.id)).current) return res.redirect(303, '/consent?for=enroll');
    res.send(enrollPage(pageContext(req), { email: account.email }));
  });

  // The recording of the account this session signed up. As the user (asUser), the API refuses a
  // selfie once face login is enabled, also when approval comes during the upload, and tells no score.
  router.post('/enroll/video', async (req, res) => {
    const account = enrolling(req);
    if (!account) throw new HttpError(403, 'NO_ENROLLMENT', 'Sign up first, then enroll your face.');
    await requireConsent(deps, account.id);
    await withRecording(req, { tmpDir, maxBytes: options.maxUploadBytes }, async (upload) => {
      try {
        const { selfie_id } = await client.addSelfie(account.onboardingUserId, upload.path, { asUser: true, ...(req.ip ? { clientAddress: req.ip } : {}) });
        req.session.enrollSelfieId = selfie_id;
      } catch (err) {
        // The API's refusals of the recording (no face, not a video…) are for the person at the camera.
        if (err instanceof OnboardingApiError && err.status >= 400 && err.status < 500 && err.status !== 401) {
          const message = err.code === 'AUTHENTICATION_ENABLED' ? 'This account is already approved: log in with your face instead.' : err.message;
          throw new HttpError(err.status, err.code, message, { cause: err });
        }
        throw err;
      }
    });
    res.set('Cache-Control', 'no-store').json({ received: true });
  });

  router.post('/enroll/complete', async (req, res) => {
    const account = enrolling(req);
    if (!account) return res.redirect(303, '/signup');
    const report = await client.getReport(account.onboardingUserId);
    const decision = reviewEnrollment(report, req.session.enrollSelfieId, options.thresholds.liveness);
    delete req.session.enrollSelfieId;
    if (!decision.accepted) {
      if (decision.voidSelfie) {
        await client.voidSelfie(account.onboardingUserId).catch((err: unknown) => {
          if (!(err instanceof OnboardingApiError && err.code === 'NO_SELFIE')) throw err;
        });
      }
      const retry = { reason: decision.reason ?? 'Your selfie was not accepted.', hints: decision.hints };
      res.status(422).send(enrollPage(pageContext(req), { email: account.email, retry }));
      return;
    }
    accounts.markEnrolled(account.id);
    delete req.session.enrollAccountId;
    res.send(enrollDonePage(pageContext(req), { email: account.email }));
  });

  return router;
}
