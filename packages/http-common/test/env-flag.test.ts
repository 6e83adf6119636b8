// envFlag / parseFlag: one reading of an on/off environment variable.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { envFlag, parseFlag } from '../src/index.js';

describe('parseFlag', () => {
  it('reads true/false and 1/0 in any case, and the fallback when unset or blank', () => {
    for (const raw of ['true', 'TRUE', '1', ' True ']) expect(parseFlag(raw, false), raw).toEqual({ ok: true, value: true });
    for (const raw of ['false', 'False', '0', ' FALSE']) expect(parseFlag(raw, true), raw).toEqual({ ok: true, value: false });
    expect(parseFlag(undefined, true)).toEqual({ ok: true, value: true });
    expect(parseFlag('  ', false)).toEqual({ ok: true, value: false });
  });

  it('refuses anything else with a message naming what is accepted', () => {
    for (const raw of ['yes', 'no', 'on', 'y', '2', 'truee']) expect(parseFlag(raw, false), raw).toEqual({ ok: false, message: 'must be true or false (or 1 or 0)' });
  });
});

describe('envFlag', () => {
  const Env = z.object({ A: envFlag(false), B: envFlag(true) });
  it('is the flag in an env schema, naming the variable when wrong', () => {
    expect(Env.parse({ A: 'TRUE' })).toEqual({ A: true, B: true });
    expect(Env.parse({ B: '0' })).toEqual({ A: false, B: false });
    const bad = Env.safeParse({ A: 'maybe' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]).toMatchObject({ path: ['A'], message: 'must be true or false (or 1 or 0)' });
  });
});
