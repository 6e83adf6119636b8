// One real onboarding server (temp SQLite + media, one face worker) and one
// admin server on loopback, shared by a test file.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OnboardingClient } from '@alice-face/onboarding-client';
import { startOnboardingServer, type StartOptions } from '@alice-face/onboarding-server';
import { startAdminServer } from '../../server/index.js';
import type { AdminServer, AdminServerOptions } from '../../server/index.js';

export const REVIEWER = { email: 'reviewer@example.com', password: 'correct horse battery staple' };
const API_KEY = 'test_admin_key_0123456789abcdef';

export interface Stack {
  onboardingUrl: string;
  client: OnboardingClient;
  admin: AdminServer;
  adminDir: string;
  close(): Promise<void>;
}

export async function startStack(adminOptions: Partial<AdminServerOptions> = {}, onboardingOptions: Partial<StartOptions> = {}): Promise<Stack> {
  const root = mkdtempSync(join(tmpdir(), 'alice-admin-'));
  // Reviewers see passive authentications too (uploads without a challenge_id), so the server accepts them here.
  const onboarding = await startOnboardingServer({ dataDir: join(root, 'onboarding'), apiKey: API_KEY, workers: 1, logLevel: 'warn', requireChallenge: false, ...onboardingOptions });
  const adminDir = join(root, 'admin');
  const admin = await startAdminServer({
    dataDir: adminDir,
    onboardingUrl: onboarding.url,
    apiKey: API_KEY,
    reviewer: REVIEWER,
    log: () => {},
    ...adminOptions,
  });
  return {
    onboardingUrl: onboarding.url,
    client: new OnboardingClient({ apiKey: API_KEY, baseUrl: onboarding.url }),
    admin,
    adminDir,
    async close() {
      await admin.close();
      await onboarding.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
