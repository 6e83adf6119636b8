// parseTrustProxy: what an operator may write for Express's `trust proxy`,
// and `true` refused (any client could then pick its address).
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseTrustProxy, trustProxySchema } from '../src/index.js';

const value = (raw: Parameters<typeof parseTrustProxy>[0]) => {
  const parsed = parseTrustProxy(raw);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value;
};

describe('parseTrustProxy', () => {
  it('is off when unset, blank, false or 0', () => {
    for (const raw of [undefined, '', '  ', 'false', 'FALSE', '0', ',']) expect(value(raw), String(raw)).toBe(false);
  });

  it('reads a hop count', () => {
    expect(value('1')).toBe(1);
    expect(value(' 2 ')).toBe(2);
  });

  it('reads addresses, subnets, netmasks and named ranges', () => {
    expect(value('loopback')).toEqual(['loopback']);
    expect(value('loopback, linklocal,uniquelocal , 10.0.0.1, 10.0.0.0/8, 192.168.0.0/255.255.0.0, ::1, fd00::/8')).toEqual([
      'loopback',
      'linklocal',
      'uniquelocal',
      '10.0.0.1',
      '10.0.0.0/8',
      '192.168.0.0/255.255.0.0',
      '::1',
      'fd00::/8',
    ]);
  });

  it('refuses true, naming the spoofing risk', () => {
    const parsed = parseTrustProxy('true');
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.message).toMatch(/spoof X-Forwarded-For/);
  });

  it('refuses what is not an address, a subnet or a small hop count', () => {
    for (const raw of ['yes', '-1', '1.5', '33', '10.0.0.0/33', 'fd00::/129', 'fd00::/255.0.0.0', '10.0.0.0/8/8', '10.0.0.0/', 'loopback,proxy.local', 'Loopback']) {
      expect(parseTrustProxy(raw).ok, raw).toBe(false);
    }
  });
});

describe('parseTrustProxy on option values', () => {
  it('takes the setting itself as an option gives it: false, a hop count, a list', () => {
    expect(value(false)).toBe(false);
    expect(value(0)).toBe(false);
    expect(value(2)).toBe(2);
    expect(value(['loopback', '10.0.0.0/8'])).toEqual(['loopback', '10.0.0.0/8']);
  });

  it('refuses true, a fraction, a negative count and a bad entry in a list', () => {
    for (const raw of [true, 1.5, -1, 33, ['loopback', 'proxy.local']]) expect(parseTrustProxy(raw).ok, String(raw)).toBe(false);
  });
});

describe('trustProxySchema', () => {
  const Env = z.object({ TRUST_PROXY: trustProxySchema });
  it('reads the env text or an option value, false when unset', () => {
    expect(Env.parse({}).TRUST_PROXY).toBe(false);
    expect(Env.parse({ TRUST_PROXY: '1' }).TRUST_PROXY).toBe(1);
    expect(Env.parse({ TRUST_PROXY: ['loopback'] }).TRUST_PROXY).toEqual(['loopback']);
  });

  it('names the variable and the risk when given true', () => {
    for (const raw of ['true', true]) {
      const parsed = Env.safeParse({ TRUST_PROXY: raw });
      expect(parsed.error?.issues[0], String(raw)).toMatchObject({ path: ['TRUST_PROXY'], message: expect.stringMatching(/spoof X-Forwarded-For/) });
    }
  });
});
