// A complete Express app with face login, stateless (JSON in, JSON out).
// Run it against a local onboarding server:
//   ONBOARDING_API_KEY=… ONBOARDING_URL=http://127.0.0.1:4000/onboarding \
//     node --import tsx examples/login-app.ts
// In your app, import from 'passport-alice-face' instead of '../src/index.js'.
import { OnboardingClient } from '@alice-face/onboarding-client';
import express, { type NextFunction, type Request, type Response } from 'express';
import passport from 'passport';
import { AliceFaceStrategy, type AliceFaceFailure } from '../src/index.js';

const client = new OnboardingClient({
  apiKey: process.env.ONBOARDING_API_KEY ?? '',
  baseUrl: process.env.ONBOARDING_URL ?? 'http://127.0.0.1:4000/onboarding',
});

// Your user table: which onboarding user each account enrolled as.
const accounts = new Map([['ada@example.com', { id: 1, name: 'Ada', onboardingUserId: process.env.DEMO_USER_ID ?? '' }]]);

passport.use(
  new AliceFaceStrategy(
    {
      client,
      // Who claims to log in. An unknown email still gets an id, so that the
      // answer (AUTHENTICATION_NOT_FOUND) does not reveal which emails exist.
      userId: (req) => accounts.get(String(req.body.email))?.onboardingUserId || 'unknown-user',
      livenessThreshold: 50,
      matchingThreshold: 50,
      maxAgeSeconds: 120,
    },
    async (onboardingUserId) => {
      for (const account of accounts.values()) if (account.onboardingUserId === onboardingUserId) return account;
      return false;
    },
  ),
);

const app = express();
app.use(express.json());
app.use(express.urlencoded({ extended: false }));
app.use(passport.initialize());

// The browser recorded a video, posted it to POST /onboarding/user/authenticate
// with a user token, and now sends { email, authentication_id } here.
app.post('/login', (req: Request, res: Response, next: NextFunction) => {
  passport.authenticate('alice-face', { session: false }, (err: Error | null, user: unknown, info: unknown, status?: number) => {
    if (err) return next(err); // API down, bad configuration: a 500, never a login
    if (!user) {
      const failure = info as AliceFaceFailure;
      return res.status(status ?? 401).json({ code: failure.code, message: failure.message });
    }
    res.json({ user }); // the scores (info.scores) stay on the server
  })(req, res, next);
});

app.use((err: Error & { code?: string }, _req: Request, res: Response, _next: NextFunction) => {
  console.error(err.code, err.message); // never log tokens or media
  res.status(500).json({ code: 'LOGIN_UNAVAILABLE', message: 'Face login is unavailable right now.' });
});

const port = Number(process.env.PORT ?? 3000);
app.listen(port, '127.0.0.1', () => console.log(`Listening on http://127.0.0.1:${port}`));
