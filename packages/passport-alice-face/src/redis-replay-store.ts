// Single use of authentication ids across every process that shares one
// Redis: a claim is `SET <prefix><id> 1 NX PX <ttl>`, which Redis answers `OK`
// only for the first caller. Any client works: the store takes a function
// that sends one raw command (node-redis, ioredis, or another).
import { AliceFaceError } from './errors.js';
import type { ReplayStore } from './replay-store.js';

export interface RedisReplayStoreOptions {
  /**
   * Sends one raw command and resolves with Redis's reply. node-redis:
   * `(...args) => client.sendCommand(args)`; ioredis: `(command, ...args) => client.call(command, ...args)`.
   */
  sendCommand: (...args: string[]) => Promise<unknown>;
  /** Prepended to each id to make its key. Default `alice-face:used:`; give each app sharing a Redis its own. */
  prefix?: string;
}

export class RedisReplayStore implements ReplayStore {
  readonly #send: (...args: string[]) => Promise<unknown>;
  readonly #prefix: string;

  constructor(options: RedisReplayStoreOptions) {
    if (typeof options?.sendCommand !== 'function') {
      throw new AliceFaceError(
        'ERR_ALICE_FACE_INVALID_OPTION',
        'RedisReplayStore: `sendCommand` must be a function sending one Redis command, e.g. `(...args) => client.sendCommand(args)`.',
      );
    }
    const prefix = options.prefix ?? 'alice-face:used:';
    if (typeof prefix !== 'string') {
      throw new AliceFaceError('ERR_ALICE_FACE_INVALID_OPTION', `RedisReplayStore: \`prefix\` must be a string, received ${typeof prefix}.`);
    }
    this.#send = options.sendCommand;
    this.#prefix = prefix;
  }

  async claim(id: string, ttlSeconds: number): Promise<boolean> {
    const ttlMs = String(Math.max(1, Math.ceil(ttlSeconds * 1000)));
    return (await this.#send('SET', `${this.#prefix}${id}`, '1', 'NX', 'PX', ttlMs)) === 'OK';
  }
}
