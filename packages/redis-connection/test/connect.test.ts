// A real redis-server (test-support), and a port where nothing listens.
import { describe, expect, it } from 'vitest';
import { haveServices, service } from '../../../test-support/services.js';
import { freePort } from '../../../test-support/processes.js';
import { freshRedisDb } from '../../../test-support/redis.js';
import { checkRedisUrl, connectRedis, RedisConnectionError, sendCommandOf } from '../src/index.js';

describe.runIf(haveServices(['redis'], 'Redis connection tests'))('connectRedis', () => {
  it('connects, and its command function sends raw commands', async () => {
    const client = await connectRedis(await freshRedisDb(service('redisUrl')));
    try {
      const send = sendCommandOf(client);
      expect(await send('SET', 'k', 'v', 'NX', 'PX', '60000')).toBe('OK');
      expect(await send('SET', 'k', 'v', 'NX', 'PX', '60000')).toBeNull();
      expect(await send('PTTL', 'k')).toBeGreaterThan(0);
    } finally {
      client.destroy();
    }
  });

  it('fails with a clear error when nothing answers, instead of hanging', async () => {
    const port = await freePort();
    const err = await connectRedis(`redis://127.0.0.1:${port}`).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RedisConnectionError);
    expect((err as Error).message).toMatch(new RegExp(`^Could not connect to Redis at 127\\.0\\.0\\.1:${port}`));
  });
});

describe('checkRedisUrl', () => {
  it('accepts redis:// and rediss:// URLs with an optional database number', () => {
    for (const ok of ['redis://localhost', 'redis://:secret@10.0.0.5:6380/2', 'rediss://cache.example.com:6379']) expect(checkRedisUrl(ok), ok).toBeUndefined();
  });
  it('names what is wrong', () => {
    expect(checkRedisUrl('http://localhost:6379')).toMatch(/redis:\/\//);
    expect(checkRedisUrl('redis://localhost/cache')).toMatch(/database number/);
    expect(checkRedisUrl('localhost:6379')).toBeDefined();
  });
});
