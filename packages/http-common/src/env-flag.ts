// An on/off setting read from an environment variable, the same way in every
// app: `true`/`false` or `1`/`0`, in any case; unset or blank is the default;
// anything else (`yes`, `on`: a guess at what was meant) is an error naming
// what is accepted.
import { z } from 'zod';

const WORDS: Record<string, boolean> = { true: true, '1': true, false: false, '0': false };

/** The flag `raw` says, `fallback` when unset or blank, or an error message. */
export function parseFlag(raw: string | undefined, fallback: boolean): { ok: true; value: boolean } | { ok: false; message: string } {
  const text = (raw ?? '').trim().toLowerCase();
  if (text === '') return { ok: true, value: fallback };
  const value = WORDS[text];
  return value === undefined ? { ok: false, message: 'must be true or false (or 1 or 0)' } : { ok: true, value };
}

/** The zod schema of an environment flag, for an app's env schema: `FLAG: envFlag(false)`. */
export function envFlag(fallback: boolean) {
  return z
    .string()
    .optional()
    .transform((raw, ctx): boolean => {
      const parsed = parseFlag(raw, fallback);
      if (parsed.ok) return parsed.value;
      ctx.addIssue({ code: 'custom', message: parsed.message });
      return z.NEVER;
    });
}
