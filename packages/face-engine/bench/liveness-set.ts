// The clips of the liveness bench, built once under a cache directory.
// Live: every real clip of the fixtures (videos/real-selfie-N.mp4 and
// videos/people/<person>/clip-N.mp4) and its 2-s halves, each in its
// original encoding and through the whole encoding matrix. Attacks: every
// recipe kind for every photo of faces/people, in the recipes' own encoding
// and through `attackEncodings` encodings of the matrix each (rotating, so
// every kind meets every encoding over the photos).
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { mediaToolPath } from '../src/decode/ffmpeg.js';
import { ATTACK_KINDS, buildAttack } from '../test/attacks/index.js';
import { ENCODINGS, encodeClip, encodingId } from './encoding-matrix.js';

const run = promisify(execFile);

export interface BenchClip {
  file: string;
  /** Live clip name (halves included) or `<person>-<photo>__<kind>` of an attack. */
  source: string;
  encoding: string;
  kind: string;
}

/** The real clips of the fixtures, as [name, file]. */
export function liveSources(fixtures: string): Array<[string, string]> {
  const videos = join(fixtures, 'videos');
  const selfies = readdirSync(videos).filter((f) => /^real-selfie-\d+\.mp4$/.test(f)).sort().map((f) => [f.replace(/\.mp4$/, ''), join(videos, f)] as [string, string]);
  const peopleDir = join(videos, 'people');
  const people = existsSync(peopleDir) ? readdirSync(peopleDir).sort().flatMap((person) =>
    readdirSync(join(peopleDir, person)).filter((f) => /^clip-\d+\.mp4$/.test(f)).sort().map((f) => [`${person}-${f.replace(/\.mp4$/, '')}`, join(peopleDir, person, f)] as [string, string])) : [];
  return [...selfies, ...people];
}

/** A digest of the attack recipes' code: a change to them renders the attacks afresh. */
function recipesDigest(): string {
  const dir = join(dirname(fileURLToPath(import.meta.url)), '..', 'test', 'attacks');
  const h = createHash('sha256');
  for (const f of readdirSync(dir).sort()) h.update(f).update(readFileSync(join(dir, f)));
  return h.digest('hex').slice(0, 8);
}

/** Seconds 0-2 and 2-4 of a clip, re-encoded as the tests cut them (libx264, crf 20). */
async function halves(name: string, file: string, dir: string): Promise<Array<[string, string]>> {
  const out: Array<[string, string]> = [];
  for (const [half, from] of [['h1', '0'], ['h2', '2']] as const) {
    const target = join(dir, `${name}-${half}.mp4`);
    if (!existsSync(target)) {
      await run(mediaToolPath(), ['-v', 'error', '-y', '-ss', from, '-t', '2', '-i', file, '-an', '-c:v', 'libx264', '-crf', '20', `${target}.part.mp4`]);
      renameSync(`${target}.part.mp4`, target);
    }
    out.push([`${name}-${half}`, target]);
  }
  return out;
}

export interface SetOptions {
  fixtures: string;
  cacheDir: string;
  /** Seed prefix of every attack recipe (another hand sway, glare path, bend: a held-out set). */
  salt: string;
  /** Encodings of the matrix each attack also goes through (0: the recipes' encoding only). */
  attackEncodings: number;
  /** Live clips also go through the encoding matrix (default true; false: their own encoding and halves only). */
  liveEncodings?: boolean;
  /** Photos per person the attacks are made from, in name order (default: all). */
  photosPerPerson?: number;
  /** Encodes and renders run at once (default 1). */
  concurrency?: number;
  progress?: (line: string) => void;
}

/** Runs the tasks handed to it at most `n` at a time. */
function limiter(n: number): <T>(task: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: Array<() => void> = [];
  return async (task) => {
    if (active >= n) await new Promise<void>((go) => waiting.push(go));
    active++;
    try {
      return await task();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}

export async function buildBenchSet(o: SetOptions): Promise<BenchClip[]> {
  const clips: BenchClip[] = [];
  const encoded = join(o.cacheDir, 'encoded');
  const halvesDir = join(o.cacheDir, 'halves');
  mkdirSync(halvesDir, { recursive: true });
  const live = liveSources(o.fixtures);
  const pool = limiter(o.concurrency ?? 1);
  for (const [name, file] of live) {
    for (const [source, clip] of [[name, file] as [string, string], ...(await halves(name, file, halvesDir))]) {
      clips.push({ file: clip, source, encoding: 'original', kind: 'live' });
      const matrix = o.liveEncodings === false ? [] : ENCODINGS;
      const files = await Promise.all(matrix.map((e) => pool(() => encodeClip(clip, e, encoded))));
      matrix.forEach((e, j) => clips.push({ file: files[j]!, source, encoding: encodingId(e), kind: 'live' }));
    }
    o.progress?.(`live ${name}: whole, halves${o.liveEncodings === false ? '' : ` and ${ENCODINGS.length} encodings each`}`);
  }
  const attackDir = join(o.cacheDir, `attacks-${recipesDigest()}`);
  mkdirSync(attackDir, { recursive: true });
  const people = join(o.fixtures, 'faces', 'people');
  let n = 0;
  for (const person of readdirSync(people).sort()) {
    const photos = readdirSync(join(people, person)).filter((f) => /\.(jpe?g|png|webp)$/i.test(f)).sort();
    const pending: Array<Promise<BenchClip[]>> = [];
    for (const photo of photos.slice(0, o.photosPerPerson ?? photos.length)) {
      for (const [k, kind] of ATTACK_KINDS.entries()) {
        const source = `${person}-${o.salt}${basename(photo, extname(photo))}__${kind}`;
        const file = join(attackDir, `${source}.mp4`);
        // Photo n, kind k: encodings n + 3k, n + 3k + 12, … of the matrix, so each kind meets all of them over the photos.
        const picked = Array.from({ length: o.attackEncodings }, (_, j) =>
          ENCODINGS[(n + 3 * k + j * Math.floor(ENCODINGS.length / Math.max(1, o.attackEncodings))) % ENCODINGS.length]!);
        pending.push(pool(async () => {
          if (!existsSync(file)) {
            await buildAttack(join(people, person, photo), kind, `${file}.part.mp4`, o.salt);
            renameSync(`${file}.part.mp4`, file);
          }
          const out: BenchClip[] = [{ file, source, encoding: 'original', kind }];
          for (const e of picked) out.push({ file: await encodeClip(file, e, encoded), source, encoding: encodingId(e), kind });
          return out;
        }));
      }
      n++;
    }
    for (const made of await Promise.all(pending)) clips.push(...made);
    o.progress?.(`attacks of ${person}`);
  }
  return clips;
}
