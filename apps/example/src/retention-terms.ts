// The retention schedule the consent text states: the one the Onboarding API
// publishes (GET /retention on the self-hosted server), read once and kept a
// few minutes, or the `retention` option for an API that publishes none.
import type { OnboardingClient } from '@alice-face/onboarding-client';
import type { RetentionTerms } from './consent.js';

const CACHE_MS = 5 * 60_000;

export class RetentionTermsSource {
  #cached: { terms: RetentionTerms; at: number } | undefined;

  constructor(
    private readonly client: OnboardingClient,
    private readonly configured: RetentionTerms | undefined,
    private readonly now: () => number,
  ) {}

  /** The terms in force; an unreachable API throws (the caller shows the 502 page: no consent without terms). */
  async get(): Promise<RetentionTerms> {
    if (this.configured) return this.configured;
    const c = this.#cached;
    if (c && this.now() - c.at < CACHE_MS) return c.terms;
    const r = await this.client.getRetention();
    const terms = { authenticationVideoDays: r.authentication_video_days, voidedSelfieDays: r.voided_selfie_days };
    this.#cached = { terms, at: this.now() };
    return terms;
  }
}
