// The published shape works for consumers: an ESM file (default + named
// imports) and a CJS file (require) are compiled with tsc against the built
// dist/ and its .d.ts/.d.cts, including the verify types with and without
// passReqToCallback and @ts-expect-error lines that must stay errors; then
// both outputs run under node.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const pkg = resolve(import.meta.dirname, '..');
const consumerDir = join(pkg, 'test', 'consumer');
// Inside the package so that node resolves `passport-alice-face` by self-reference.
const outDir = mkdtempSync(join(consumerDir, 'out-'));
const tsc = createRequire(join(pkg, 'package.json')).resolve('typescript/bin/tsc');

function newest(dir: string): number {
  return Math.max(...readdirSync(dir).map((f) => statSync(join(dir, f)).mtimeMs));
}

beforeAll(() => {
  const built = join(pkg, 'dist', 'index.d.cts');
  // CI builds before testing (turbo); a local run after editing src rebuilds here.
  if (!existsSync(built) || statSync(built).mtimeMs < newest(join(pkg, 'src'))) {
    execFileSync('pnpm', ['run', 'build'], { cwd: pkg, stdio: 'pipe' });
  }
});
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe('consumer type test', () => {
  it('compiles an ESM and a CJS consumer with tsc (NodeNext, strict)', () => {
    let output = '';
    try {
      execFileSync(process.execPath, [tsc, '-p', join(consumerDir, 'tsconfig.json'), '--outDir', outDir], { cwd: pkg, stdio: 'pipe' });
    } catch (err) {
      output = String((err as { stdout?: Buffer }).stdout ?? err);
    }
    expect(output).toBe('');
    expect(readdirSync(outDir).sort()).toEqual(['cjs.cjs', 'esm.mjs']);
  });

  it('runs both under node: ESM import and CJS require give the same strategy', () => {
    const run = (file: string) => JSON.parse(execFileSync(process.execPath, [join(outDir, file)], { cwd: pkg }).toString());
    expect(run('esm.mjs')).toEqual({ module: 'esm', name: 'alice-face', same: true, code: 'FACE_MISMATCH' });
    expect(run('cjs.cjs')).toEqual({ module: 'cjs', name: 'alice-face', same: true, req: 'alice-face' });
  });
});
