// What the failure limit counts a client by: a keyed hash (HMAC-SHA-256 under
// the JWT signing key) of its address, so the database never holds addresses
// and a copy of it does not reveal them. `req.ip` is the client: the TCP peer,
// or, behind proxies named by ONBOARDING_TRUST_PROXY (a backend that forwards
// its users' uploads included), the address they put in X-Forwarded-For.
import { createHmac } from 'node:crypto';

export function clientKeyer(secret: Buffer): (address: string) => string {
  return (address) => createHmac('sha256', secret).update(`client-address\0${address}`).digest('base64url').slice(0, 22);
}
