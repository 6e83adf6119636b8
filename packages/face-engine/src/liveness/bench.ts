// Liveness benchmark: score real clips and replay attacks, then report APCER
// per attack kind (attacks wrongly accepted as live, ISO/IEC 30107-3) and
// BPCER (live clips wrongly rejected) at the decision point 50.
//
// Runner: node dist/liveness/bench.js DIR…   (every *.mp4 / *.webm in DIR;
// files named <photo>__<kind>.<ext> are attacks of that kind, all others live)
import { readdirSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DecodedFrames, FaceTrack } from '../types.js';
import { computeLiveness } from './score.js';

export interface BenchRow {
  name: string;
  /** 'live' or the attack kind. */
  kind: string;
  score: number;
}

export interface BenchSummary {
  live: { total: number; rejected: string[] };
  attacks: Array<{ kind: string; total: number; accepted: string[]; maxScore: number }>;
}

/** Attack kind from a file name `<photo>__<kind>.<ext>`, or 'live'. */
export function kindOf(file: string): string {
  const stem = basename(file, extname(file));
  const at = stem.lastIndexOf('__');
  return at < 0 ? 'live' : stem.slice(at + 2);
}

export async function scoreFiles(
  files: string[],
  extract: (file: string) => Promise<{ track: FaceTrack; frames: DecodedFrames }>,
  onRow?: (row: BenchRow) => void,
): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const file of files) {
    let score = 0;
    try {
      const { track, frames } = await extract(file);
      score = computeLiveness(track, frames).score;
    } catch {
      score = 0; // unreadable or faceless: not live
    }
    const row = { name: basename(file), kind: kindOf(file), score };
    rows.push(row);
    onRow?.(row);
  }
  return rows;
}

export function summariseBench(rows: BenchRow[]): BenchSummary {
  const live = rows.filter((r) => r.kind === 'live');
  const kinds = [...new Set(rows.filter((r) => r.kind !== 'live').map((r) => r.kind))];
  return {
    live: { total: live.length, rejected: live.filter((r) => r.score < 50).map((r) => r.name) },
    attacks: kinds.map((kind) => {
      const of = rows.filter((r) => r.kind === kind);
      return { kind, total: of.length, accepted: of.filter((r) => r.score >= 50).map((r) => r.name), maxScore: Math.max(...of.map((r) => r.score)) };
    }),
  };
}

const rate = (n: number, total: number): string => (total ? `${((100 * n) / total).toFixed(1)}% (${n}/${total})` : 'n/a');

export function benchMarkdown(s: BenchSummary): string {
  const lines = ['| attack kind | APCER | highest score |', '| --- | --- | --- |'];
  let accepted = 0, total = 0;
  for (const a of s.attacks) {
    lines.push(`| ${a.kind} | ${rate(a.accepted.length, a.total)} | ${a.maxScore} |`);
    accepted += a.accepted.length;
    total += a.total;
  }
  lines.push(`| all attacks | ${rate(accepted, total)} | |`, '', '| live clips | BPCER |', '| --- | --- |');
  lines.push(`| all | ${rate(s.live.rejected.length, s.live.total)} |`);
  const wrong = [...s.live.rejected, ...s.attacks.flatMap((a) => a.accepted)];
  if (wrong.length) lines.push('', `Misclassified: ${wrong.join(', ')}`);
  return lines.join('\n');
}

async function main(dirs: string[]): Promise<void> {
  const { extractFaceTrack } = await import('../track.js');
  const files = dirs.flatMap((d) => readdirSync(d).filter((f) => /\.(mp4|webm|mov)$/i.test(f)).map((f) => join(d, f))).sort();
  const rows = await scoreFiles(files, (f) => extractFaceTrack(f), (r) => process.stderr.write(`${r.kind}\t${r.score}\t${r.name}\n`));
  process.stdout.write(`${benchMarkdown(summariseBench(rows))}\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main(process.argv.slice(2)).then(() => process.exit(0), (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
