// Caches tokens by key until shortly before they expire, and makes concurrent callers
// asking for the same missing token share one request (single-flight).
import { jwtExpiresAtMs } from './jwt.js';

/** Tokens are renewed this long before their `exp`, so none expires in flight. */
export const TOKEN_REFRESH_MARGIN_MS = 60_000;

interface Entry {
  token: string;
  /** Last instant (ms) at which the token is handed out. */
  useUntil: number;
}

export class TokenCache {
  private readonly entries = new Map<string, Entry>();
  private readonly inflight = new Map<string, Promise<string>>();

  constructor(
    private readonly now: () => number,
    private readonly maxEntries: number,
  ) {}

  async get(key: string, fetchToken: () => Promise<string>): Promise<string> {
    const entry = this.entries.get(key);
    if (entry && this.now() < entry.useUntil) {
      // Re-insert so the Map's order is least recently used first (the eviction order).
      this.entries.delete(key);
      this.entries.set(key, entry);
      return entry.token;
    }
    if (entry) this.entries.delete(key);

    const pending = this.inflight.get(key);
    if (pending) return pending;

    const request = fetchToken()
      .then((token) => {
        this.store(key, token);
        return token;
      })
      .finally(() => this.inflight.delete(key));
    this.inflight.set(key, request);
    return request;
  }

  /** Drops `token` under `key` after the API refused it; a newer token stays. */
  invalidate(key: string, token: string): void {
    if (this.entries.get(key)?.token === token) this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }

  private store(key: string, token: string): void {
    const expiresAt = jwtExpiresAtMs(token);
    // A token whose expiry cannot be read is used for the current call only.
    if (expiresAt === undefined) return;
    this.entries.delete(key);
    this.entries.set(key, { token, useUntil: expiresAt - TOKEN_REFRESH_MARGIN_MS });
    // The first keys are the least recently used ones.
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries) break;
      this.entries.delete(oldest);
    }
  }
}
