// `pnpm bench` writes the current figures to one place, docs/benchmarks.md at
// the repository root: each bench replaces its own section (between
// `<!-- bench:NAME -->` markers) with its tables, the date, the command and
// the machine, and leaves the other sections as they are.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** docs/benchmarks.md of this repository (this file sits at packages/bench-report/{src,dist}/). */
export const BENCHMARKS_FILE = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'docs', 'benchmarks.md');

const HEADER = `# Benchmarks

Current figures, written by \`pnpm bench\` (each section by its own bench, with the date, the
command and the machine it ran on). Nothing here is edited by hand.
`;

export interface BenchSection {
  /** Stable id of the section: letters, digits and dashes. */
  name: string;
  /** The section's heading. */
  title: string;
  /** The command that produced the figures, as a reader would type it. */
  command: string;
  /** The figures: Markdown (tables, a few sentences). */
  markdown: string;
}

/** The machine the figures come from: cores, CPU model, Node version and the 1-minute load. */
export function machineLine(): string {
  const cores = cpus();
  return `${cores.length} × ${cores[0]?.model?.trim() || 'cpu'}, Node ${process.version}, 1-min load ${(loadavg()[0] ?? 0).toFixed(1)}`;
}

/** Replaces (or appends) the section `name` of `file` (default docs/benchmarks.md). */
export function writeBenchSection(section: BenchSection, file: string = BENCHMARKS_FILE): void {
  if (!/^[a-z0-9-]+$/.test(section.name)) throw new TypeError(`Bench section name "${section.name}" must be letters, digits and dashes.`);
  const stamp = new Date().toISOString().slice(0, 16).replace('T', ' ');
  const begin = `<!-- bench:${section.name} -->`;
  const end = `<!-- /bench:${section.name} -->`;
  const body = `${begin}\n## ${section.title}\n\n${stamp} UTC, \`${section.command}\`, ${machineLine()}.\n\n${section.markdown.trim()}\n${end}`;
  const text = existsSync(file) ? readFileSync(file, 'utf8') : HEADER;
  const from = text.indexOf(begin);
  const to = from < 0 ? -1 : text.indexOf(end, from);
  const next = from >= 0 && to >= 0 ? text.slice(0, from) + body + text.slice(to + end.length) : `${text.trimEnd()}\n\n${body}\n`;
  writeFileSync(file, next);
  process.stderr.write(`figures written to ${file} (${section.name})\n`);
}

type Row = Record<string, unknown>;

function cell(value: unknown): string {
  const text = Array.isArray(value) ? value.join(', ') : typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value ?? '');
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/**
 * One Markdown table per kind of row (rows grouped by their `bench` field,
 * in the order first seen), the columns being the keys that kind's rows have.
 */
export function tablesOf(rows: readonly Row[]): string {
  const groups = new Map<string, Row[]>();
  for (const row of rows) {
    const kind = String(row.bench ?? '');
    groups.set(kind, [...(groups.get(kind) ?? []), row]);
  }
  return [...groups].map(([kind, group]) => {
    const keys = [...new Set(group.flatMap((row) => Object.keys(row)))].filter((key) => key !== 'bench');
    const lines = [`| ${keys.join(' | ')} |`, `| ${keys.map(() => '---').join(' | ')} |`, ...group.map((row) => `| ${keys.map((key) => cell(row[key])).join(' | ')} |`)];
    return `${kind ? `\`${kind}\`\n\n` : ''}${lines.join('\n')}`;
  }).join('\n\n');
}

/** Prints each figure as a JSON line (what the bench shows while it runs) and keeps it for the report. */
export class BenchLog {
  readonly rows: Row[] = [];

  print(row: Row): void {
    this.rows.push(row);
    process.stdout.write(`${JSON.stringify(row)}\n`);
  }

  /** The kept rows as tables (tablesOf). */
  tables(): string {
    return tablesOf(this.rows);
  }
}

/** The q-quantile of xs by the nearest-rank method (0 for none). */
export function quantile(xs: readonly number[], q: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? 0;
}

/** The median by the nearest-rank method (the lower middle of an even count). */
export const median = (xs: readonly number[]): number => quantile(xs, 0.5);

/** The 1-minute load average, two decimals: printed beside figures that depend on it. */
export const load1 = (): number => Math.round((loadavg()[0] ?? 0) * 100) / 100;
