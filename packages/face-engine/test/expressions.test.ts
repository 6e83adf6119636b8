// Blink, open-mouth and smile detectors (src/expressions) on real selfies
// where a person does each (times listed in src/expressions/README.md), and
// on replayed photos, where none may fire.
import { afterAll, describe, expect, it } from 'vitest';
import { fixture, hasFixtures } from './support/fixtures.js';
import { tempDir } from './support/media.js';
import { detectExpressions, type ExpressionKind } from '../src/expressions/index.js';
import { extractFaceTrack } from '../src/track.js';
import { buildAttack } from './attacks/index.js';

const seen = async (file: string, kind: ExpressionKind): Promise<number[]> => {
  const { track } = await extractFaceTrack(file);
  return detectExpressions(track).events.filter((e) => e.kind === kind).map((e) => e.start);
};

describe.skipIf(!hasFixtures)('expression detectors', () => {
  const tmp = tempDir('expressions');
  afterAll(() => tmp.cleanup());

  it('finds the two blinks and the open mouth of real-selfie-3', async () => {
    const { track } = await extractFaceTrack(fixture('videos/real-selfie-3.mp4'));
    const { events, baseline, judged } = detectExpressions(track);
    expect(judged).toBeGreaterThanOrEqual(12);
    expect(baseline.earRight).toBeGreaterThan(0.2);
    const at = (kind: ExpressionKind): number[] => events.filter((e) => e.kind === kind).map((e) => e.start);
    expect(at('blink')).toEqual([expect.closeTo(0.53, 0), expect.closeTo(1.33, 0)]);
    expect(at('mouth_open')).toEqual([expect.closeTo(2.93, 0)]);
    expect(at('smile')).toEqual([]);
    for (const e of events) expect(e.strength).toBeGreaterThanOrEqual(1);
  }, 120_000);

  it('finds the smile of real-selfie-5 and no blink there (a wink is not a blink)', async () => {
    const file = fixture('videos/real-selfie-5.mp4');
    const smiles = await seen(file, 'smile');
    expect(smiles).toHaveLength(1);
    expect(smiles[0]).toBeGreaterThan(2.5);
    expect(await seen(file, 'blink')).toEqual([]);
  }, 120_000);

  it.each(['tilt', 'bend', 'screen'] as const)('sees nothing on a %s replay of a photo', async (kind) => {
    const file = tmp.path(`${kind}.mp4`);
    await buildAttack(fixture('faces/people/kit_harington/john1.jpeg'), kind, file);
    const { track } = await extractFaceTrack(file);
    expect(detectExpressions(track).events).toEqual([]);
  }, 120_000);
});
