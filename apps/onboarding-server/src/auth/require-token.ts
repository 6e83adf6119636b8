// Bearer token check per route: the token must verify and be one of the
// kinds the route accepts. User-scoped kinds carry their user id in `sub`,
// and routes act on that user only, so a token never reaches another user.
import type { NextFunction, Request, Response } from 'express';
import { HttpError } from '@alice-face/http-common';
import type { JwtSigner, TokenClaims, TokenKind } from './jwt.js';

export interface Caller {
  kind: TokenKind;
  userId?: string | undefined;
  /** The API key behind the token (recorded with media downloads); undefined for tokens without one. */
  apiKeyId?: string | undefined;
}

export function requireToken(signer: JwtSigner, kinds: TokenKind[]) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const header = req.headers.authorization;
    const match = header ? /^Bearer ([A-Za-z0-9_\-.=]+)$/.exec(header.trim()) : null;
    if (!match) throw new HttpError(401, 'MISSING_TOKEN', 'Send a token in the header `Authorization: Bearer <token>`.');
    const claims: TokenClaims = signer.verify(match[1]!);
    if (!kinds.includes(claims.kind)) {
      throw new HttpError(403, 'WRONG_TOKEN_KIND', `This endpoint needs a ${kinds.map((k) => `${k} token`).join(' or ')}, not a ${claims.kind} token.`);
    }
    res.locals.caller = { kind: claims.kind, userId: claims.sub, apiKeyId: claims.akid } satisfies Caller;
    next();
  };
}

/** The user a user-scoped token acts on. */
export function callerUserId(res: Response): string {
  const caller = res.locals.caller as Caller | undefined;
  if (!caller?.userId) throw new HttpError(403, 'FORBIDDEN', 'This token is not bound to a user.');
  return caller.userId;
}
