// The real stack for flow tests: a self-hosted onboarding server on a temp
// data dir (real face engine) and the example app pointing at it, on
// loopback ports. The example's origin is fixed before the server starts so
// that the server's CORS list can name it.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { OnboardingClient } from '@alice-face/onboarding-client';
import { startExampleApp, type RunningExampleApp } from '../../src/index.js';

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
}

export async function startStack(opts: StackOptions = {}): Promise<Stack> {
  const dir = mkdtempSync(join(tmpdir(), 'example-stack-'));
  const port = await freePort();
  const { startOnboardingServer } = await import('@alice-face/onboarding-server');
  const onboarding = await startOnboardingServer({
    dataDir: join(dir, 'onboarding'),
    workers: 1,
    logLevel: 'warn',
    corsOrigins: [`http://127.0.0.1:${port}`],
    ...(opts.fixedChallengeSteps ? { fixedChallengeSteps: opts.fixedChallengeSteps } : {}),
    // A passive login page needs a server that still takes authentications without a challenge.
    ...(opts.loginChallenge === false ? { requireChallenge: false } : {}),
  });
  const example = await startExampleApp({
    dataDir: join(dir, 'example'),
    port,
    onboardingUrl: onboarding.url,
    apiKey: onboarding.apiKey,
    ...(opts.loginChallenge === undefined ? {} : { loginChallenge: opts.loginChallenge }),
  });
  const client = new OnboardingClient({ apiKey: onboarding.apiKey, baseUrl: onboarding.url });
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

/** Uploads a clip the way the browser does: multipart `video`, Bearer user token. */
export async function uploadAsBrowser(url: string, token: string, file: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const form = new FormData();
  form.append('video', new Blob([readFileSync(file)], { type: 'video/mp4' }), basename(file));
  const res = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}
