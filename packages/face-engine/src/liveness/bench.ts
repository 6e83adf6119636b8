// Liveness benchmark tables from scored clips: APCER per attack kind (attacks
// wrongly accepted as live, ISO/IEC 30107-3) and BPCER (live clips wrongly
// rejected) at the decision point 50, per encoding of the clips, the spread
// of one live clip's score across its encodings, and each cue's margin: the
// highest value any attack reached against the threshold the cue counts from.
import { basename, extname } from 'node:path';
import { THRESHOLDS as T } from './thresholds.js';

export interface BenchRow {
  /** File name of the scored clip. */
  name: string;
  /** The clip it was made from: a live clip's name (halves included) or the attack's `<photo>__<kind>`. */
  source: string;
  /** 'original' or the encoding's id (bench/encoding-matrix.ts). */
  encoding: string;
  /** 'live' or the attack kind. */
  kind: string;
  score: number;
  /** The cues' raw measures (LivenessResult.measures); absent when the clip could not be scored. */
  measures?: Record<string, number | null>;
}

/** Attack kind from a file name `<photo>__<kind>.<ext>`, or 'live'. */
export function kindOf(file: string): string {
  const stem = basename(file, extname(file));
  const at = stem.lastIndexOf('__');
  return at < 0 ? 'live' : stem.slice(at + 2);
}

