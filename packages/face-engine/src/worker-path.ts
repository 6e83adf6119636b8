// Worker threads always run the compiled script (dist/<name>.js), also when
// the code that starts them is loaded from src/ by the test runner.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** `worker`: the pool's engine thread; `engine-helper-thread`: an engine's helper (engine-helper.ts). */
export function workerScript(name: 'worker' | 'engine-helper-thread' = 'worker'): URL {
  const here = new URL(`./${name}.js`, import.meta.url);
  if (existsSync(fileURLToPath(here))) return here;
  const dist = new URL(`../dist/${name}.js`, import.meta.url);
  if (existsSync(fileURLToPath(dist))) return dist;
  throw new Error(`dist/${name}.js is missing: build the package first (pnpm --filter @alice-face/face-engine build).`);
}
