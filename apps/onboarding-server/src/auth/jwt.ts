// HS256 JWTs with node:crypto only: the claims are small and fixed, so a
// dependency would add surface without adding safety.
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { HttpError } from '@alice-face/http-common';

export const TOKEN_KINDS = ['login', 'backend', 'backend_user', 'user'] as const;
export type TokenKind = (typeof TOKEN_KINDS)[number];

export interface TokenClaims {
  kind: TokenKind;
  sub?: string;
  /** The API key the login token was obtained with, carried into the tokens made from it (the audit's "who"). */
  akid?: string;
  iat: number;
  exp: number;
  jti: string;
}

const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');
export const TOKEN_TTL_SECONDS = 60 * 60;

export class JwtSigner {
  readonly #key: Buffer;
  readonly #now: () => number;

  constructor(key: Buffer, now: () => number = Date.now) {
    if (key.length < 32) throw new Error('The JWT signing key must be at least 32 bytes.');
    this.#key = key;
    this.#now = now;
  }

  sign(kind: TokenKind, sub?: string, apiKeyId?: string): string {
    const iat = Math.floor(this.#now() / 1000);
    const claims: TokenClaims = { kind, ...(sub === undefined ? {} : { sub }), ...(apiKeyId === undefined ? {} : { akid: apiKeyId }), iat, exp: iat + TOKEN_TTL_SECONDS, jti: randomUUID() };
    const body = `${HEADER}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
    return `${body}.${this.#mac(body).toString('base64url')}`;
  }

  /** Checks signature, algorithm, shape and expiry; throws 401 HttpErrors. */
  verify(token: string): TokenClaims {
    const parts = token.split('.');
    const invalid = () => new HttpError(401, 'INVALID_TOKEN', 'The token is not valid.');
    if (parts.length !== 3) throw invalid();
    const [header, payload, signature] = parts as [string, string, string];
    const expected = this.#mac(`${header}.${payload}`);
    const given = Buffer.from(signature, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalid();
    // Only our own fixed header is accepted: no alg=none, no key confusion.
    if (header !== HEADER) throw invalid();
    let claims: unknown;
    try {
      claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    } catch {
      throw invalid();
    }
    if (!isClaims(claims)) throw invalid();
    if (claims.exp * 1000 <= this.#now()) throw new HttpError(401, 'TOKEN_EXPIRED', 'The token has expired.');
    return claims;
  }

  #mac(data: string): Buffer {
    return createHmac('sha256', this.#key).update(data).digest();
  }
}

function isClaims(c: unknown): c is TokenClaims {
  if (typeof c !== 'object' || c === null) return false;
  const o = c as Record<string, unknown>;
  return (
    typeof o.kind === 'string' &&
    (TOKEN_KINDS as readonly string[]).includes(o.kind) &&
    typeof o.iat === 'number' &&
    typeof o.exp === 'number' &&
    typeof o.jti === 'string' &&
    (o.sub === undefined || typeof o.sub === 'string') &&
    (o.akid === undefined || typeof o.akid === 'string') &&
    ((o.kind !== 'backend_user' && o.kind !== 'user') || typeof o.sub === 'string')
  );
}
