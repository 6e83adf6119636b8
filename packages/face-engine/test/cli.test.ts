// The built CLI (dist/cli.js) end to end: JSON lines on stdout.
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { fixture, fixturesDir, hasFixtures } from './support/fixtures.js';
import { tempDir } from './support/media.js';

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const run = promisify(execFile);

async function lines(args: string[]): Promise<{ code: number; out: Array<Record<string, unknown>> }> {
  try {
    const { stdout } = await run(process.execPath, [cli, ...args], { maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, out: stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>) };
  } catch (err) {
    const e = err as { code: number; stdout: string };
    return { code: e.code, out: e.stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>) };
  }
}

describe.skipIf(!hasFixtures)('face-engine CLI', () => {
  const tmp = tempDir('cli');
  afterAll(() => tmp.cleanup());

  it('pairs: one line per pair, null with an error code for a file without a face, then a summary', async () => {
    const csv = tmp.path('pairs.csv');
    writeFileSync(csv, [
      'file_x,file_y,Decision',
      'faces/people/john_salley/dlib__000179_02159509.jpg,faces/people/john_salley/dlib__000198_02159470.jpg,Yes',
      'faces/people/john_salley/dlib__000179_02159509.jpg,faces/people/obama/obama.jpg,No',
      'faces/people/obama/obama.jpg,faces/scenes/white.png,No',
    ].join('\n'));
    const { code, out } = await lines(['pairs', '--csv', csv, '--root', fixturesDir]);
    expect(code).toBe(0);
    expect(out).toHaveLength(4);
    expect(out[0]).toMatchObject({ decision: 'Yes', face_matching: expect.any(Number) });
    expect(out[0]!.face_matching as number).toBeGreaterThanOrEqual(50);
    expect(out[1]!.face_matching as number).toBeLessThan(50);
    expect(out[2]).toMatchObject({ face_matching: null, error: 'NO_FACE' });
    expect(out[3]).toMatchObject({ summary: true, pairs: 3, genuine: 1, impostor: 2, false_accepts: 0, false_rejects: 0, errors: 1 });
  });

  it('analyze: a result line per file and an error line with its code, exit code 2', async () => {
    const { code, out } = await lines(['analyze', fixture('faces/people/biden/biden.jpg'), tmp.path('missing.mp4')]);
    expect(code).toBe(2);
    expect(out[0]).toMatchObject({ number_of_faces: 1, face_liveness: null, checks: expect.any(Array) });
    expect(out[0]).not.toHaveProperty('template');
    expect(out[1]).toMatchObject({ error: 'NOT_A_VIDEO' });
  });

  it('prints usage and exits 64 without a command', async () => {
    const { code } = await lines([]);
    expect(code).toBe(64);
  });
});
