// Passport wiring: one Authenticator per app (not the global singleton, so
// several apps can live in one process), the alice-face strategy, and the
// session (de)serialisation of the app's own account id.
import passport from 'passport';
import type { Request } from 'express';
import { AliceFaceStrategy } from 'passport-alice-face';
import type { OnboardingClient } from '@alice-face/onboarding-client';
import type { ReplayStore } from 'passport-alice-face';
import type { Accounts, Account } from './accounts.js';
import type { Db } from './database.js';
import { SqliteReplayStore } from './replay-store.js';
import type { LoginAttempt } from './session-data.js';

export interface AppUser {
  id: number;
  email: string;
  onboardingUserId: string;
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface User extends AppUser {}
    interface Request {
      /** The attempt POST /login is deciding, taken out of the session (routes/login.ts). */
      loginAttempt?: LoginAttempt;
    }
  }
}

export type Authenticator = InstanceType<typeof passport.Passport>;

const toUser = (a: Account): AppUser => ({ id: a.id, email: a.email, onboardingUserId: a.onboardingUserId });

export interface AuthDeps {
  client: OnboardingClient;
  accounts: Accounts;
  thresholds: { liveness: number; matching: number };
  maxAgeSeconds: number;
  /** Defaults to the SQLite store in `db`. */
  replayStore?: ReplayStore | undefined;
  db: Db;
}

export function createAuthenticator({ client, accounts, thresholds, maxAgeSeconds, replayStore, db }: AuthDeps): Authenticator {
  const authenticator = new passport.Passport();
  authenticator.use(
    new AliceFaceStrategy(
      {
        client,
        // Both from the attempt this backend made and kept: never from what the browser posts.
        userId: (req: Request) => req.loginAttempt?.onboardingUserId,
        authenticationId: (req: Request) => req.loginAttempt?.authenticationId,
        livenessThreshold: thresholds.liveness,
        matchingThreshold: thresholds.matching,
        maxAgeSeconds,
        replayStore: replayStore ?? new SqliteReplayStore(db),
      },
      async (userId: string) => {
        const account = accounts.byOnboardingUserId(userId);
        return account ? toUser(account) : false;
      },
    ),
  );
  authenticator.serializeUser((user, done) => done(null, user.id));
  authenticator.deserializeUser((id: number, done) => {
    const account = accounts.byId(id);
    done(null, account ? toUser(account) : false);
  });
  return authenticator;
}
