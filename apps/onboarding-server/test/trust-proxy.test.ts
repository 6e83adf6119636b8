// Behind a reverse proxy: ONBOARDING_TRUST_PROXY decides whether
// X-Forwarded-For names the client of the per-address limits. Off, a forged
// header changes nothing; on (loopback or a hop count), each forwarded
// address gets its own budget. Real HTTP on loopback, where the test is the "proxy".
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';
import { errorOf, startTestServer } from './helpers.js';

const limit = { max: 3, windowMs: 60_000 };
const xff = (address: string) => ({ 'x-forwarded-for': address });

describe('ONBOARDING_TRUST_PROXY', () => {
  it('is off by default and accepts hop counts, addresses, subnets and named ranges', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ ONBOARDING_TRUST_PROXY: '' }).trustProxy).toBe(false);
    expect(loadConfig({ ONBOARDING_TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadConfig({ ONBOARDING_TRUST_PROXY: '0' }).trustProxy).toBe(false);
    expect(loadConfig({ ONBOARDING_TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ ONBOARDING_TRUST_PROXY: 'loopback' }).trustProxy).toEqual(['loopback']);
    expect(loadConfig({ ONBOARDING_TRUST_PROXY: ' loopback, 10.0.0.0/8 ,fd00::/8,192.168.1.0/255.255.255.0, uniquelocal' }).trustProxy).toEqual([
      'loopback',
      '10.0.0.0/8',
      'fd00::/8',
      '192.168.1.0/255.255.255.0',
      'uniquelocal',
    ]);
  });

  it('stops the configuration with a message naming the variable for bad values and for true', () => {
    for (const bad of ['true', 'TRUE', 'yes', '10.0.0.0/33', 'fd00::/129', '1.2.3.4/5/6', 'loopback,not-an-ip', '-1', '1.5', '99']) {
      let err: unknown;
      try {
        loadConfig({ ONBOARDING_TRUST_PROXY: bad });
      } catch (e) {
        err = e;
      }
      expect(err, bad).toBeInstanceOf(ConfigError);
      expect((err as Error).message, bad).toMatch(/ONBOARDING_TRUST_PROXY/);
    }
    expect(() => loadConfig({ ONBOARDING_TRUST_PROXY: 'true' })).toThrow(/spoof X-Forwarded-For/);
  });
});

describe('per-address token limit behind a proxy', () => {
  it('without trust proxy, a varying X-Forwarded-For does not get around the limit', async () => {
    const s = await startTestServer({ tokenRateLimit: limit });
    try {
      for (let i = 0; i < limit.max; i++) expect((await s.get('/backend_token', 'x.y.z', xff(`203.0.113.${i + 1}`))).status).toBe(401);
      const refused = await s.get('/backend_token', 'x.y.z', xff('198.51.100.77'));
      expect(await errorOf(refused)).toMatchObject({ status: 429, code: 'TOO_MANY_REQUESTS' });
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    } finally {
      await s.stop();
    }
  });

  for (const trustProxy of [['loopback'], 1] as const) {
    it(`with trust proxy ${JSON.stringify(trustProxy)}, each forwarded client address has its own budget`, async () => {
      const s = await startTestServer({ tokenRateLimit: limit, trustProxy: typeof trustProxy === 'number' ? trustProxy : [...trustProxy] });
      try {
        for (let i = 0; i < limit.max; i++) expect((await s.get('/backend_token', 'x.y.z', xff('203.0.113.1'))).status).toBe(401);
        expect((await s.get('/backend_token', 'x.y.z', xff('203.0.113.1'))).status).toBe(429);
        // Another client behind the same proxy still has its whole budget.
        const login = await s.get('/login_token', undefined, { apikey: s.apiKey, ...xff('203.0.113.2') });
        expect(login.status).toBe(200);
        expect((await s.get('/backend_token', 'x.y.z', xff('203.0.113.2'))).status).toBe(401);
        // A client naming itself in front of the proxy's entry gains nothing: the proxy appends the real address.
        expect((await s.get('/backend_token', 'x.y.z', xff('198.51.100.9, 203.0.113.1'))).status).toBe(429);
      } finally {
        await s.stop();
      }
    });
  }
});
