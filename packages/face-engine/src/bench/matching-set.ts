// The matching bench's samples, from the fixture set:
// - units: each photo of faces/people, and each half of every clip of one
//   person (videos/real-selfie-N, videos/people/<person>/clip-N), each with
//   the template `analyze` makes of it;
// - frames: a single-frame template of every gated frame of every photo and
//   clip, for the broad impostor set the calibration is estimated on.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runFfmpeg } from '../decode/ffmpeg.js';
import type { FaceEngine } from '../engine.js';
import { fixturesDir, peopleFiles } from './fixtures.js';

export interface Sample {
  /** Identity: the person's folder, or the clip's name for a real-selfie clip. */
  id: string;
  /** The photo or clip half (`clip.mp4#1`, `#2`), for the tables. */
  name: string;
  kind: 'photo' | 'clip';
  template: Float32Array;
}

export interface MatchingSet {
  units: Sample[];
  frames: Sample[];
  /** Files where no usable face was found. */
  noFace: string[];
}

export async function clipFiles(): Promise<Array<{ id: string; name: string; path: string }>> {
  const videos = join(fixturesDir, 'videos');
  const out: Array<{ id: string; name: string; path: string }> = [];
  for (const f of (await readdir(videos)).sort()) {
    const m = /^(real-selfie-\d+)\.mp4$/.exec(f);
    if (m) out.push({ id: m[1]!, name: f, path: join(videos, f) });
  }
  const people = join(videos, 'people');
  if (existsSync(people)) {
    for (const person of (await readdir(people)).sort()) {
      for (const f of (await readdir(join(people, person))).sort()) out.push({ id: person, name: `${person}/${f}`, path: join(people, person, f) });
    }
  }
  return out;
}

/** Where each clip is cut in two (the clips are 3.5-4 s). */
const HALF_SEC = '1.75';

export async function buildMatchingSet(engine: FaceEngine, log: (s: string) => void = () => {}): Promise<MatchingSet> {
  const units: Sample[] = [];
  const frames: Sample[] = [];
  const noFace: string[] = [];
  for (const f of peopleFiles()) {
    const name = `${f.person}/${f.file}`;
    try {
      const template = (await engine.analyze(f.path)).template;
      units.push({ id: f.person, name, kind: 'photo', template });
      frames.push({ id: f.person, name, kind: 'photo', template });
    } catch {
      noFace.push(name);
    }
  }
  log(`${units.length} photos described`);
  const dir = await mkdtemp(join(tmpdir(), 'face-engine-matching-'));
  try {
    for (const clip of await clipFiles()) {
      for (const t of await engine.frameTemplates(clip.path)) frames.push({ id: clip.id, name: `${clip.name}@${t.t.toFixed(2)}`, kind: 'clip', template: t.template });
      // Two halves of one recording: an enrolment and a login of the same person.
      for (const [i, cut] of [['-t', HALF_SEC], ['-ss', HALF_SEC]].entries()) {
        const out = join(dir, `half-${i + 1}.mp4`);
        await runFfmpeg(['-y', '-i', clip.path, ...cut, '-an', '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '18', out]);
        try {
          units.push({ id: clip.id, name: `${clip.name}#${i + 1}`, kind: 'clip', template: (await engine.analyze(out)).template });
        } catch {
          noFace.push(`${clip.name}#${i + 1}`);
        }
      }
      log(`${clip.name} described`);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return { units, frames, noFace };
}
