// Shared set-up for the scenario tests: one upstream per file, a strategy
// wired to it through the real OnboardingClient, an app per strategy.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect } from 'vitest';
import type { Request } from 'express';
import { AliceFaceStrategy, type StrategyOptions, type VerifyFunction } from '../../src/index.js';
import { startApp, type TestApp } from './app.js';
import { cannedAuthentication, startUpstream, type Upstream } from './upstream.js';

/** The onboarding user id, as a login form would post it (apps usually look it up by email). */
export const userIdFromRequest = (req: Request): string | undefined =>
  (req.body as Record<string, string> | undefined)?.user_id ?? (req.headers['x-user-id'] as string | undefined);

export const acceptUser: VerifyFunction = async (userId) => ({ id: `app-${userId}`, onboardingUserId: userId });

export function strategyFor(
  upstream: Upstream,
  overrides: Partial<StrategyOptions> = {},
  verify: VerifyFunction = acceptUser,
): AliceFaceStrategy {
  return new AliceFaceStrategy(
    { client: { apiKey: upstream.apiKey, baseUrl: upstream.url }, userId: userIdFromRequest, ...overrides },
    verify,
  );
}

/** Registers an authentication owned by `owner` and returns its id. */
export function seed(
  upstream: Upstream,
  owner: string,
  scores: { liveness: number | null; matching: number | null },
  ageSeconds = 5,
  nowMs = Date.now(),
): string {
  const id = randomUUID();
  upstream.add({ owner, authentication: cannedAuthentication(id, scores, ageSeconds, nowMs) });
  return id;
}

/** Apps started in a test file, closed together in afterAll. */
export class Apps {
  readonly #apps: TestApp[] = [];

  async start(strategy: AliceFaceStrategy): Promise<TestApp> {
    const app = await startApp(strategy);
    this.#apps.push(app);
    return app;
  }

  /** Every request got exactly one outcome (the custom callback never ran twice). */
  callbackCounts(): number[] {
    return this.#apps.flatMap((app) => [...app.callbacks.values()]);
  }

  async closeAll(): Promise<void> {
    await Promise.all(this.#apps.map((app) => app.close()));
  }
}

/**
 * A test file's stand-in upstream and apps: starts the upstream before the
 * file's tests (handing it to `set`), and after them checks that each request
 * reached the apps' login callback exactly once, then closes everything.
 */
export function useUpstream(apps: Apps, set: (upstream: Upstream) => void): void {
  let upstream: Upstream | undefined;
  beforeAll(async () => {
    upstream = await startUpstream();
    set(upstream);
  });
  afterAll(async () => {
    expect(apps.callbackCounts().every((n) => n === 1)).toBe(true);
    await apps.closeAll();
    await upstream?.close();
  });
}
