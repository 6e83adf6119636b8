// In-memory sliding-window counter of attempts per key (client address):
// bad API keys at /login_token, and every token request. Per process on
// purpose: it slows guessing, it is not an account lock; the per-user
// authentication limit lives in the store instead.
export class AttemptLimiter {
  readonly #max: number;
  readonly #windowMs: number;
  readonly #now: () => number;
  readonly #hits = new Map<string, number[]>();

  constructor(opts: { max: number; windowMs: number; now?: () => number }) {
    this.#max = opts.max;
    this.#windowMs = opts.windowMs;
    this.#now = opts.now ?? Date.now;
  }

  /** Seconds until the key may try again, or 0 when it may try now. */
  retryAfter(key: string): number {
    const hits = this.#recent(key);
    if (hits.length < this.#max) return 0;
    return Math.max(1, Math.ceil((hits[0]! + this.#windowMs - this.#now()) / 1000));
  }

  fail(key: string): void {
    const hits = this.#recent(key);
    hits.push(this.#now());
    this.#hits.set(key, hits);
    if (this.#hits.size > 10_000) this.#prune();
  }

  #recent(key: string): number[] {
    const since = this.#now() - this.#windowMs;
    return (this.#hits.get(key) ?? []).filter((t) => t > since);
  }

  #prune(): void {
    for (const key of [...this.#hits.keys()]) {
      if (this.#recent(key).length === 0) this.#hits.delete(key);
    }
  }
}
