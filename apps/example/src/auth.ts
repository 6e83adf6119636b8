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

export interface AppUser {
  id: number;
  email: string;
  onboardingUserId: string;
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface User extends AppUser {}
  }
}

export type Authenticator = InstanceType<typeof passport.Passport>;

const toUser = (a: Account): AppUser => ({ id: a.id, email: a.email, onboardingUserId: a.onboardingUserId });

/**
 * The onboarding user a login claims: the account chosen in the email step
 * (kept in the session), else an `email` field posted with the form. The
 * strategy then only accepts an authentication that belongs to this user.
 */
export function claimedUserId(req: Request, accounts: Accounts): string | undefined {
  const fromSession = req.session.loginAccountId;
  if (fromSession !== undefined) return accounts.byId(fromSession)?.onboardingUserId;
  const email = (req.body as Record<string, unknown> | undefined)?.email;
  return typeof email === 'string' ? accounts.byEmail(email)?.onboardingUserId : undefined;
}

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
        userId: (req: Request) => claimedUserId(req, accounts),
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
