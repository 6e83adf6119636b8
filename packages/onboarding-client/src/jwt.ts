// Reads the expiry of a JWT without verifying it: the client only needs to know when to
// fetch a new token; the API is the one that checks signatures.

/** The `exp` claim of a JWT in ms since the epoch, or undefined when it cannot be read. */
export function jwtExpiresAtMs(token: string): number | undefined {
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    if (typeof claims !== 'object' || claims === null) return undefined;
    const exp = (claims as { exp?: unknown }).exp;
    return typeof exp === 'number' && Number.isFinite(exp) ? exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}
