// Finds the authentication id in the request: `req.body[field]` (a form
// post), then `req.query[field]`, then the header (an API call from a
// script). The first place where it is present wins; it must be one plain id.
import type { Request } from 'express';
import { AliceFaceError } from './errors.js';

export type IdLookup = { found: 'none' } | { found: 'invalid'; where: string } | { found: 'ok'; id: string };

// Ids go into a URL path: letters, digits, `.`, `_`, `-`, starting with a
// letter or digit (so never `.` or `..`), at most 128 characters.
const ID_FORMAT = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** True for ids safe to put in a URL path (also used for user ids). */
export function isPlainId(value: unknown): value is string {
  return typeof value === 'string' && ID_FORMAT.test(value);
}

function read(container: unknown, key: string): unknown {
  if (typeof container !== 'object' || container === null) return undefined;
  // Own properties only: `?__proto__=…` or a `constructor` field must not be read from the prototype.
  return Object.prototype.hasOwnProperty.call(container, key) ? (container as Record<string, unknown>)[key] : undefined;
}

function present(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '';
}

/** The id from the `authenticationId` option (kept by the backend, e.g. in the session). */
export async function keptAuthenticationId(read: (req: Request) => unknown, req: Request): Promise<IdLookup> {
  let value: unknown;
  try {
    value = await read(req);
  } catch (err) {
    throw new AliceFaceError('ERR_ALICE_FACE_AUTHENTICATION_ID', 'The authenticationId option function failed.', { cause: err });
  }
  if (!present(value)) return { found: 'none' };
  return isPlainId(value) ? { found: 'ok', id: value } : { found: 'invalid', where: 'authenticationId option' };
}

export function findAuthenticationId(req: Request, field: string, header: string): IdLookup {
  const places: Array<[string, unknown]> = [
    ['body', read(req.body, field)],
    ['query', read(req.query, field)],
    ['header', req.headers[header]],
  ];
  for (const [where, value] of places) {
    if (!present(value)) continue;
    if (isPlainId(value)) return { found: 'ok', id: value };
    return { found: 'invalid', where };
  }
  return { found: 'none' };
}
