// Single use of authentication ids. `claim` must be atomic across every
// process that shares the store: with Redis, `SET key 1 NX PX ttl`
// (RedisReplayStore, redis-replay-store.ts); with SQL,
// an INSERT into a table whose primary key is the id (a duplicate-key error
// means "already used"). Entries only need to outlive `maxAgeSeconds`: after
// that the strategy refuses the id as expired anyway, so the store stays small.
import { AliceFaceError } from './errors.js';

export interface ReplayStore {
  /**
   * Records `id` as used for `ttlSeconds`. Resolves `true` when this call is
   * the first use, `false` when the id was already claimed. A rejection is a
   * fault: the strategy then errors instead of logging anyone in.
   */
  claim(id: string, ttlSeconds: number): Promise<boolean>;
}

export interface MemoryReplayStoreOptions {
  /** Most ids kept at once. Default 100 000 (a few MB). */
  maxEntries?: number;
  /** Clock in milliseconds, for tests. Default `Date.now`. */
  now?: () => number;
}

/**
 * In-process store: right for one Node process. Several processes or machines
 * behind a load balancer need a shared store, or an id could be used once per
 * process. When full of unexpired ids it refuses new claims (a fault) instead
 * of forgetting one early, which would reopen a replay window.
 */
export class MemoryReplayStore implements ReplayStore {
  readonly #expiry = new Map<string, number>();
  readonly #maxEntries: number;
  readonly #now: () => number;

  constructor(options: MemoryReplayStoreOptions = {}) {
    const maxEntries = options.maxEntries ?? 100_000;
    if (!Number.isInteger(maxEntries) || maxEntries < 1) {
      throw new AliceFaceError(
        'ERR_ALICE_FACE_INVALID_OPTION',
        `MemoryReplayStore: \`maxEntries\` must be a positive integer, received ${String(maxEntries)}.`,
      );
    }
    this.#maxEntries = maxEntries;
    this.#now = options.now ?? Date.now;
  }

  /** Ids currently remembered (expired ones may linger until the next sweep). */
  get size(): number {
    return this.#expiry.size;
  }

  async claim(id: string, ttlSeconds: number): Promise<boolean> {
    const now = this.#now();
    const expiresAt = this.#expiry.get(id);
    if (expiresAt !== undefined && expiresAt > now) return false;
    if (expiresAt !== undefined) this.#expiry.delete(id);
    this.#sweepOldest(now);
    if (this.#expiry.size >= this.#maxEntries) this.#sweepAll(now);
    if (this.#expiry.size >= this.#maxEntries) {
      throw new AliceFaceError(
        'ERR_ALICE_FACE_REPLAY_STORE',
        `MemoryReplayStore is full (${this.#maxEntries} unexpired ids): raise \`maxEntries\` or use a shared store.`,
      );
    }
    this.#expiry.set(id, now + ttlSeconds * 1000);
    return true;
  }

  // Insertion order is roughly expiry order (the strategy uses one TTL), so
  // dropping expired entries from the front is cheap and usually enough.
  #sweepOldest(now: number): void {
    for (const [key, expiresAt] of this.#expiry) {
      if (expiresAt > now) return;
      this.#expiry.delete(key);
    }
  }

  #sweepAll(now: number): void {
    for (const [key, expiresAt] of this.#expiry) {
      if (expiresAt <= now) this.#expiry.delete(key);
    }
  }
}
