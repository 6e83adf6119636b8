// Matching figures on the fixture set: every pair of units (photos and clip
// halves) at the decision point 50, broken down by kind and demographic
// group; the calibration re-estimated on every cross-identity pair of every
// frame; the stage clip against its person's photo and everyone else's.
import { join } from 'node:path';
import type { FaceEngine } from '../engine.js';
import { FUSED_AT_40, FUSED_THRESHOLD, matchDetails } from '../match.js';
import { TEMPLATE_PARTS, type TemplatePartName } from '../template-format.js';
import { DEMOGRAPHIC_GROUPS, demographicallyMatched, FIXTURE_DEMOGRAPHICS } from './demographics.js';
import { fixturesDir } from './fixtures.js';
import { buildMatchingSet, type Sample } from './matching-set.js';

const Z_1E5 = 4.265; // one-sided standard normal quantiles
const Z_1E4 = 3.719;

interface Pair { a: Sample; b: Sample; score: number }
const pairName = (p: Pair) => `${p.a.name} ~ ${p.b.name} ${p.score}`;

export interface GroupRow { group: string; impostors: number; falseAccepts: number; closestImpostor: number | null; genuine: number; falseRejects: number; lowestGenuine: number | null }

export interface MatchingFigures {
  units: number;
  noFace: string[];
  genuine: number;
  impostor: number;
  falseAccepts: number;
  falseRejects: number;
  byKind: Array<{ kind: string; genuine: number; falseRejects: number }>;
  closestImpostors: string[];
  lowestGenuine: string[];
  groups: GroupRow[];
  calibration: {
    frames: number;
    impostorPairs: number;
    matchedPairs: number;
    models: Record<TemplatePartName, { mean: number; sd: number }>;
    matched: { mean: number; sd: number; max: number; at1e5: number; at1e4: number };
    framePairsAt50: number;
  };
  stage: { ownPhoto: number; bestOther: number; bestOtherPerson: string; othersAbove50: number };
}

const meanSd = (xs: number[]) => {
  const mean = xs.reduce((s, x) => s + x, 0) / Math.max(1, xs.length);
  const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / Math.max(1, xs.length));
  return { mean, sd };
};
const r = (x: number, d = 3) => Math.round(x * 10 ** d) / 10 ** d;

function unitPairs(units: Sample[]): { genuine: Pair[]; impostor: Pair[] } {
  const genuine: Pair[] = [];
  const impostor: Pair[] = [];
  for (let i = 0; i < units.length; i++) {
    for (let j = i + 1; j < units.length; j++) {
      const a = units[i]!;
      const b = units[j]!;
      const p = { a, b, score: matchDetails(a.template, b.template).score };
      (a.id === b.id ? genuine : impostor).push(p);
    }
  }
  return { genuine, impostor };
}

function groupRows(genuine: Pair[], impostor: Pair[]): GroupRow[] {
  return DEMOGRAPHIC_GROUPS.map(([group, member]) => {
    const inGroup = (s: Sample) => { const d = FIXTURE_DEMOGRAPHICS[s.id]; return !!d && member(d); };
    const imp = impostor.filter((p) => inGroup(p.a) && inGroup(p.b));
    const gen = genuine.filter((p) => inGroup(p.a));
    return {
      group,
      impostors: imp.length,
      falseAccepts: imp.filter((p) => p.score >= 50).length,
      closestImpostor: imp.length ? Math.max(...imp.map((p) => p.score)) : null,
      genuine: gen.length,
      falseRejects: gen.filter((p) => p.score < 50).length,
      lowestGenuine: gen.length ? Math.min(...gen.map((p) => p.score)) : null,
    };
  });
}

function calibration(frames: Sample[]): MatchingFigures['calibration'] {
  const perModel = Object.fromEntries(TEMPLATE_PARTS.map((p) => [p.name, [] as number[]])) as Record<TemplatePartName, number[]>;
  const matchedFused: number[] = [];
  let impostorPairs = 0, at50 = 0;
  for (let i = 0; i < frames.length; i++) {
    for (let j = i + 1; j < frames.length; j++) {
      const a = frames[i]!;
      const b = frames[j]!;
      if (a.id === b.id) continue;
      const m = matchDetails(a.template, b.template);
      impostorPairs++;
      if (m.score >= 50) at50++;
      for (const p of TEMPLATE_PARTS) perModel[p.name].push(m.models[p.name].similarity);
      if (demographicallyMatched(FIXTURE_DEMOGRAPHICS[a.id], FIXTURE_DEMOGRAPHICS[b.id])) matchedFused.push(m.fused);
    }
  }
  const models = Object.fromEntries(Object.entries(perModel).map(([k, v]) => { const s = meanSd(v); return [k, { mean: r(s.mean, 4), sd: r(s.sd, 4) }]; })) as MatchingFigures['calibration']['models'];
  const f = meanSd(matchedFused);
  return {
    frames: frames.length,
    impostorPairs,
    matchedPairs: matchedFused.length,
    models,
    matched: { mean: r(f.mean), sd: r(f.sd), max: r(Math.max(...matchedFused)), at1e5: r(f.mean + Z_1E5 * f.sd, 2), at1e4: r(f.mean + Z_1E4 * f.sd, 2) },
    framePairsAt50: at50,
  };
}

