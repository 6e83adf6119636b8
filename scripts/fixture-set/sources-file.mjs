// Writes the SOURCES.md of a set rebuilt by `pnpm fixtures`: where every file comes from, under
// which licence, and the cutting command. Tests take its presence as "the set is complete".
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CLIPS, COPIES, REPOS, cutArgs } from './sources.mjs';

const TITLE = '# Test fixtures: where they come from';
/** The line that tells a SOURCES.md written by this script (now or before) from a hand-written one. */
const GENERATED = 'Rebuilt by `pnpm fixtures` (scripts/fixtures.mjs)';

/** The generated text (pure, from ./sources.mjs). */
export function sourcesText() {
  const repos = Object.values(REPOS).map((r) => `| ${r.repo} @ ${r.commit} | ${r.license} |`);
  const copies = COPIES.map(([file, source, path]) => `| ${file} | ${REPOS[source].repo}, ${path} |`);
  const clips = CLIPS.map(([file, source, path, start, length]) => `| ${file} | ${REPOS[source].repo}, ${path}, ${length} s from ${start} s, re-encoded |`);
  const command = cutArgs('ORIGINAL.mp4', 'CLIP.mp4', 'START', 'LENGTH').slice(3)
    .map((arg) => (arg.includes("'") ? `"${arg}"` : arg)).join(' ');
  return [
    TITLE, '',
    `${GENERATED} from public sources at pinned commits and checked`,
    'against SHA256SUMS. Each folder under faces/people/ and videos/people/ holds one person.', '',
    '| repository @ commit | licence |', '| --- | --- |', ...repos, '',
    '| file | from (repository, path) |', '| --- | --- |', ...copies, ...clips, '',
    `Clips cut with the bundled ffmpeg (@ffmpeg-installer/ffmpeg): \`ffmpeg ${command}\``, '',
  ].join('\n');
}

/** Writes SOURCES.md unless the folder holds a hand-written one (kept as it is). */
export async function writeSourcesFile(dir) {
  const path = join(dir, 'SOURCES.md');
  if (existsSync(path) && !(await readFile(path, 'utf8')).includes(GENERATED)) return;
  await writeFile(path, sourcesText());
}
