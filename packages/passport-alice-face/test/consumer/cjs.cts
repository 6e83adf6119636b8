// A CommonJS consumer: `require` of the built package (TypeScript's
// `import = require` compiles to a plain require call).
import alice = require('passport-alice-face');
import type { Request } from 'express';

const { Strategy, AliceFaceStrategy, MemoryReplayStore } = alice;
const client = { apiKey: 'key', baseUrl: 'http://127.0.0.1:4000/onboarding' };

const plain = new Strategy({ client, userId: () => 'u' }, (userId, authentication, done) => {
  const liveness: number | null = authentication.face_liveness;
  done(null, liveness === null ? false : { id: userId });
});

const withRequest = new AliceFaceStrategy(
  { client, userId: async (req: Request) => String(req.body.user_id), passReqToCallback: true, replayStore: new MemoryReplayStore() },
  async (req, userId) => ({ id: userId, ip: req.ip }),
);

// Type-only check: never called (the constructor would rightly throw at run time).
void typeErrors;
function typeErrors(): void {
  // @ts-expect-error verify is required to be a function
  new Strategy({ client, userId: () => 'u' }, 'not a function');
}

console.log(JSON.stringify({ module: 'cjs', name: plain.name, same: alice.default === Strategy, req: withRequest.name }));
