// Matching figures: every pair of faces/people (same folder = genuine), and
// the stage clip against its person's photo and everyone else's.
import type { FaceEngine } from '../engine.js';
import { descriptorDistance, scoreFromDistance } from '../match.js';
import { fixturesDir, peopleFiles } from './fixtures.js';
import { join } from 'node:path';

export interface MatchingFigures {
  faces: number;
  noFace: string[];
  genuine: number;
  impostor: number;
  falseAccepts: number;
  falseRejects: number;
  maxGenuineDistance: number;
  minImpostorDistance: number;
  worstGenuine: string[];
  stage: { ownPhoto: number; bestOther: number; bestOtherPerson: string; othersAbove50: number };
}

export async function matchingFigures(engine: FaceEngine): Promise<MatchingFigures> {
  const files = peopleFiles();
  const templates: Array<{ person: string; file: string; t: Float32Array }> = [];
  const noFace: string[] = [];
  for (const f of files) {
    try {
      templates.push({ person: f.person, file: f.file, t: (await engine.analyze(f.path)).template });
    } catch {
      noFace.push(`${f.person}/${f.file}`);
    }
  }
  let genuine = 0, impostor = 0, fa = 0, fr = 0, maxGen = 0, minImp = Infinity;
  const gen: Array<[number, string]> = [];
  for (let i = 0; i < templates.length; i++) {
    for (let j = i + 1; j < templates.length; j++) {
      const a = templates[i]!;
      const b = templates[j]!;
      const d = descriptorDistance(a.t, b.t);
      const score = scoreFromDistance(d);
      if (a.person === b.person) {
        genuine++;
        if (score < 50) fr++;
        maxGen = Math.max(maxGen, d);
        gen.push([d, `${a.person}/${a.file}~${b.file}`]);
      } else {
        impostor++;
        if (score >= 50) fa++;
        minImp = Math.min(minImp, d);
      }
    }
  }
  const stageT = (await engine.analyze(join(fixturesDir, 'videos', 'stage-clip-lin-manuel-miranda.mp4'))).template;
  let ownPhoto = 0, bestOther = 0, bestOtherPerson = '', othersAbove50 = 0;
  for (const t of templates) {
    const s = scoreFromDistance(descriptorDistance(stageT, t.t));
    if (t.person === 'lin_manuel_miranda') ownPhoto = Math.max(ownPhoto, s);
    else {
      if (s >= 50) othersAbove50++;
      if (s > bestOther) {
        bestOther = s;
        bestOtherPerson = `${t.person}/${t.file}`;
      }
    }
  }
  gen.sort((x, y) => y[0] - x[0]);
  return {
    faces: templates.length,
    noFace,
    genuine,
    impostor,
    falseAccepts: fa,
    falseRejects: fr,
    maxGenuineDistance: maxGen,
    minImpostorDistance: minImp,
    worstGenuine: gen.slice(0, 5).map(([d, n]) => `${n} ${d.toFixed(3)}`),
    stage: { ownPhoto, bestOther, bestOtherPerson, othersAbove50 },
  };
}
