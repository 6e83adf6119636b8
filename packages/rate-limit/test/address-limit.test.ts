// addressLimit on real Express apps on loopback: in memory, and two apps
// sharing one Redis (test-support starts a real redis-server) counted as one.
import express from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { connectRedis, sendCommandOf, type RedisConnection } from '@alice-face/redis-connection';
import { freshRedisDb } from '../../../test-support/redis.js';
import { haveServices, service } from '../../../test-support/services.js';
import { errorHandler } from '@alice-face/http-common';
import { addressLimit, type AddressLimitOptions } from '../src/index.js';

const servers: Server[] = [];
const connections: RedisConnection[] = [];
afterAll(async () => {
  for (const s of servers) await new Promise((r) => s.close(r));
  for (const c of connections) c.destroy();
});

/** An app whose GET /ok answers 200 and GET /bad 401, behind the limit; 429 TOO_MANY_REQUESTS with Retry-After when limited. */
async function app(options: Partial<AddressLimitOptions> = {}): Promise<string> {
  const a = express();
  a.use(
    addressLimit({
      max: 3,
      windowMs: 60_000,
      prefix: 'test:',
      code: 'TOO_MANY_REQUESTS',
      message: (seconds) => `Wait ${seconds} s.`,
      ...options,
    }),
  );
  a.get('/ok', (_req, res) => void res.json({ ok: true }));
  a.get('/bad', (_req, res) => void res.status(401).json({ ok: false }));
  a.use(errorHandler());
  const server = a.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const statuses = async (urls: string[]) => Promise.all(urls.map(async (u) => (await fetch(u)).status));

describe('addressLimit in memory', () => {
  it('answers 429 with its code after max requests, with the seconds left in the window', async () => {
    const url = await app();
    expect(await statuses([`${url}/ok`, `${url}/bad`, `${url}/ok`])).toEqual([200, 401, 200]);
    const limited = await fetch(`${url}/ok`);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(55);
    expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    const { error } = (await limited.json()) as { error: { code: string; message: string } };
    expect(error).toEqual({ code: 'TOO_MANY_REQUESTS', message: `Wait ${limited.headers.get('retry-after')} s.` });
  });

  it('counts only failures with failuresOnly, and starts over when the window ends', async () => {
    const url = await app({ failuresOnly: true, windowMs: 1_000 });
    for (let i = 0; i < 5; i++) expect((await fetch(`${url}/ok`)).status).toBe(200);
    expect(await statuses([`${url}/bad`, `${url}/bad`, `${url}/bad`])).toEqual([401, 401, 401]);
    expect((await fetch(`${url}/ok`)).status).toBe(429);
    await new Promise((r) => setTimeout(r, 1_100));
    expect((await fetch(`${url}/ok`)).status).toBe(200);
  });

  it('refuses a bad max or window at once', () => {
    const refusal = { code: 'LIMITED', message: 'Limited.' };
    expect(() => addressLimit({ max: 0, windowMs: 1000, prefix: 'x', ...refusal })).toThrow(/`max` must be a positive integer/);
    expect(() => addressLimit({ max: 1, windowMs: 1.5, prefix: 'x', ...refusal })).toThrow(/`windowMs`/);
  });
});

describe.runIf(haveServices(['redis'], 'shared address limits'))('addressLimit on Redis', () => {
  it('two apps sharing one Redis count one budget per address; another prefix has its own', async () => {
    const redis = await connectRedis(await freshRedisDb(service('redisUrl')));
    connections.push(redis);
    const shared = { redis: sendCommandOf(redis), prefix: 'shared:' };
    const [a, b, other] = await Promise.all([app(shared), app(shared), app({ ...shared, prefix: 'other:' })]);
    expect(await statuses([`${a}/ok`, `${b}/ok`, `${a}/bad`])).toEqual([200, 200, 401]);
    const limited = await fetch(`${b}/ok`);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(55);
    expect((await fetch(`${a}/ok`)).status).toBe(429);
    expect((await fetch(`${other}/ok`)).status).toBe(200);
  });
});
