// Consent before any capture: the consent page (GET /consent, no camera on
// it), agreeing (POST /consent), the check every capture route makes
// (requireConsent: the server refuses, whatever the page shows), and the
// withdrawal from the profile, which deletes the face data at the API.
import { Router, type Request } from 'express';
import type { Account } from '../accounts.js';
import { isCurrent } from '../consent.js';
import { HttpError } from '@alice-face/http-common';
import { consentPage, withdrawnPage } from '../views/consent-pages.js';
import { field, pageContext, type RouteDeps } from './context.js';

type Purpose = 'enroll' | 'login';

/** The account a consent is asked for: the one this session is enrolling, or logging in as. */
function accountFor(deps: RouteDeps, req: Request, purpose: Purpose): Account | undefined {
  if (purpose === 'login') return req.session.loginEmail === undefined ? undefined : deps.accounts.byEmail(req.session.loginEmail);
  return req.session.enrollAccountId === undefined ? undefined : deps.accounts.byId(req.session.enrollAccountId);
}

/** Where a session with no account to ask about goes: an email without an account goes on to the camera like any other. */
const noAccount = (req: Request, purpose: Purpose) => (purpose === 'enroll' ? '/signup' : req.session.loginEmail ? '/login/face' : '/login');

/** Whether the account holds a current consent; otherwise whether it had agreed to other terms (asked again). */
export async function consentState(deps: RouteDeps, accountId: number): Promise<{ current: true } | { current: false; changed: boolean }> {
  const latest = deps.consents.latest(accountId);
  if (isCurrent(latest, await deps.retentionTerms.get())) return { current: true };
  return { current: false, changed: latest !== undefined && latest.withdrawnAt === null };
}

const consentRequired = () => new HttpError(403, 'CONSENT_REQUIRED', 'Agree to the use of your face data before recording: reload the page to read it.');

/** For the routes that start or receive a recording: 403 CONSENT_REQUIRED without a current consent. */
export async function requireConsent(deps: RouteDeps, accountId: number): Promise<void> {
  if (!(await consentState(deps, accountId)).current) throw consentRequired();
}

/**
 * Whether a login by this email must be agreed to first: only an account enrolled under terms that
 * changed since. Any other email (unknown, never agreed, withdrawn) has no face data at the API, which
 * refuses its recording at once without analysing it, as it does an unknown email's (SECURITY.md, Enumeration).
 */
export async function loginNeedsConsent(deps: RouteDeps, email: string): Promise<boolean> {
  const account = deps.accounts.byEmail(email);
  if (!account) return false;
  const state = await consentState(deps, account.id);
  return !state.current && state.changed;
}

/** For the login routes that start a recording: 403 CONSENT_REQUIRED when loginNeedsConsent. */
export async function requireLoginConsent(deps: RouteDeps, email: string): Promise<void> {
  if (await loginNeedsConsent(deps, email)) throw consentRequired();
}

export function consentRoutes(deps: RouteDeps): Router {
  const router = Router();
  const purposeOf = (value: unknown): Purpose => (value === 'login' ? 'login' : 'enroll');
  const next = (purpose: Purpose) => (purpose === 'login' ? '/login/face' : '/enroll');

  router.get('/consent', async (req, res) => {
    const purpose = purposeOf(req.query.for);
    const account = accountFor(deps, req, purpose);
    if (!account) return res.redirect(303, noAccount(req, purpose));
    const state = await consentState(deps, account.id);
    if (state.current) return res.redirect(303, next(purpose));
    res.send(consentPage(pageContext(req), { purpose, email: account.email, terms: await deps.retentionTerms.get(), changed: state.changed }));
  });

  router.post('/consent', async (req, res) => {
    const purpose = purposeOf(field(req, 'purpose'));
    const account = accountFor(deps, req, purpose);
    if (!account) return res.redirect(303, noAccount(req, purpose));
    const terms = await deps.retentionTerms.get();
    if (field(req, 'agree') !== 'yes') {
      const error = 'Tick the box to agree, or leave this page: without your agreement no recording starts.';
      res.status(400).send(consentPage(pageContext(req), { purpose, email: account.email, terms, error }));
      return;
    }
    deps.consents.give(account.id, terms);
    res.redirect(303, next(purpose));
  });

  router.post('/consent/withdraw', async (req, res) => {
    if (!req.user) return res.redirect(303, '/login');
    if (field(req, 'confirm') !== 'yes') throw new HttpError(400, 'CONFIRMATION_REQUIRED', 'Tick the box to confirm that your face data is to be deleted.');
    const account = req.user;
    // At the API first: if it fails, the consent stays on record and nothing claims the data is gone.
    const gone = await deps.client.deleteBiometrics(account.onboardingUserId, { operator: 'account holder', updateReasons: [{ reason: 'Consent withdrawn' }] });
    deps.consents.withdraw(account.id);
    deps.accounts.clearEnrolled(account.id);
    req.session.enrollAccountId = account.id; // "Enroll again" leads to the consent page
    res.send(withdrawnPage(pageContext(req), { selfies: gone.selfies_deleted, videos: gone.videos_destroyed }));
  });

  return router;
}
