// `pnpm fixtures` offline: the manifest covers the pinned list, `--list` builds one raw URL per
// file at its pinned commit, and `--check` tells a complete set from a damaged copy.
import { execFile } from 'node:child_process';
import { chmod, copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturesDir, hasFixtures } from '../test-support/fixtures.ts';
import { CLIPS, COPIES, REPOS } from './fixture-set/sources.mjs';
import { PINNED, listFiles } from './fixture-set/verify.mjs';

const script = join(import.meta.dirname, 'fixtures.mjs');

/** Runs the script; resolves with its exit code and output (never rejects on a non-zero exit). */
function fixtures(...args) {
  return new Promise((resolve) => {
    execFile(process.execPath, [script, ...args], { env: { ...process.env, FACE_FIXTURES: fixturesDir } }, (error, stdout, stderr) => {
      resolve({ code: error ? error.code : 0, stdout, stderr });
    });
  });
}

/** A writable copy of the shared set (which is read-only) in a new temp folder. */
async function copyOfSet() {
  const copy = await mkdtemp(join(tmpdir(), 'fixtures-test-'));
  for (const file of await listFiles(fixturesDir)) {
    await mkdir(dirname(join(copy, file)), { recursive: true });
    await copyFile(join(fixturesDir, file), join(copy, file));
    await chmod(join(copy, file), 0o644);
  }
  return copy;
}

describe('the manifest', () => {
  it('gives every file of the pinned list exactly one source, and nothing else', () => {
    const files = [...COPIES, ...CLIPS].map(([file]) => file);
    expect(new Set(files).size).toBe(files.length);
    expect([...files].sort()).toEqual([...PINNED.keys()].sort());
  });
});

describe('pnpm fixtures --list', () => {
  it('prints one raw GitHub URL per file at its pinned commit, and how abbreviated commits are resolved', async () => {
    const { code, stdout } = await fixtures('--list');
    expect(code).toBe(0);
    const lines = stdout.split('\n').filter((line) => line && !line.startsWith('#'));
    const rows = lines.filter((line) => line.includes('\t')).map((line) => line.split('\t'));
    expect(rows.map(([, file]) => file).sort()).toEqual([...PINNED.keys()].sort());
    for (const [file, source, path] of [...COPIES, ...CLIPS]) {
      const { repo, commit } = REPOS[source];
      expect(rows).toContainEqual([`https://raw.githubusercontent.com/${repo}/${commit}/${path}`, file]);
    }
    const shortCommits = Object.values(REPOS).filter(({ commit }) => !/^[0-9a-f]{40}$/.test(commit));
    const lookups = lines.filter((line) => !line.includes('\t'));
    expect(lookups.sort()).toEqual(shortCommits.map(({ repo, commit }) => `https://api.github.com/repos/${repo}/commits/${commit}`).sort());
  });
});

describe.skipIf(!hasFixtures)('pnpm fixtures on a fixture folder', () => {
  let copy;
  const photo = [...PINNED.keys()].find((file) => file.startsWith('faces/people/meds_'));
  const clip = CLIPS.map(([file]) => file).find((file) => file.startsWith('videos/people/'));

  beforeAll(async () => {
    copy = await copyOfSet();
  });
  afterAll(async () => {
    if (copy) await rm(copy, { recursive: true, force: true });
  });

  it('--check passes on the shared fixture set', async () => {
    const { code, stdout } = await fixtures('--check', fixturesDir);
    expect(stdout).toContain(`All ${PINNED.size} fixtures ok.`);
    expect(code).toBe(0);
  });

  it('--check names an altered photo, a removed clip and a stray file, and exits non-zero', async () => {
    await writeFile(join(copy, photo), Buffer.concat([Buffer.from('x'), Buffer.alloc(16)]));
    await rm(join(copy, clip));
    await writeFile(join(copy, 'faces', 'people', 'stray.jpg'), 'not part of the set');
    const { code, stdout } = await fixtures('--check', copy);
    expect(code).toBe(1);
    expect(stdout).toMatch(new RegExp(`^FAIL ${photo}: sha256 [0-9a-f]{12}… expected ${PINNED.get(photo).slice(0, 12)}…$`, 'm'));
    expect(stdout).toMatch(new RegExp(`^FAIL ${clip}: missing$`, 'm'));
    expect(stdout).toMatch(/^FAIL faces\/people\/stray\.jpg: extra/m);
    expect(stdout).toContain(`${PINNED.size} fixtures: 1 missing, 1 mismatched, 1 extra.`);
    expect(stdout.match(/^FAIL /gm)).toHaveLength(3);
  });

  it('fetches nothing for a complete set (offline) and keeps a hand-written SOURCES.md', async () => {
    const complete = await copyOfSet();
    try {
      const { code, stdout } = await fixtures('--dir', complete);
      expect(stdout).not.toContain('downloaded');
      expect(stdout).toContain(`All ${PINNED.size} fixtures ok.`);
      expect(code).toBe(0);
      expect(await readFile(join(complete, 'SOURCES.md'), 'utf8')).toBe(await readFile(join(fixturesDir, 'SOURCES.md'), 'utf8'));
      expect((await fixtures('--check', complete)).code).toBe(0);
    } finally {
      await rm(complete, { recursive: true, force: true });
    }
  });
});
