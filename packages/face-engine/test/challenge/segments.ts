// Reads SEGMENTS.md (the one list of fixture segments) into rows.
import { readFileSync } from 'node:fs';
import { CHALLENGE_STEP_KINDS, type ChallengeStepKind } from '../../src/challenge/index.js';

export interface Segment {
  id: string;
  clip: string;
  from: number;
  to: number;
  flip: boolean;
  shows: ChallengeStepKind[];
  absent: ChallengeStepKind[];
}

const kinds = (cell: string): ChallengeStepKind[] =>
  cell.split(',').map((s) => s.trim()).filter(Boolean).map((k) => {
    if (!CHALLENGE_STEP_KINDS.includes(k as ChallengeStepKind)) throw new Error(`SEGMENTS.md: unknown step kind ${k}`);
    return k as ChallengeStepKind;
  });

export function readSegments(): Segment[] {
  const text = readFileSync(new URL('./SEGMENTS.md', import.meta.url), 'utf8');
  const table = text.slice(text.indexOf('<!-- segments:start -->'), text.indexOf('<!-- segments:end -->'));
  return table.split('\n').filter((l) => /^\| S\d+ /.test(l)).map((l) => {
    const c = l.split('|').slice(1, -1).map((s) => s.trim());
    return { id: c[0]!, clip: c[1]!, from: Number(c[2]), to: Number(c[3]), flip: c[4] === 'yes', shows: kinds(c[5]!), absent: kinds(c[7]!) };
  });
}
