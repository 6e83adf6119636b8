// Each authentication id logs in at most once: on one app, across two app
// instances sharing a store, and under concurrent requests. An id is spent by
// its first attempt whose scores pass, even if verify then refuses.
import { afterAll, describe, expect, it } from 'vitest';
import { connectRedis, sendCommandOf, type RedisConnection } from '@alice-face/redis-connection';
import { freshRedisDb } from '../../../test-support/redis.js';
import { haveServices, service } from '../../../test-support/services.js';
import { MemoryReplayStore, RedisReplayStore, type ReplayStore } from '../src/index.js';
import { post } from './support/app.js';
import { Apps, seed, strategyFor, useUpstream } from './support/harness.js';
import type { Upstream } from './support/upstream.js';

let upstream: Upstream;
const apps = new Apps();

useUpstream(apps, (u) => (upstream = u));

const login = (url: string, id: string, user = 'u-rp') => post(`${url}/login`, { authentication_id: id, user_id: user });

describe('two app instances sharing one store', () => {
  it('an id used on one instance is refused on the other', async () => {
    const shared = new MemoryReplayStore();
    const a = await apps.start(strategyFor(upstream, { replayStore: shared }));
    const b = await apps.start(strategyFor(upstream, { replayStore: shared }));
    const id = seed(upstream, 'u-rp', { liveness: 90, matching: 90 });
    expect((await login(a.url, id)).status).toBe(200);
    const replay = await login(b.url, id);
    expect([replay.status, replay.body.challenge.code]).toEqual([401, 'AUTHENTICATION_REPLAYED']);
    expect((await login(a.url, id)).body.challenge.code).toBe('AUTHENTICATION_REPLAYED');
  });

  it('of many concurrent requests with one id across both instances, exactly one logs in', async () => {
    const shared = new MemoryReplayStore();
    const a = await apps.start(strategyFor(upstream, { replayStore: shared }));
    const b = await apps.start(strategyFor(upstream, { replayStore: shared }));
    const id = seed(upstream, 'u-rp', { liveness: 90, matching: 90 });
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => login(i % 2 ? a.url : b.url, id)));
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.body.challenge?.code === 'AUTHENTICATION_REPLAYED')).toHaveLength(7);
  });

  it('works with any store implementing claim (here a Map shared like Redis SET NX EX would be)', async () => {
    const used = new Map<string, number>();
    const calls: Array<[string, number]> = [];
    const custom: ReplayStore = {
      async claim(id, ttlSeconds) {
        calls.push([id, ttlSeconds]);
        if (used.has(id)) return false;
        used.set(id, ttlSeconds);
        return true;
      },
    };
    const a = await apps.start(strategyFor(upstream, { replayStore: custom, maxAgeSeconds: 60, clockToleranceSeconds: 5 }));
    const b = await apps.start(strategyFor(upstream, { replayStore: custom, maxAgeSeconds: 60, clockToleranceSeconds: 5 }));
    const id = seed(upstream, 'u-rp', { liveness: 90, matching: 90 });
    expect((await login(a.url, id)).status).toBe(200);
    expect((await login(b.url, id)).body.challenge.code).toBe('AUTHENTICATION_REPLAYED');
    // The TTL covers the whole window in which max age would still accept the id.
    expect(calls).toEqual([[id, 65], [id, 65]]);
  });
});

