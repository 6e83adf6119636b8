// What every route handler shares: the app's collaborators and the page
// context (CSRF token, logged-in user) for the views.
import type { Request } from 'express';
import type { OnboardingClient } from '@alice-face/onboarding-client';
import type { FailureLimiter } from '@alice-face/rate-limit';
import type { Accounts } from '../accounts.js';
import type { Authenticator } from '../auth.js';
import type { ResolvedOptions } from '../config.js';
import type { PlaceholderUser } from '../placeholder-user.js';
import type { Consents } from '../consent.js';
import type { RetentionTermsSource } from '../retention-terms.js';
import { csrfToken } from '@alice-face/http-common';
import type { PageContext } from '../views/layout.js';

export interface RouteDeps {
  options: ResolvedOptions;
  client: OnboardingClient;
  accounts: Accounts;
  authenticator: Authenticator;
  /** Failed face logins per account (email) and per client address. */
  failures: FailureLimiter;
  /** The onboarding user of logins whose email has no account. */
  placeholder: PlaceholderUser;
  /** Where recordings wait while they are forwarded (dataDir/tmp, 0700). */
  tmpDir: string;
  consents: Consents;
  /** The retention the consent text states (the API's published schedule). */
  retentionTerms: RetentionTermsSource;
}

export function pageContext(req: Request): PageContext {
  // Lazy, so that pages without a form (home for a visitor) create no session.
  return {
    get csrfToken() {
      return csrfToken(req);
    },
    user: req.user,
  };
}

export function field(req: Request, name: string): string | undefined {
  const value = (req.body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : undefined;
}
