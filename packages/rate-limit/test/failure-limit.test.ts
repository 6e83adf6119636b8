// The failure rule with a moved clock: a stranger's address is limited, the
// person's own address still gets through, windows end, success forgives.
import { describe, expect, it } from 'vitest';
import { FailureLimiter, failureWait } from '../src/index.js';

const WINDOW = 15 * 60_000;
const limits = { perSubject: 5, perAddress: 8, windowMs: WINDOW };

function limiter() {
  let now = 1_800_000_000_000;
  const l = new FailureLimiter(limits, () => now);
  return { l, advance: (ms: number) => (now += ms) };
}

describe('FailureLimiter', () => {
  it('refuses the stranger after 5 failures on an account, and lets the account owner in from another address', () => {
    const { l } = limiter();
    for (let i = 0; i < 5; i++) {
      expect(l.wait('ada', '203.0.113.9')).toBe(0);
      l.fail('ada', '203.0.113.9');
    }
    expect(l.wait('ada', '203.0.113.9')).toBe(WINDOW);
    expect(l.wait('ada', '198.51.100.7')).toBe(0);
    expect(l.wait('grace', '203.0.113.9')).toBe(0);
  });

  it('gives a stranger with many addresses one attempt per new address once the account is over its limit', () => {
    const { l } = limiter();
    for (let i = 0; i < 5; i++) l.fail('ada', `10.0.0.${i}`);
    for (let i = 0; i < 5; i++) expect(l.wait('ada', `10.0.0.${i}`)).toBeGreaterThan(0);
    expect(l.wait('ada', '10.0.1.1')).toBe(0);
    l.fail('ada', '10.0.1.1');
    expect(l.wait('ada', '10.0.1.1')).toBeGreaterThan(0);
    expect(l.wait('ada', '198.51.100.7')).toBe(0);
  });

  it('limits one address over all accounts (password spraying)', () => {
    const { l } = limiter();
    for (let i = 0; i < 8; i++) l.fail(`user${i}`, '203.0.113.9');
    expect(l.wait('someone-new', '203.0.113.9')).toBe(WINDOW);
    expect(l.wait('someone-new', '198.51.100.7')).toBe(0);
  });

  it('says how long to wait, and lets the address try again when its failures leave the window', () => {
    const { l, advance } = limiter();
    for (let i = 0; i < 5; i++) {
      l.fail('ada', '203.0.113.9');
      advance(60_000);
    }
    // The oldest failure is 5 minutes old: 10 more minutes until it leaves the window.
    expect(l.wait('ada', '203.0.113.9')).toBe(WINDOW - 5 * 60_000);
    advance(WINDOW - 5 * 60_000);
    expect(l.wait('ada', '203.0.113.9')).toBe(0);
  });

  it('forgets an address’s failures on an account once it logs in there', () => {
    const { l } = limiter();
    for (let i = 0; i < 5; i++) l.fail('ada', '198.51.100.7');
    expect(l.wait('ada', '198.51.100.7')).toBeGreaterThan(0);
    l.forgive('ada', '198.51.100.7');
    expect(l.wait('ada', '198.51.100.7')).toBe(0);
  });
});

describe('failureWait', () => {
  const now = 1_800_000_000_000;
  it('ignores failures outside the window, and the address limit is off at 0', () => {
    const old = Array.from({ length: 9 }, () => ({ at: now - WINDOW - 1, address: 'a' }));
    expect(failureWait(limits, now, 'a', old, old.map((f) => f.at))).toBe(0);
    const recent = Array.from({ length: 20 }, (_, i) => now - i);
    expect(failureWait({ ...limits, perAddress: 0 }, now, 'a', [], recent)).toBe(0);
  });
});
