// The pool always runs the compiled worker (dist/worker.js), also when the
// pool itself is loaded from src/ by the test runner.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export function workerScript(): URL {
  const here = new URL('./worker.js', import.meta.url);
  if (existsSync(fileURLToPath(here))) return here;
  const dist = new URL('../dist/worker.js', import.meta.url);
  if (existsSync(fileURLToPath(dist))) return dist;
  throw new Error('dist/worker.js is missing: build the package first (pnpm --filter @alice-face/face-engine build).');
}
