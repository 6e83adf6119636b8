// Home, the profile of the logged-in person, and logout.
import { Router } from 'express';
import { consentSection } from '../views/consent-pages.js';
import { homePage, profilePage } from '../views/pages.js';
import { pageContext, type RouteDeps } from './context.js';

export function accountRoutes({ options, consents }: RouteDeps): Router {
  const router = Router();

  router.get('/', (req, res) => {
    res.send(homePage(pageContext(req)));
  });

  router.get('/profile', (req, res) => {
    if (!req.user) return res.redirect(303, '/login');
    const last = req.session.lastLogin;
    res.send(
      profilePage(pageContext(req), {
        email: req.user.email,
        onboardingUserId: req.user.onboardingUserId,
        loggedInAt: last?.at ?? '',
        authenticationId: last?.authenticationId,
        scores: last ? { liveness: last.liveness, matching: last.matching } : undefined,
        thresholds: options.thresholds,
        faceData: consentSection(pageContext(req), consents.latest(req.user.id)),
      }),
    );
  });

  router.post('/logout', (req, res, next) => {
    req.logout((err) => {
      if (err) return next(err);
      req.session.destroy((destroyErr) => {
        if (destroyErr) return next(destroyErr);
        res.clearCookie('example.sid', { path: '/' });
        res.redirect(303, '/');
      });
    });
  });

  return router;
}