const pct = (n: number, total: number): string => (total ? `${((100 * n) / total).toFixed(1)}% (${n}/${total})` : 'n/a');
const median = (v: number[]): number => {
  const s = [...v].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)]! : NaN;
};
const table = (head: string[], rows: Array<Array<string | number>>): string =>
  [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
const groups = <K>(rows: BenchRow[], key: (r: BenchRow) => K): Map<K, BenchRow[]> => {
  const out = new Map<K, BenchRow[]>();
  for (const r of rows) out.set(key(r), [...(out.get(key(r)) ?? []), r]);
  return out;
};
const worst = (rows: BenchRow[], pick: 'min' | 'max'): BenchRow =>
  rows.reduce((a, b) => ((pick === 'min' ? b.score < a.score : b.score > a.score) ? b : a));

/** APCER per attack kind, over every encoding, with the highest score and its clip. */
export function attackTable(rows: BenchRow[]): string {
  const attacks = rows.filter((r) => r.kind !== 'live');
  const lines = [...groups(attacks, (r) => r.kind)].sort(([a], [b]) => a.localeCompare(b)).map(([kind, of]) => {
    const top = worst(of, 'max');
    return [kind, of.length, pct(of.filter((r) => r.score >= 50).length, of.length), `${top.score} (${top.source}, ${top.encoding})`];
  });
  lines.push(['all attacks', attacks.length, pct(attacks.filter((r) => r.score >= 50).length, attacks.length), '']);
  return table(['attack kind', 'clips', 'APCER (at or over 50)', 'highest score'], lines);
}

/** Per encoding: live clips under 50 and their lowest and median score; attacks at or over 50 and the highest. */
export function encodingTable(rows: BenchRow[]): string {
  const lines = [...groups(rows, (r) => r.encoding)].sort(([a], [b]) => (a === 'original' ? -1 : b === 'original' ? 1 : a.localeCompare(b))).map(([enc, of]) => {
    const live = of.filter((r) => r.kind === 'live'), att = of.filter((r) => r.kind !== 'live');
    return [enc, live.length ? `${pct(live.filter((r) => r.score < 50).length, live.length)}, lowest ${worst(live, 'min').score}, median ${median(live.map((r) => r.score))}` : '',
      att.length ? `${pct(att.filter((r) => r.score >= 50).length, att.length)}, highest ${worst(att, 'max').score}` : ''];
  });
  return table(['encoding', 'live: under 50, lowest, median', 'attacks: at or over 50, highest'], lines);
}

/** Live clips: BPCER over every encoding, and one line per source clip with its scores' spread across encodings. */
export function liveTable(rows: BenchRow[]): string {
  const live = rows.filter((r) => r.kind === 'live');
  const lines = [...groups(live, (r) => r.source)].sort(([a], [b]) => a.localeCompare(b)).map(([source, of]) => {
    const scores = of.map((r) => r.score);
    const original = of.find((r) => r.encoding === 'original')?.score ?? '';
    const low = worst(of, 'min');
    return [source, of.length, original, median(scores), `${low.score} (${low.encoding})`, Math.max(...scores) - Math.min(...scores), of.filter((r) => r.score < 50).length];
  });
  const spreads = [...groups(live, (r) => r.source).values()].map((of) => Math.max(...of.map((r) => r.score)) - Math.min(...of.map((r) => r.score)));
  lines.push(['all live clips', live.length, '', median(live.map((r) => r.score)), `BPCER ${pct(live.filter((r) => r.score < 50).length, live.length)}`,
    `median ${median(spreads)}, worst ${Math.max(...spreads)}`, live.filter((r) => r.score < 50).length]);
  return table(['live clip', 'encodings', 'original', 'median', 'worst (encoding)', 'spread (max − min)', 'under 50'], lines);
}

/** The cues' margins: where each counts from, the highest value an attack reached, and how many live clips reach it. */
export function marginTable(rows: BenchRow[]): string {
  const cues: Array<[string, string, number, 'above' | 'below']> = [
    ['eyeChange', 'eyes over every frame: change against the nose, held in two comparisons', T.eyeChangeMin, 'above'],
    ['blinkDip', 'blink on the mesh: lowest / median eye aspect ratio', T.blinkDip, 'below'],
    ['lipsSingle', 'expression on the mesh: lips / rigid points, one frame', T.expressionSingle, 'above'],
    ['lipsSustained', 'expression on the mesh: lips / rigid points, two frames', T.expressionSustained, 'above'],
    ['mouthHeld', 'expression on the texture: mouth change over the upper face, two frames', T.textureExpressionMin, 'above'],
    ['parallaxRatio', 'depth-aligned parallax / unexplained rest (75th percentile of frame pairs)', T.parallaxRatio, 'above'],
    ['consistent', 'share of frame pairs with parallax the way the mesh turned', T.consistentShare, 'above'],
    ['planarity', 'texture non-planarity, share of the face size', T.depthMidpoint, 'above'],
  ];
  const lines = cues.map(([key, what, threshold, side]) => {
    const valued = (of: BenchRow[]): Array<[number, BenchRow]> => of.flatMap((r) => {
      const v = r.measures?.[key];
      return typeof v === 'number' && Number.isFinite(v) ? [[v, r] as [number, BenchRow]] : [];
    });
    const att = valued(rows.filter((r) => r.kind !== 'live')), live = valued(rows.filter((r) => r.kind === 'live'));
    const reach = (v: number): boolean => (side === 'above' ? v >= threshold : v <= threshold);
    const top = att.reduce<[number, BenchRow] | null>((a, b) => (!a || (side === 'above' ? b[0] > a[0] : b[0] < a[0]) ? b : a), null);
    const margin = top ? (side === 'above' ? threshold / top[0] : top[0] / threshold) : NaN;
    return [what, `${side === 'above' ? '≥' : '≤'} ${threshold}`, top ? `${top[0].toFixed(3)} (${top[1].source}, ${top[1].encoding})` : 'n/a',
      Number.isFinite(margin) ? `×${margin.toFixed(2)}` : '', pct(att.filter(([v]) => reach(v)).length, att.length), pct(live.filter(([v]) => reach(v)).length, live.length)];
  });
  return table(['cue measure', 'counts when', 'most live-like attack', 'margin (threshold / attack)', 'attacks reaching it', 'live clips reaching it'], lines);
}

/**
 * Where the decision point sits between the two score distributions: the live clips' lowest scores and
 * quantiles, the attacks' highest, and the gap between them.
 */
export function distributionTable(rows: BenchRow[]): string {
  const live = rows.filter((r) => r.kind === 'live').map((r) => r.score).sort((a, b) => a - b);
  const att = rows.filter((r) => r.kind !== 'live').map((r) => r.score).sort((a, b) => a - b);
  const q = (v: number[], p: number): number | string => (v.length ? v[Math.min(v.length - 1, Math.max(0, Math.ceil(p * v.length) - 1))]! : 'n/a');
  return table(['scores', 'clips', 'lowest', '1st pct', '2nd pct', '5th pct', 'median', '95th pct', '99th pct', 'highest'], [
    ['live', live.length, q(live, 0), q(live, 0.01), q(live, 0.02), q(live, 0.05), q(live, 0.5), q(live, 0.95), q(live, 0.99), q(live, 1)],
    ['attacks', att.length, q(att, 0), q(att, 0.01), q(att, 0.02), q(att, 0.05), q(att, 0.5), q(att, 0.95), q(att, 0.99), q(att, 1)],
  ]) + (live.length && att.length ? `\n\nDecision point 50: the highest attack is ${50 - att[att.length - 1]!} under it; `
    + `the live clips' 2nd percentile ${Number(q(live, 0.02)) - 50 >= 0 ? `${Number(q(live, 0.02)) - 50} over` : `${50 - Number(q(live, 0.02))} under`} it.` : '');
}

/** Every table of the benchmark, in the order the README shows them. */
export function benchMarkdown(rows: BenchRow[]): string {
  const wrong = rows.filter((r) => (r.kind === 'live' ? r.score < 50 : r.score >= 50)).map((r) => `${r.source} (${r.encoding}) ${r.score}`);
  return [distributionTable(rows), attackTable(rows), liveTable(rows), encodingTable(rows), marginTable(rows),
    ...(wrong.length ? [`Misclassified (${wrong.length}): ${wrong.slice(0, 40).join(', ')}${wrong.length > 40 ? `, and ${wrong.length - 40} more (rows.json)` : ''}`] : [])].join('\n\n');
}
