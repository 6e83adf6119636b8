// An ESM consumer: default and named imports of the built package, verify
// typed with and without passReqToCallback. Compiled by consumer.test.ts
// (tsc, NodeNext) and then run with node.
import AliceFace, { AliceFaceStrategy, MemoryReplayStore, Strategy, type AliceFaceFailure, type Authentication } from 'passport-alice-face';
import type { Request } from 'express';
import passport from 'passport';

const client = { apiKey: 'key', baseUrl: 'http://127.0.0.1:4000/onboarding' };

const promiseStyle = new AliceFace({ client, userId: (req) => String(req.body.user_id) }, async (userId, authentication) => {
  const id: string = userId;
  const liveness: number | null = authentication.face_liveness;
  return liveness === null ? false : { id };
});

const callbackStyle = new Strategy(
  { client, userId: async () => 'u', replayStore: new MemoryReplayStore({ maxEntries: 10 }) },
  (userId, authentication: Authentication, done) => done(null, { id: userId, at: authentication.created_at }),
);

const withRequest = new AliceFaceStrategy(
  { client, userId: () => 'u', passReqToCallback: true, livenessThreshold: 60 },
  async (req, userId, authentication) => {
    const request: Request = req;
    return { id: userId, ip: request.ip, matching: authentication.face_matching };
  },
);

// Type-only checks: never called (the constructor would rightly throw at run time).
export function typeErrors(): void {
  // @ts-expect-error without passReqToCallback the request is not the first argument
  new AliceFaceStrategy({ client, userId: () => 'u' }, async (req: Request, userId: string) => ({ id: userId }));
  // @ts-expect-error with passReqToCallback: true, verify must take the request first
  new AliceFaceStrategy({ client, userId: () => 'u', passReqToCallback: true }, async (userId: string) => ({ id: userId }));
  // @ts-expect-error thresholds are numbers
  new AliceFaceStrategy({ client, userId: () => 'u', livenessThreshold: '50' }, async () => false);
}

const failure: AliceFaceFailure = { code: 'FACE_MISMATCH', message: 'No.', scores: { liveness: 90, matching: 10 } };
passport.use(promiseStyle);
passport.use('face-cb', callbackStyle);
passport.use('face-req', withRequest);
console.log(JSON.stringify({ module: 'esm', name: promiseStyle.name, same: AliceFace === Strategy && Strategy === AliceFaceStrategy, code: failure.code }));
