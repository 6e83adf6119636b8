// Sign-up: create the onboarding user for an email, remember the mapping,
// and send the person to the enrollment page of this session.
import { Router } from 'express';
import { z } from 'zod';
import { normalizeEmail } from '../accounts.js';
import { signupPage } from '../views/pages.js';
import { field, pageContext, type RouteDeps } from './context.js';

export const emailSchema = z.email();

export function signupRoutes({ client, accounts }: RouteDeps): Router {
  const router = Router();

  router.get('/signup', (req, res) => {
    res.send(signupPage(pageContext(req)));
  });

  router.post('/signup', async (req, res) => {
    const email = normalizeEmail(field(req, 'email') ?? '');
    if (!emailSchema.safeParse(email).success) {
      res.status(400).send(signupPage(pageContext(req), { error: 'Please enter a valid email address.', email }));
      return;
    }
    if (accounts.byEmail(email)) {
      res
        .status(409)
        .send(signupPage(pageContext(req), { error: 'An account with this email already exists. Log in instead.', email }));
      return;
    }
    const onboardingUserId = await client.createUser({ email });
    let accountId: number;
    try {
      accountId = accounts.create(email, onboardingUserId).id;
    } catch (err) {
      // Lost a race with another sign-up of the same email: undo our onboarding user.
      await client.deleteUser(onboardingUserId).catch(() => undefined);
      if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') {
        res.status(409).send(signupPage(pageContext(req), { error: 'An account with this email already exists. Log in instead.', email }));
        return;
      }
      throw err;
    }
    req.session.enrollAccountId = accountId;
    res.redirect(303, '/enroll');
  });

  return router;
}