describe.runIf(haveServices(['redis'], 'RedisReplayStore tests'))('RedisReplayStore on a real Redis', () => {
  let redis: RedisConnection;
  afterAll(() => redis?.destroy());
  const shared = async () => {
    redis ??= await connectRedis(await freshRedisDb(service('redisUrl')));
    return sendCommandOf(redis);
  };

  it('of many concurrent requests with one id across two instances, each with its own store object, exactly one logs in', async () => {
    const send = await shared();
    const a = await apps.start(strategyFor(upstream, { replayStore: new RedisReplayStore({ sendCommand: send }) }));
    const b = await apps.start(strategyFor(upstream, { replayStore: new RedisReplayStore({ sendCommand: send }) }));
    const id = seed(upstream, 'u-rp', { liveness: 90, matching: 90 });
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => login(i % 2 ? a.url : b.url, id)));
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.body.challenge?.code === 'AUTHENTICATION_REPLAYED')).toHaveLength(7);
  });

  it('claims with SET NX PX under its prefix, for the strategy\'s TTL', async () => {
    const send = await shared();
    const store = new RedisReplayStore({ sendCommand: send, prefix: 'app1:used:' });
    expect(await store.claim('id-1', 150)).toBe(true);
    expect(await store.claim('id-1', 150)).toBe(false);
    expect(Number(await send('PTTL', 'app1:used:id-1'))).toBeGreaterThan(149_000);
    // Another prefix is another app's record.
    expect(await new RedisReplayStore({ sendCommand: send, prefix: 'app2:used:' }).claim('id-1', 150)).toBe(true);
  });

  it('fails the login closed when the Redis connection is gone', async () => {
    const gone = await connectRedis(await freshRedisDb(service('redisUrl')));
    gone.destroy();
    const failing = new RedisReplayStore({ sendCommand: sendCommandOf(gone) });
    const app = await apps.start(strategyFor(upstream, { replayStore: failing }));
    const id = seed(upstream, 'u-rp', { liveness: 90, matching: 90 });
    const res = await login(app.url, id);
    expect(res.status).toBe(500);
  });

  it('refuses options without a command function', () => {
    expect(() => new RedisReplayStore({} as never)).toThrow(/RedisReplayStore: `sendCommand` must be a function/);
  });
});

describe('when an id is spent', () => {
  it('a failing id is not claimed: it fails on its scores every time', async () => {
    const store = new MemoryReplayStore();
    const app = await apps.start(strategyFor(upstream, { replayStore: store }));
    const id = seed(upstream, 'u-rp', { liveness: 20, matching: 90 });
    for (let i = 0; i < 2; i++) expect((await login(app.url, id)).body.challenge.code).toBe('LIVENESS_TOO_LOW');
    expect(store.size).toBe(0);
  });

  it('a passing id refused by verify is spent: retrying it is a replay even if verify would now accept', async () => {
    const store = new MemoryReplayStore();
    let accept = false;
    const verify = async (userId: string) => (accept ? { id: userId } : false);
    const app = await apps.start(strategyFor(upstream, { replayStore: store }, verify));
    const id = seed(upstream, 'u-rp', { liveness: 90, matching: 90 });
    expect((await login(app.url, id)).body.challenge.code).toBe('USER_REJECTED');
    accept = true;
    expect((await login(app.url, id)).body.challenge.code).toBe('AUTHENTICATION_REPLAYED');
  });

  it('once the claim has expired, max age already refuses the id', async () => {
    let now = Date.now();
    const store = new MemoryReplayStore({ now: () => now });
    const app = await apps.start(strategyFor(upstream, { replayStore: store, now: () => now }));
    const id = seed(upstream, 'u-rp', { liveness: 90, matching: 90 }, 0, now);
    expect((await login(app.url, id)).status).toBe(200);
    now += 151_000; // past maxAgeSeconds + clockToleranceSeconds, the claim's TTL
    expect((await login(app.url, id)).body.challenge.code).toBe('AUTHENTICATION_EXPIRED');
  });
});

describe('MemoryReplayStore', () => {
  it('forgets ids after their TTL and stays within maxEntries', async () => {
    let now = 0;
    const store = new MemoryReplayStore({ maxEntries: 2, now: () => now });
    expect(await store.claim('a', 10)).toBe(true);
    expect(await store.claim('a', 10)).toBe(false);
    expect(await store.claim('b', 20)).toBe(true);
    await expect(store.claim('c', 10)).rejects.toMatchObject({ code: 'ERR_ALICE_FACE_REPLAY_STORE' });
    now = 10_000; // 'a' has expired: its slot is reused
    expect(await store.claim('c', 10)).toBe(true);
    expect(store.size).toBe(2);
    expect(await store.claim('b', 20)).toBe(false);
    now = 20_001;
    expect(await store.claim('a', 10)).toBe(true);
    expect(store.size).toBeLessThanOrEqual(2);
  });
});
