// Figures the long tests measure (login load, memory, the face queue, kill -9,
// malformed input): printed as one JSON line on every run, and written to
// their section of docs/benchmarks.md when RECORD_FIGURES=1 (set by
// `pnpm test:reliability`), so the current figures live in one place.
import { tablesOf, writeBenchSection } from '@alice-face/bench-report';

export interface FigureSection {
  /** Section id in docs/benchmarks.md. */
  name: string;
  title: string;
  /** The command that measures it. */
  command: string;
  /** What the figure is, in a sentence or two. */
  about: string;
}

export function recordFigure(section: FigureSection, figure: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(figure)}\n`);
  if (process.env.RECORD_FIGURES !== '1') return;
  writeBenchSection({ name: section.name, title: section.title, command: section.command, markdown: `${section.about}\n\n${tablesOf([figure])}` });
}