export async function matchingFigures(engine: FaceEngine, log?: (s: string) => void): Promise<MatchingFigures> {
  const set = await buildMatchingSet(engine, log);
  const { genuine, impostor } = unitPairs(set.units);
  const kindOf = (p: Pair) => [p.a.kind, p.b.kind].sort().join(' ~ ');
  const kinds = [...new Set(genuine.map(kindOf))].sort();
  const stage = (await engine.analyze(join(fixturesDir, 'videos', 'stage-clip-lin-manuel-miranda.mp4'))).template;
  let ownPhoto = 0, bestOther = 0, bestOtherPerson = '', othersAbove50 = 0;
  for (const u of set.units) {
    const s = matchDetails(stage, u.template).score;
    if (u.id === 'lin_manuel_miranda') ownPhoto = Math.max(ownPhoto, s);
    else {
      if (s >= 50) othersAbove50++;
      if (s > bestOther) [bestOther, bestOtherPerson] = [s, u.name];
    }
  }
  return {
    units: set.units.length,
    noFace: set.noFace,
    genuine: genuine.length,
    impostor: impostor.length,
    falseAccepts: impostor.filter((p) => p.score >= 50).length,
    falseRejects: genuine.filter((p) => p.score < 50).length,
    byKind: kinds.map((kind) => { const g = genuine.filter((p) => kindOf(p) === kind); return { kind, genuine: g.length, falseRejects: g.filter((p) => p.score < 50).length }; }),
    closestImpostors: [...impostor].sort((x, y) => y.score - x.score).slice(0, 5).map(pairName),
    lowestGenuine: [...genuine].sort((x, y) => x.score - y.score).slice(0, 5).map(pairName),
    groups: groupRows(genuine, impostor),
    calibration: calibration(set.frames),
    stage: { ownPhoto, bestOther, bestOtherPerson, othersAbove50 },
  };
}

/** The figures as markdown tables. */
export function matchingTables(m: MatchingFigures): string {
  const pct = (a: number, b: number) => `${a} of ${b} (${((100 * a) / Math.max(1, b)).toFixed(1)}%)`;
  const c = m.calibration;
  const lines = [
    '| figure | value |', '| --- | --- |',
    ['units (photos and clip halves)', `${m.units}${m.noFace.length ? ` (no face: ${m.noFace.join(', ')})` : ''}`],
    ['genuine / impostor pairs', `${m.genuine} / ${m.impostor}`],
    ['false accepts at 50', pct(m.falseAccepts, m.impostor)],
    ['false rejects at 50', pct(m.falseRejects, m.genuine)],
    ...m.byKind.map((k) => [`false rejects, ${k.kind}`, pct(k.falseRejects, k.genuine)]),
    ['closest impostors', m.closestImpostors.join('; ')],
    ['lowest genuine', m.lowestGenuine.join('; ')],
    ['stage clip vs his photo / best other', `${m.stage.ownPhoto} / ${m.stage.bestOther} (${m.stage.bestOtherPerson}); ${m.stage.othersAbove50} others >= 50`],
    [`calibration: frames, cross-identity frame pairs (demographically matched)`, `${c.frames}, ${c.impostorPairs} (${c.matchedPairs})`],
    ['calibration: impostor mean / sd per model (dlib: distance)', Object.entries(c.models).map(([k, v]) => `${k} ${v.mean} / ${v.sd}`).join(', ')],
    ['calibration: matched impostors fused z mean / sd / max', `${c.matched.mean} / ${c.matched.sd} / ${c.matched.max}`],
    ['calibration: fused z at FMR 1e-5 / 1e-4, now (in match.ts)', `${c.matched.at1e5} / ${c.matched.at1e4} (${FUSED_THRESHOLD} / ${FUSED_AT_40})`],
    ['cross-identity frame pairs at or over 50', pct(c.framePairsAt50, c.impostorPairs)],
  ].map((row) => (typeof row === 'string' ? row : `| ${row[0]} | ${row[1]} |`));
  lines.push('', '| group | impostor pairs | false accepts | closest impostor | genuine pairs | false rejects | lowest genuine |', '| --- | --- | --- | --- | --- | --- | --- |');
  for (const g of m.groups) lines.push(`| ${g.group} | ${g.impostors} | ${g.falseAccepts} | ${g.closestImpostor ?? '-'} | ${g.genuine} | ${g.falseRejects} | ${g.lowestGenuine ?? '-'} |`);
  return lines.join('\n');
}
