// Real HS256 JWTs for the fake upstream, on the test's clock, so the client decodes
// exactly what the real server would send.
import { createHmac, randomUUID } from 'node:crypto';

export type Kind = 'login' | 'backend' | 'backend_user' | 'user';

export interface Claims {
  kind: Kind;
  sub?: string;
  iat: number;
  exp: number;
  jti: string;
}

export type Verdict = { ok: true; claims: Claims } | { ok: false; status: number; code: string; message: string };

export class FakeTokens {
  private secret = randomUUID();
  /** Every token issued, in order, for assertions on what the client received. */
  readonly issued: Claims[] = [];

  constructor(
    private readonly now: () => number,
    private readonly lifetimeSeconds = 3600,
  ) {}

  issue(kind: Kind, sub?: string): string {
    const iat = Math.floor(this.now() / 1000);
    const claims: Claims = { kind, ...(sub ? { sub } : {}), iat, exp: iat + this.lifetimeSeconds, jti: randomUUID() };
    this.issued.push(claims);
    const header = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');
    const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
    return `${header}.${payload}.${this.sign(`${header}.${payload}`)}`;
  }

  /** Makes every token issued so far fail verification, like a rotated signing key. */
  rotateKey(): void {
    this.secret = randomUUID();
  }

  verify(authorization: string | undefined, kinds: readonly Kind[]): Verdict {
    const match = /^Bearer (\S+)$/.exec(authorization ?? '');
    if (!match?.[1]) return { ok: false, status: 401, code: 'MISSING_TOKEN', message: 'A Bearer token is required.' };
    const [header, payload, signature] = match[1].split('.');
    if (!header || !payload || signature !== this.sign(`${header}.${payload}`)) {
      return { ok: false, status: 401, code: 'INVALID_TOKEN', message: 'The token is not valid.' };
    }
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Claims;
    if (claims.exp * 1000 <= this.now()) return { ok: false, status: 401, code: 'TOKEN_EXPIRED', message: 'The token has expired.' };
    if (!kinds.includes(claims.kind)) {
      return { ok: false, status: 403, code: 'WRONG_TOKEN_KIND', message: `This endpoint needs a ${kinds.join(' or ')} token.` };
    }
    return { ok: true, claims };
  }

  private sign(data: string): string {
    return createHmac('sha256', this.secret).update(data).digest('base64url');
  }
}
