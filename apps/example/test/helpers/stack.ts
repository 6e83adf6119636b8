// The real stack for flow tests: a self-hosted onboarding server on a temp
// data dir (real face engine) and the example app pointing at it, on
// loopback ports. The example forwards its visitors' recordings and names
// them in X-Forwarded-For; the server trusts loopback for it, as the demo does.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OnboardingClient } from '@alice-face/onboarding-client';
import { startExampleApp, type ExampleAppOptions, type RunningExampleApp } from '../../src/index.js';

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

export interface Stack {
  dir: string;
  onboardingUrl: string;
  apiKey: string;
  example: RunningExampleApp;
  client: OnboardingClient;
  close(): Promise<void>;
}

export interface StackOptions {
  /** The login page records in challenge mode (the app's default); false keeps passive login. */
  loginChallenge?: boolean;
  /** Test-only: the steps of every challenge the onboarding server issues (read at each issue). */
  fixedChallengeSteps?: () => string[] | undefined;
  /** Subscribes the example's POST /webhooks/alice to selfie_added with this secret (loopback targets allowed, as in the demo). */
  webhookSecret?: string;
  /** More options of the example app (limits, trust proxy, answer floor). */
  example?: Partial<ExampleAppOptions>;
}

export async function startStack(opts: StackOptions = {}): Promise<Stack> {
  const dir = mkdtempSync(join(tmpdir(), 'example-stack-'));
  const port = await freePort();
  const { startOnboardingServer } = await import('@alice-face/onboarding-server');
  const onboarding = await startOnboardingServer({
    dataDir: join(dir, 'onboarding'),
    workers: 1,
    logLevel: 'warn',
    trustProxy: ['loopback'],
    ...(opts.fixedChallengeSteps ? { fixedChallengeSteps: opts.fixedChallengeSteps } : {}),
    ...(opts.webhookSecret ? { webhooks: { allowPrivate: true, httpHosts: ['127.0.0.1'], pollMs: 50 } } : {}),
    // A passive login page needs a server that still takes authentications without a challenge.
    ...(opts.loginChallenge === false ? { requireChallenge: false } : {}),
  });
  const example = await startExampleApp({
    dataDir: join(dir, 'example'),
    port,
    onboardingUrl: onboarding.url,
    apiKey: onboarding.apiKey,
    ...(opts.loginChallenge === undefined ? {} : { loginChallenge: opts.loginChallenge }),
    ...(opts.webhookSecret ? { webhookSecret: opts.webhookSecret } : {}),
    ...opts.example,
  });
  const client = new OnboardingClient({ apiKey: onboarding.apiKey, baseUrl: onboarding.url });
  if (opts.webhookSecret) {
    await client.webhooks.createWebhook({ postUrl: `${example.url}/webhooks/alice`, secret: opts.webhookSecret, eventName: 'selfie_added' });
  }
  return {
    dir,
    onboardingUrl: onboarding.url,
    apiKey: onboarding.apiKey,
    example,
    client,
    async close() {
      await example.close();
      await onboarding.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
