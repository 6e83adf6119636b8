// Fixed-window counter per key (a client address), in memory on purpose: it
// slows one address down in one process (password spraying at the admin's
// sign-in, email probing and login attempts at the example app). What must
// hold across restarts and instances (account lockout) lives in a database.
// Which address a request comes from behind a proxy: ./trust-proxy.ts.
export { parseTrustProxy, type TrustProxy } from './trust-proxy.js';
// Failed logins per account and per address, the rule that limits a stranger without locking the person out.
export { failureWait, FailureLimiter, type Failure, type FailureLimits } from './failure-limit.js';
export { addressLimit, type AddressLimitOptions } from './address-limit.js';

/** Keys kept before expired windows are swept (default). */
const DEFAULT_MAX_KEYS = 10_000;

export class RateLimiter {
  private readonly hits = new Map<string, { count: number; resetAt: number }>();

  /**
   * @param limit attempts allowed per key in a window
   * @param windowMs the window, from a key's first attempt
   * @param now clock in ms (tests move it)
   * @param maxKeys above this many keys, expired windows are dropped on the next hit
   */
  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
    private readonly maxKeys: number = DEFAULT_MAX_KEYS,
  ) {}

  /** Counts one attempt; returns the ms to wait when over the limit, else 0. */
  hit(key: string): number {
    const now = this.now();
    if (this.hits.size > this.maxKeys) this.prune(now);
    let entry = this.hits.get(key);
    if (!entry || entry.resetAt <= now) {
      entry = { count: 0, resetAt: now + this.windowMs };
      this.hits.set(key, entry);
    }
    entry.count += 1;
    return entry.count > this.limit ? entry.resetAt - now : 0;
  }

  /** Keys currently held (expired ones included until the next sweep). */
  get size(): number {
    return this.hits.size;
  }

  private prune(now: number): void {
    for (const [key, entry] of this.hits) if (entry.resetAt <= now) this.hits.delete(key);
  }
}

/** A `Retry-After` value in whole seconds (at least 1) for a wait in ms. */
export function retryAfterSeconds(waitMs: number): string {
  return String(Math.max(1, Math.ceil(waitMs / 1000)));
}
