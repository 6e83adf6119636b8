// The published entry points: ESM and CJS builds load and export the same API, and the
// hosted URLs are the ones Alice's own SDK uses.
import { createRequire } from 'node:module';
import { describe, expect, expectTypeOf, it } from 'vitest';
import * as source from '../src/index.js';
import type { Authentication, ChallengeResult, ChallengeStepKind, ChallengeStepResult, ReportSelfie } from '../src/index.js';

describe('exports', () => {
  it('exports the base URLs', () => {
    expect(source.LOCAL_URL).toBe('http://127.0.0.1:4000/onboarding');
    expect(source.ALICE_PRODUCTION_URL).toBe('https://apis.alicebiometrics.com/onboarding');
    expect(source.ALICE_SANDBOX_URL).toBe('https://apis.sandbox.alicebiometrics.com/onboarding');
  });

  it('ships ESM and CJS builds with the same exports (run `pnpm build` first)', async () => {
    const esm = (await import('@alice-face/onboarding-client')) as Record<string, unknown>;
    const cjs = createRequire(import.meta.url)('@alice-face/onboarding-client') as Record<string, unknown>;
    const names = Object.keys(source).sort();
    expect(Object.keys(esm).sort()).toEqual(names);
    expect(Object.keys(cjs).sort()).toEqual(names);
    const error = new (cjs.OnboardingApiError as typeof source.OnboardingApiError)({
      status: 0, code: 'TIMEOUT', message: 'Slow.', operation: 'x', cause: new Error('inner'),
    });
    expect(error).toBeInstanceOf(Error);
    expect(error.cause).toBeInstanceOf(Error);
  });

  it('types the challenge result as optional on selfies and authentications (the hosted API does not send it)', () => {
    expectTypeOf<ReportSelfie['challenge']>().toEqualTypeOf<ChallengeResult | null | undefined>();
    expectTypeOf<Authentication['challenge']>().toEqualTypeOf<ChallengeResult | null | undefined>();
    expectTypeOf<ChallengeResult>().toEqualTypeOf<{ passed: boolean; reason: string; steps: ChallengeStepResult[] }>();
    expectTypeOf<ChallengeStepResult>().toEqualTypeOf<{
      kind: ChallengeStepKind; window_start: number; window_end: number; seen: boolean; at: number | null; strength: number | null;
      in_window: boolean; in_order: boolean; passed: boolean;
    }>();
  });
});
