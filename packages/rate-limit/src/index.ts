// Per-client-address limits: they slow one address down (express-rate-limit,
// in memory or shared in Redis), and the rule for failed logins per account
// and per address. What must hold across restarts and instances as an account
// lock lives in a database. Which address a request comes from behind a
// proxy: Express's `trust proxy` (parseTrustProxy, @alice-face/http-common).
export { addressLimit, type AddressLimitOptions } from './address-limit.js';
// Failed logins per account and per address, the rule that limits a stranger without locking the person out.
export { failureWait, FailureLimiter, type Failure, type FailureLimits } from './failure-limit.js';
