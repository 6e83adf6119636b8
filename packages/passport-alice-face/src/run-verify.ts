// Calls the app's verify function the way it was written: Node-style
// (`done(err, user, info)`), returning a promise, or returning the user
// directly. Whichever answers first wins; a later `done` is ignored so the
// request still gets exactly one outcome.
import type { User } from './types.js';

export interface Verified {
  user: User | false | null | undefined;
  info: { message?: string } | undefined;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

export function runVerify(verify: (...args: never[]) => unknown, args: unknown[]): Promise<Verified> {
  return new Promise<Verified>((resolve, reject) => {
    let settled = false;
    const done = (err: unknown, user?: User | false | null, info?: { message?: string }): void => {
      if (settled) return;
      settled = true;
      if (err) reject(err);
      else resolve({ user, info });
    };
    // A synchronous throw is caught by the Promise executor and rejects.
    const result = (verify as (...a: unknown[]) => unknown)(...args, done);
    if (settled) return;
    if (isThenable(result)) {
      result.then(
        (user) => done(null, user as User | false | null),
        (err: unknown) => done(err ?? new Error('The verify function rejected without a reason.')),
      );
    } else if (result !== undefined) {
      done(null, result as User | false | null);
    }
    // Otherwise the function is callback-style and will call `done` later.
  });
}
