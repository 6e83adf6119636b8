// Options are checked once, in the constructor, with a message that names
// the option and the fix; custom values change what the strategy does.
import { describe, expect, it } from 'vitest';
import { AliceFaceError, AliceFaceStrategy, MemoryReplayStore } from '../src/index.js';
import { post } from './support/app.js';
import { acceptUser, Apps, seed, strategyFor, useUpstream } from './support/harness.js';
import type { Upstream } from './support/upstream.js';

const client = { apiKey: 'key', baseUrl: 'http://127.0.0.1:4000/onboarding' };
const userId = () => 'u';

function construct(options: unknown, ...verify: unknown[]): () => AliceFaceStrategy {
  return () => new AliceFaceStrategy(options as never, (verify.length ? verify[0] : acceptUser) as never);
}

function thrown(fn: () => unknown): AliceFaceError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(AliceFaceError);
    expect((err as AliceFaceError).code).toBe('ERR_ALICE_FACE_INVALID_OPTION');
    expect((err as AliceFaceError).message).toMatch(/^AliceFaceStrategy/);
    return err as AliceFaceError;
  }
  throw new Error('Expected the constructor to throw.');
}

describe('the constructor refuses bad options', () => {
  it('requires a verify callback and an options object', () => {
    expect(thrown(construct({ client, userId }, undefined)).message).toContain('requires a verify callback');
    expect(thrown(construct(null)).message).toContain('options must be an object');
  });

  it('suggests the option a misspelt key meant', () => {
    const cases: Array<[string, string]> = [
      ['maxAge', 'maxAgeSeconds'],
      ['livenesThreshold', 'livenessThreshold'],
      ['matchingthreshold', 'matchingThreshold'],
      ['passReqToCallBack', 'passReqToCallback'],
      ['authenticationIDField', 'authenticationIdField'],
      ['replaystore', 'replayStore'],
    ];
    for (const [typo, meant] of cases) {
      expect(thrown(construct({ client, userId, [typo]: 1 })).message).toBe(
        `AliceFaceStrategy: unknown option \`${typo}\`. Did you mean \`${meant}\`?`,
      );
    }
    expect(thrown(construct({ client, userId, colour: 'red' })).message).toContain('Known options: client, userId');
  });

  it('keeps thresholds within 0-100', () => {
    for (const value of [-1, 100.5, Number.NaN, '50', null]) {
      const message = thrown(construct({ client, userId, livenessThreshold: value })).message;
      expect(message).toContain('`livenessThreshold` must be a number from 0 to 100');
    }
    expect(thrown(construct({ client, userId, matchingThreshold: 101 })).message).toContain('`matchingThreshold`');
    expect(() => construct({ client, userId, livenessThreshold: 0, matchingThreshold: 100 })()).not.toThrow();
  });

  it('wants maxAgeSeconds > 0 and clockToleranceSeconds >= 0', () => {
    for (const value of [0, -5, Number.POSITIVE_INFINITY, '120']) {
      expect(thrown(construct({ client, userId, maxAgeSeconds: value })).message).toContain(
        '`maxAgeSeconds` must be a number of seconds greater than 0',
      );
    }
    expect(thrown(construct({ client, userId, clockToleranceSeconds: -1 })).message).toContain('zero or more');
  });

  it('checks userId, the id field and header, the store, now and passReqToCallback', () => {
    expect(thrown(construct({ client })).message).toContain('`userId` must be a function');
    expect(thrown(construct({ client, userId: 'u' })).message).toContain('`userId` must be a function');
    expect(thrown(construct({ client, userId, authenticationIdField: '' })).message).toContain('`authenticationIdField`');
    expect(thrown(construct({ client, userId, authenticationIdHeader: 'x face id' })).message).toContain('valid HTTP header name');
    expect(thrown(construct({ client, userId, replayStore: {} })).message).toContain('claim(id, ttlSeconds)');
    expect(thrown(construct({ client, userId, replayStore: null })).message).toContain('cannot be turned off');
    expect(thrown(construct({ client, userId, now: 5 })).message).toContain('`now` must be a function');
    expect(thrown(construct({ client, userId, passReqToCallback: 'yes' })).message).toContain('true or false');
  });

  it('checks the client or the settings to build one', () => {
    expect(thrown(construct({ userId })).message).toContain('`client` is required');
    expect(thrown(construct({ userId, client: { apikey: 'k' } })).message).toContain('Did you mean `apiKey`?');
    expect(thrown(construct({ userId, client: { apiKey: '' } })).message).toContain('non-empty `apiKey`');
    expect(thrown(construct({ userId, client: { apiKey: 'k', baseUrl: 'not a url' } })).message).toContain('absolute URL');
    expect(thrown(construct({ userId, client: { apiKey: 'k', baseUrl: 'ftp://h/onboarding' } })).message).toContain('http(s)');
    expect(thrown(construct({ userId, client: { apiKey: 'k', timeoutMs: 0 } })).message).toContain('timeoutMs');
    const plain = thrown(construct({ userId, client: { apiKey: 'k', baseUrl: 'http://api.example.com/onboarding' } }));
    expect(plain.message).toContain('Use https://, or set `client.allowInsecureHttp: true`');
  });

  it('accepts HTTPS, loopback HTTP, explicit insecure HTTP, a client object and undefined values', () => {
    for (const baseUrl of ['https://apis.alicebiometrics.com/onboarding', 'http://localhost:4000/onboarding', 'http://[::1]:4000/onboarding']) {
      expect(() => construct({ userId, client: { apiKey: 'k', baseUrl } })()).not.toThrow();
    }
    expect(() => construct({ userId, client: { apiKey: 'k', baseUrl: 'http://onboarding:4000/onboarding', allowInsecureHttp: true } })()).not.toThrow();
    const source = { getAuthentication: async () => { throw new Error('unused'); } };
    expect(() => construct({ userId, client: source, maxAgeSeconds: undefined, livenessThreshold: undefined })()).not.toThrow();
  });

  it('MemoryReplayStore wants a positive integer maxEntries', () => {
    expect(() => new MemoryReplayStore({ maxEntries: 0 })).toThrow(/`maxEntries` must be a positive integer/);
  });
});

