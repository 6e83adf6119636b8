import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BENCHMARKS_FILE, median, quantile, tablesOf, writeBenchSection } from '../src/index.js';

let dir = '';
afterEach(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });
const tempFile = (): string => { dir = mkdtempSync(join(tmpdir(), 'bench-report-')); return join(dir, 'benchmarks.md'); };

describe('writeBenchSection', () => {
  it('creates the file with its header and the section, stamped with the command and the machine', () => {
    const file = tempFile();
    writeBenchSection({ name: 'speed', title: 'Speed', command: 'pnpm bench', markdown: '| a |\n| --- |\n| 1 |\n' }, file);
    const text = readFileSync(file, 'utf8');
    expect(text.startsWith('# Benchmarks')).toBe(true);
    expect(text).toMatch(/<!-- bench:speed -->\n## Speed\n\n\d{4}-\d\d-\d\d \d\d:\d\d UTC, `pnpm bench`, \d+ × .+, Node v\d+.+, 1-min load \d+\.\d\.\n\n\| a \|/);
    expect(text.trimEnd().endsWith('<!-- /bench:speed -->')).toBe(true);
  });

  it('replaces its own section in place and leaves the others and the text around them', () => {
    const file = tempFile();
    writeFileSync(file, '# Benchmarks\n\nintro\n');
    writeBenchSection({ name: 'one', title: 'One', command: 'c1', markdown: 'first' }, file);
    writeBenchSection({ name: 'two', title: 'Two', command: 'c2', markdown: 'second' }, file);
    writeBenchSection({ name: 'one', title: 'One', command: 'c1', markdown: 'first, again' }, file);
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('intro');
    expect(text.match(/<!-- bench:one -->/g)).toHaveLength(1);
    expect(text).toContain('first, again');
    expect(text).not.toMatch(/first\n/);
    expect(text.indexOf('bench:one')).toBeLessThan(text.indexOf('bench:two'));
    expect(text).toContain('second');
  });

  it('refuses a section name that could break the markers', () => {
    expect(() => writeBenchSection({ name: 'a -->', title: 't', command: 'c', markdown: 'm' }, tempFile())).toThrow(/letters, digits and dashes/);
  });

  it('writes to docs/benchmarks.md at the repository root by default', () => {
    expect(BENCHMARKS_FILE.endsWith(join('docs', 'benchmarks.md'))).toBe(true);
    expect(readFileSync(BENCHMARKS_FILE, 'utf8').startsWith('# Benchmarks')).toBe(true);
  });
});

describe('tablesOf', () => {
  it('makes one table per kind of row, with that kind\'s keys as columns, in the order first seen', () => {
    const text = tablesOf([
      { bench: 'upload', runs: 10, median_ms: 900 },
      { bench: 'throughput', connections: 16, rps: 3000 },
      { bench: 'throughput', connections: 64, rps: 3500, each_ms: [1, 2] },
    ]);
    expect(text).toBe([
      '`upload`', '', '| runs | median_ms |', '| --- | --- |', '| 10 | 900 |', '',
      '`throughput`', '', '| connections | rps | each_ms |', '| --- | --- | --- |', '| 16 | 3000 |  |', '| 64 | 3500 | 1, 2 |',
    ].join('\n'));
  });

  it('escapes pipes so a value cannot split a cell', () => {
    expect(tablesOf([{ bench: 'x', clip: 'a|b' }])).toContain('| a\\|b |');
  });
});

describe('quantile', () => {
  it('takes the nearest rank, so every figure is one that was measured', () => {
    expect(quantile([5, 1, 4, 2, 3], 0.5)).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2);
    expect(quantile([10, 20, 30, 40, 50, 60, 70, 80, 90, 100], 0.95)).toBe(100);
    expect(quantile([7], 0)).toBe(7);
    expect(quantile([], 0.5)).toBe(0);
  });
});
