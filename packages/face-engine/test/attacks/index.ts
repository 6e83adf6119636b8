// Replay-attack recipes: buildAttack(photo, kind, outFile) writes one video;
// buildAttackSet(peopleDir, outDir) writes every kind for every photo.
import { existsSync, readdirSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { ATTACK_KINDS, ATTACK_SECONDS, buildScene, type AttackKind } from './recipes.js';
import { encodeScene, loadSheet } from './render.js';

export { ATTACK_KINDS, ATTACK_SECONDS, type AttackKind } from './recipes.js';

/**
 * Build one attack video (640x480, 30 fps, H.264 mp4) from a one-face photo. Reproducible: seeded by the
 * photo's file name and the kind; a `salt` before the name gives another hand sway, glare path and bend.
 */
export async function buildAttack(photo: string, kind: AttackKind, outFile: string, salt = ''): Promise<void> {
  const sheet = await loadSheet(photo);
  await encodeScene(sheet, buildScene(kind, sheet, salt + basename(photo)), outFile, ATTACK_SECONDS);
}

/**
 * Every kind for every photo of `<peopleDir>/<person>/<photo>`, written as
 * `<person>-<salt><photo>__<kind>.mp4` (the name the liveness bench reads the kind
 * from). Existing files are kept, so an interrupted run resumes.
 */
export async function buildAttackSet(peopleDir: string, outDir: string, kinds: readonly AttackKind[] = ATTACK_KINDS, salt = ''): Promise<string[]> {
  const out: string[] = [];
  for (const person of readdirSync(peopleDir).sort()) {
    for (const file of readdirSync(join(peopleDir, person)).filter((f) => /\.(jpe?g|png|webp)$/i.test(f)).sort()) {
      for (const kind of kinds) {
        const target = join(outDir, `${person}-${salt}${basename(file, extname(file))}__${kind}.mp4`);
        if (!existsSync(target)) await buildAttack(join(peopleDir, person, file), kind, target, salt);
        out.push(target);
      }
    }
  }
  return out;
}
