// The limiter with a moved clock: the limit, the wait it returns, keys kept
// apart, the window starting over, and expired keys swept past maxKeys.
import { describe, expect, it } from 'vitest';
import { RateLimiter, retryAfterSeconds } from '../src/index.js';

function clocked(limit: number, windowMs: number, maxKeys?: number) {
  let now = 1_000_000;
  const limiter = new RateLimiter(limit, windowMs, () => now, maxKeys);
  return { limiter, advance: (ms: number) => (now += ms) };
}

describe('RateLimiter', () => {
  it('allows the limit, then returns the ms left in the window', () => {
    const { limiter, advance } = clocked(3, 60_000);
    expect([limiter.hit('a'), limiter.hit('a'), limiter.hit('a')]).toEqual([0, 0, 0]);
    expect(limiter.hit('a')).toBe(60_000);
    advance(15_000);
    expect(limiter.hit('a')).toBe(45_000);
  });

  it('counts each key on its own', () => {
    const { limiter } = clocked(1, 60_000);
    expect(limiter.hit('a')).toBe(0);
    expect(limiter.hit('a')).toBeGreaterThan(0);
    expect(limiter.hit('b')).toBe(0);
  });

  it('starts a new window once the old one has passed', () => {
    const { limiter, advance } = clocked(2, 60_000);
    limiter.hit('a');
    limiter.hit('a');
    expect(limiter.hit('a')).toBeGreaterThan(0);
    advance(59_999);
    expect(limiter.hit('a')).toBe(1);
    advance(1);
    expect(limiter.hit('a')).toBe(0);
    expect(limiter.hit('a')).toBe(0);
    expect(limiter.hit('a')).toBe(60_000);
  });

  it('refuses everything with a limit of 0', () => {
    const { limiter } = clocked(0, 1_000);
    expect(limiter.hit('a')).toBe(1_000);
  });

  it('drops expired keys once it holds more than maxKeys, and keeps live ones', () => {
    const { limiter, advance } = clocked(1, 1_000, 3);
    for (const key of ['a', 'b', 'c', 'd']) limiter.hit(key);
    expect(limiter.size).toBe(4);
    advance(500);
    limiter.hit('live');
    expect(limiter.hit('live')).toBe(1_000);
    advance(600); // a-d expired, "live" has 400 ms left
    limiter.hit('e');
    expect(limiter.size).toBe(2);
    expect(limiter.hit('live')).toBe(400);
  });

  it('does not sweep while under maxKeys', () => {
    const { limiter, advance } = clocked(1, 1_000, 10);
    for (const key of ['a', 'b', 'c']) limiter.hit(key);
    advance(5_000);
    limiter.hit('d');
    expect(limiter.size).toBe(4);
  });
});

describe('retryAfterSeconds', () => {
  it('rounds up to whole seconds, at least 1', () => {
    expect(retryAfterSeconds(1)).toBe('1');
    expect(retryAfterSeconds(0)).toBe('1');
    expect(retryAfterSeconds(1_000)).toBe('1');
    expect(retryAfterSeconds(1_001)).toBe('2');
    expect(retryAfterSeconds(900_000)).toBe('900');
  });
});
