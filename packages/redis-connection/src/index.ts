// Opens the Redis connection the apps share their short-lived state through
// (per-address limits, used authentication ids, sessions, queues): node-redis,
// connected before it is handed out, so a wrong URL or a server that does not
// answer stops the start with a clear message instead of failing requests.
// Once connected it reconnects by itself; commands wait meanwhile.
import { createClient } from 'redis';

export type RedisConnection = ReturnType<typeof createClient>;

/** The part of a connection that sends one raw command: all that sendCommandOf needs, and a type other packages' declarations can name. */
export interface RedisCommandClient {
  sendCommand(args: string[]): Promise<unknown>;
}

/** A reply as the generic command functions return it. */
export type RedisReply = string | number | boolean | null | undefined | RedisReply[];

/** `(...args) => reply`: what rate-limit-redis's store and passport-alice-face's RedisReplayStore take. */
export type SendCommand = (...args: string[]) => Promise<RedisReply>;

export class RedisConnectionError extends Error {
  readonly code = 'ERR_REDIS_CONNECTION';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RedisConnectionError';
  }
}

export interface ConnectOptions {
  /** Called with errors after the first connection (the connection retries by itself). Default: ignored. */
  onError?: (err: Error) => void;
  /** Attempts before the first connection gives up. Default 3. */
  initialAttempts?: number;
}

/** Checks a `redis://` or `rediss://` URL; returns an error message, or undefined when fine. */
export function checkRedisUrl(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') return 'must start with redis:// or rediss://';
    if (!parsed.hostname) return 'must name a host';
    if (parsed.pathname.length > 1 && !/^\/\d+$/.test(parsed.pathname)) return 'the path must be a database number (redis://host:6379/0)';
    return undefined;
  } catch {
    return 'is not a URL (redis://host:6379)';
  }
}

export async function connectRedis(url: string, options: ConnectOptions = {}): Promise<RedisConnection> {
  const bad = checkRedisUrl(url);
  if (bad) throw new RedisConnectionError(`The Redis URL ${bad}.`);
  const attempts = options.initialAttempts ?? 3;
  let connected = false;
  const client = createClient({
    url,
    socket: {
      connectTimeout: 5_000,
      // Give up early only before the first connection; afterwards keep trying, up to 2 s apart.
      reconnectStrategy: (retries, cause) => (!connected && retries + 1 >= attempts ? cause : Math.min(50 * 2 ** retries, 2_000)),
    },
  });
  // node-redis throws an 'error' event without a listener: a dropped connection must not end the process.
  client.on('error', (err: Error) => {
    if (connected) options.onError?.(err);
  });
  try {
    await client.connect();
  } catch (err) {
    if (client.isOpen) client.destroy();
    const where = new URL(url);
    throw new RedisConnectionError(`Could not connect to Redis at ${where.hostname}:${where.port || 6379}: ${(err as Error).message}`, { cause: err });
  }
  connected = true;
  return client;
}

/** The generic command function of a connection. */
export function sendCommandOf(client: RedisCommandClient): SendCommand {
  return (...args: string[]) => client.sendCommand(args) as Promise<RedisReply>;
}
