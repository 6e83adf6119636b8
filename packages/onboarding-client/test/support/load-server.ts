// Loads the self-hosted server (apps/onboarding-server) for the integration test. The client
// cannot list it as a dependency (the server's tests depend on the client: a cycle), so it is
// resolved through the workspace, by its own package name and exports map.
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface StartedServer {
  url: string;
  apiKey: string;
  close(): Promise<void>;
}

export type StartOnboardingServer = (options: {
  dataDir: string;
  port?: number;
  host?: string;
  apiKey?: string;
  workers?: number;
  logLevel?: string;
  warmEngine?: boolean;
  webhooks?: { allowPrivate?: boolean; httpHosts?: string[]; retry?: { baseMs?: number; maxMs?: number }; pollMs?: number };
  /** The server requires a challenge_id for authentications unless this is false. */
  requireChallenge?: boolean;
}) => Promise<StartedServer>;

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');

export async function loadOnboardingServer(): Promise<StartOnboardingServer> {
  const fromServer = createRequire(join(repoRoot, 'apps', 'onboarding-server', 'package.json'));
  const entry = fromServer.resolve('@alice-face/onboarding-server');
  const module = (await import(pathToFileURL(entry).href)) as { startOnboardingServer?: unknown };
  if (typeof module.startOnboardingServer !== 'function') {
    throw new Error(`@alice-face/onboarding-server (${entry}) does not export startOnboardingServer; build it with \`pnpm build\`.`);
  }
  return module.startOnboardingServer as StartOnboardingServer;
}
