// Parses Express's `trust proxy` setting from an environment variable (or an
// option), which decides the `req.ip` a per-address limit keys on. Only what
// is safe to configure by hand: a hop count, or a list of proxy addresses,
// subnets and Express's named ranges. `true` (trust every hop) is refused:
// then any client picks its own address with X-Forwarded-For and walks past
// every per-address limit. The onboarding server, the admin and the example
// read theirs with it, from the environment and from their options.
import { isIP } from 'node:net';
import { z } from 'zod';

/** Express's `trust proxy` value: off, a hop count, or the addresses trusted as proxies. */
export type TrustProxy = false | number | string[];

const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** Why an entry is not an address, `address/prefix`, `address/netmask` or a named range (undefined: fine). */
function badEntry(entry: string): string | undefined {
  if (NAMED_RANGES.has(entry)) return undefined;
  const [address = '', range, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return `"${entry}" is not an IP address, subnet or one of loopback, linklocal, uniquelocal`;
  if (range === undefined) return undefined;
  const bits = family === 4 ? 32 : 128;
  if (/^\d{1,3}$/.test(range) && Number(range) <= bits) return undefined;
  if (family === 4 && isIP(range) === 4) return undefined;
  return `"${entry}" has a bad prefix length or netmask`;
}

/** What may be written: the text of an environment variable, or the setting itself (an option). */
export type TrustProxyInput = string | TrustProxy | boolean | undefined;

/**
 * `undefined`/`''`/`false`/`0` → false; `1`… → that many hops; otherwise a
 * comma-separated list (or an array). Returns the setting, or an error message.
 */
export function parseTrustProxy(raw: TrustProxyInput): { ok: true; value: TrustProxy } | { ok: false; message: string } {
  const text = (Array.isArray(raw) ? raw.join(',') : String(raw ?? '')).trim();
  if (text === '' || text.toLowerCase() === 'false') return { ok: true, value: false };
  if (text.toLowerCase() === 'true') {
    return {
      ok: false,
      message: 'true (trust every hop) lets any client spoof X-Forwarded-For; give the hop count (e.g. 1) or the proxy addresses instead',
    };
  }
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    return hops <= 32 ? { ok: true, value: hops === 0 ? false : hops } : { ok: false, message: 'a hop count must be at most 32' };
  }
  const entries = text.split(',').map((x) => x.trim()).filter((x) => x.length > 0);
  for (const entry of entries) {
    const why = badEntry(entry);
    if (why) return { ok: false, message: why };
  }
  return entries.length > 0 ? { ok: true, value: entries } : { ok: true, value: false };
}

/** The zod schema of a trust-proxy setting (env text or option value), for an app's env or options schema. */
export const trustProxySchema = z
  .union([z.string(), z.boolean(), z.number(), z.array(z.string())])
  .optional()
  .transform((raw, ctx): TrustProxy => {
    const parsed = parseTrustProxy(raw);
    if (parsed.ok) return parsed.value;
    ctx.addIssue({ code: 'custom', message: parsed.message });
    return z.NEVER;
  });
