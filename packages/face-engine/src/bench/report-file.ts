// `pnpm bench` writes the current figures to one place, docs/benchmarks.md
// at the repository root: each bench replaces its own section (between
// `<!-- bench:NAME -->` markers) with its tables, the date and the machine.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const file = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', 'docs', 'benchmarks.md');

const HEADER = `# Benchmarks

Current figures, written by \`pnpm bench\` (each section by its own bench, with the date, the
command and the machine it ran on). Nothing here is edited by hand.
`;

export function writeBenchSection(name: string, title: string, command: string, markdown: string): void {
  const machine = `${cpus().length} × ${cpus()[0]?.model?.trim() ?? 'cpu'}, Node ${process.version}, 1-min load ${(loadavg()[0] ?? 0).toFixed(1)}`;
  const body = `<!-- bench:${name} -->\n## ${title}\n\n${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, \`${command}\`, ${machine}.\n\n${markdown.trim()}\n<!-- /bench:${name} -->`;
  let text = existsSync(file) ? readFileSync(file, 'utf8') : HEADER;
  const re = new RegExp(`<!-- bench:${name} -->[\\s\\S]*?<!-- /bench:${name} -->`);
  text = re.test(text) ? text.replace(re, body) : `${text.trimEnd()}\n\n${body}\n`;
  writeFileSync(file, text);
  process.stderr.write(`figures written to ${file} (${name})\n`);
}
