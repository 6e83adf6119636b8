// Home, the profile of the logged-in person, and logout.
import { Router } from 'express';
import { consentSection } from '../views/consent-pages.js';
import { homePage, profilePage } from '../views/pages.js';
import { pageContext, type RouteDeps } from './context.js';

export function accountRoutes({ consents }: RouteDeps): Router {
  const router = Router();

  router.get('/', (req, res) => {
    res.send(homePage(pageContext(req)));
  });

  router.get('/profile', (req, res) => {
    if (!req.user) return res.redirect(303, '/login');
    res.send(
      profilePage(pageContext(req), {
        email: req.user.email,
        onboardingUserId: req.user.onboardingUserId,
        loggedInAt: req.session.lastLogin?.at ?? '',
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