describe('custom options change the decision', () => {
  let upstream: Upstream;
  const apps = new Apps();
  useUpstream(apps, (u) => (upstream = u));

  it('stricter thresholds refuse what the defaults would accept', async () => {
    const app = await apps.start(strategyFor(upstream, { livenessThreshold: 80, matchingThreshold: 70 }));
    const lowLive = seed(upstream, 'u-o', { liveness: 75, matching: 90 });
    expect((await post(`${app.url}/login`, { authentication_id: lowLive, user_id: 'u-o' })).body.challenge.code).toBe('LIVENESS_TOO_LOW');
    const lowMatch = seed(upstream, 'u-o', { liveness: 85, matching: 65 });
    expect((await post(`${app.url}/login`, { authentication_id: lowMatch, user_id: 'u-o' })).body.challenge.code).toBe('FACE_MISMATCH');
    const pass = seed(upstream, 'u-o', { liveness: 80, matching: 70 });
    expect((await post(`${app.url}/login`, { authentication_id: pass, user_id: 'u-o' })).status).toBe(200);
  });

  it('a custom field and header name, and a shorter max age on an injected clock', async () => {
    let now = Date.now();
    const app = await apps.start(
      strategyFor(upstream, { authenticationIdField: 'face_id', authenticationIdHeader: 'X-Face-Id', maxAgeSeconds: 30, now: () => now }),
    );
    const byField = seed(upstream, 'u-o', { liveness: 60, matching: 60 }, 0, now);
    expect((await post(`${app.url}/login`, { face_id: byField, user_id: 'u-o' })).status).toBe(200);
    const byHeader = seed(upstream, 'u-o', { liveness: 60, matching: 60 }, 0, now);
    const headers = { 'x-face-id': byHeader, 'x-user-id': 'u-o' };
    expect((await post(`${app.url}/login`, undefined, { headers })).status).toBe(200);
    const ignored = await post(`${app.url}/login`, { authentication_id: byField, user_id: 'u-o' });
    expect(ignored.body.challenge.code).toBe('MISSING_AUTHENTICATION_ID');
    const later = seed(upstream, 'u-o', { liveness: 60, matching: 60 }, 0, now);
    now += 31_000;
    expect((await post(`${app.url}/login`, { face_id: later, user_id: 'u-o' })).body.challenge.code).toBe('AUTHENTICATION_EXPIRED');
  });
});
