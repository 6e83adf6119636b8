// Hostile uploads at the decoder: files that would make ffmpeg open other
// files (playlists, concat lists), containers ffmpeg is not allowed to probe,
// and videos cheap to upload but costly to decode. Each is refused with its
// code before a frame is decoded. Also which ffmpeg decodes, and its CPU limit.
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, hasFixtures } from './support/fixtures.js';
import { decodeMedia } from '../src/decode/decode-media.js';
import { bundledFfmpegPath, decoderFfmpeg, ffmpegInfo, FILTERS_FROM_STDIN, runFfmpeg } from '../src/decode/ffmpeg.js';
import { FaceEngineError } from '../src/errors.js';
import { ffmpeg, tempDir } from './support/media.js';
import { canListChildren, childProcesses } from './support/processes.js';

async function refusal(work: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await work;
  } catch (err) {
    expect(err).toBeInstanceOf(FaceEngineError);
    return { code: (err as FaceEngineError).code, message: (err as FaceEngineError).message };
  }
  return { code: 'DECODED', message: '' };
}

describe.skipIf(!hasFixtures)('hostile uploads at the decoder', () => {
  const tmp = tempDir('hostile');
  const selfie = fixture('videos/real-selfie-1.mp4');
  const missing = join(tmp.dir, 'no-such-file.mp4');
  beforeAll(async () => {
    await ffmpeg('-f', 'lavfi', '-i', 'color=c=gray:s=3840x2160:r=240:d=0.25', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', tmp.path('4k-240fps.mp4'));
    await ffmpeg('-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=25:d=1', '-c:v', 'mpeg4', tmp.path('mpeg4.mp4'));
    await ffmpeg('-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=25:d=1', '-c:v', 'mpeg4', tmp.path('clip.avi'));
    await ffmpeg('-f', 'lavfi', '-i', 'testsrc=size=160x120:rate=10:d=1', tmp.path('clip.gif'));
  });
  afterAll(() => tmp.cleanup());

  // Before sniffing refused them, ffmpeg probed these by their content and decoded the clip they name.
  const playlists: Array<[string, (target: string) => string]> = [
    ['an HLS playlist naming a file:// video', (t) => `#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:10\n#EXTINF:10.0,\nfile://${t}\n#EXT-X-ENDLIST\n`],
    ['an HLS playlist naming a path', (t) => `#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:10.0,\n${t}\n#EXT-X-ENDLIST\n`],
    ['an ffconcat list', (t) => `ffconcat version 1.0\nfile '${t}'\n`],
    ['a concat list behind an MP4 signature', (t) => `\u0000\u0000\u0000\u0018ftypisom\u0000\u0000\u0002\u0000isomiso2\nffconcat version 1.0\nfile '${t}'\n`],
    ['a playlist behind a WebM signature', (t) => `\u001aE\u00df\u00a3#EXTM3U\n#EXTINF:10.0,\nfile://${t}\n#EXT-X-ENDLIST\n`],
  ];
  it.each(playlists)('refuses %s without opening it, and answers the same when the target is missing', async (_name, text) => {
    const present = await refusal(decodeMedia(Buffer.from(text(selfie), 'latin1')));
    const absent = await refusal(decodeMedia(Buffer.from(text(missing), 'latin1')));
    expect(['NOT_A_VIDEO', 'CORRUPT_MEDIA']).toContain(present.code);
    expect(absent).toEqual(present);
  });

  it('refuses containers ffmpeg may not see (AVI, GIF, unknown) as NOT_A_VIDEO', async () => {
    for (const file of ['clip.avi', 'clip.gif']) {
      expect(await refusal(decodeMedia(tmp.path(file)))).toMatchObject({ code: 'NOT_A_VIDEO', message: expect.stringMatching(/^The file is not a video or photo the engine accepts/) });
    }
    expect((await refusal(decodeMedia(Buffer.from('RIFF\u0000\u0000\u0000\u0000AVI LIST#EXTM3U\nfile:///etc/passwd\n')))).code).toBe('NOT_A_VIDEO');
  });

  it('refuses a codec outside the accepted ones before decoding', async () => {
    expect(await refusal(decodeMedia(tmp.path('mpeg4.mp4')))).toEqual({ code: 'NOT_A_VIDEO', message: expect.stringContaining('mpeg4') });
  });

  it('refuses a small high-frame-rate 4K clip before decoding: FRAME_RATE_TOO_HIGH', async () => {
    expect(readFileSync(tmp.path('4k-240fps.mp4')).length).toBeLessThan(200_000);
    expect(await refusal(decodeMedia(tmp.path('4k-240fps.mp4')))).toEqual({ code: 'FRAME_RATE_TOO_HIGH', message: 'The video has 240 frames per second, more than 60.' });
  });

  it('refuses a video whose frames × size exceed the decode budget: TOO_LARGE', async () => {
    const { code, message } = await refusal(decodeMedia(selfie, { maxDecodePixels: 10_000_000 }));
    expect(code).toBe('TOO_LARGE');
    expect(message).toMatch(/^The video has \d+ frames of \d+x\d+ to decode/);
    expect((await decodeMedia(selfie, { frames: 2 })).frames).toHaveLength(2);
  });

  it('gives an ffmpeg started early its filters late, with the output it gives them on its command line', async () => {
    const filters = "select='isnan(prev_selected_t)+gte(t-prev_selected_t\\,0.5)',scale=64:48";
    const args = (f: string[]) => [...['-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=25:d=2'], ...f, '-vsync', '0', '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'];
    const direct = await runFfmpeg(args(['-vf', filters]), { maxStdout: 1 << 20 });
    let give!: (o: { filters: string; maxStdout: number }) => void;
    const running = runFfmpeg(args([...FILTERS_FROM_STDIN]), { late: new Promise((r) => (give = r)) });
    await new Promise((r) => setTimeout(r, 300)); // ffmpeg is up and waiting on stdin
    give({ filters, maxStdout: 1 << 20 });
    const late = await running;
    expect(direct.stdout.length).toBe(4 * 64 * 48 * 3);
    expect(late).toMatchObject({ code: 0, cancelled: false, truncated: false });
    expect(late.stdout.equals(direct.stdout)).toBe(true);
    // The stdout cap given with the filters holds.
    let giveSmall!: (o: { filters: string; maxStdout: number }) => void;
    const capped = runFfmpeg(args([...FILTERS_FROM_STDIN]), { late: new Promise((r) => (giveSmall = r)) });
    giveSmall({ filters, maxStdout: 1000 });
    expect(await capped).toMatchObject({ truncated: true, cpuLimited: false });
    expect((await capped).stdout.length).toBe(1000);
  });

  it('ends a waiting ffmpeg when its filters are withdrawn, and refuses late filters it would not read', async () => {
    const args = ['-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=25:d=2', ...FILTERS_FROM_STDIN, '-f', 'null', '-'];
    for (const withdraw of [() => Promise.resolve(null), () => Promise.reject(new Error('refused'))]) {
      const run = await runFfmpeg(args, { late: withdraw(), timeoutMs: 60_000 });
      expect(run).toMatchObject({ cancelled: true, cpuLimited: false, timedOut: false });
    }
    await expect(runFfmpeg(['-f', 'lavfi', '-i', 'testsrc', '-vf', 'null', '-f', 'null', '-'], { late: Promise.resolve(null) })).rejects.toThrow(TypeError);
  });

  it.runIf(canListChildren)('leaves no ffmpeg behind when the demux pass refuses a video the decoder was started for', async () => {
    expect(childProcesses()).toEqual([]);
    expect((await refusal(decodeMedia(selfie, { maxDurationSec: 1 }))).code).toBe('TOO_LONG');
    expect((await refusal(decodeMedia(tmp.path('4k-240fps.mp4')))).code).toBe('FRAME_RATE_TOO_HIGH');
    expect(childProcesses()).toEqual([]);
  });

  it('ends an ffmpeg run at its CPU-time limit', async () => {
    const run = await runFfmpeg(['-f', 'lavfi', '-i', 'testsrc2=size=1280x720:rate=30', '-c:v', 'libx264', '-preset', 'veryslow', '-f', 'null', '-'], { cpuSeconds: 1, timeoutMs: 60_000 });
    expect(run).toMatchObject({ cpuLimited: true, timedOut: false });
  });
});

describe('which ffmpeg decodes', () => {
  const tmp = tempDir('which');
  const saved = { PATH: process.env.PATH, FFMPEG_PATH: process.env.FFMPEG_PATH };
  afterAll(() => {
    process.env.PATH = saved.PATH;
    if (saved.FFMPEG_PATH === undefined) delete process.env.FFMPEG_PATH;
    else process.env.FFMPEG_PATH = saved.FFMPEG_PATH;
    tmp.cleanup();
  });

  it('takes FFMPEG_PATH first, and reports it with its version', async () => {
    process.env.FFMPEG_PATH = bundledFfmpegPath();
    expect(decoderFfmpeg()).toEqual({ path: bundledFfmpegPath(), source: 'FFMPEG_PATH' });
    expect(await ffmpegInfo()).toMatchObject({ source: 'FFMPEG_PATH', version: expect.stringMatching(/^\S+$/) });
    delete process.env.FFMPEG_PATH;
  });

  it('prefers an ffmpeg on PATH over the bundled build (a fresh process: the choice is made once)', async () => {
    const bin = join(tmp.dir, 'bin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'ffmpeg'), `#!/bin/sh\nexec "${bundledFfmpegPath()}" "$@"\n`);
    chmodSync(join(bin, 'ffmpeg'), 0o755);
    const probe = `import('${new URL('../src/decode/ffmpeg.ts', import.meta.url).pathname}').then((m) => console.log(JSON.stringify(m.decoderFfmpeg())))`;
    const run = async (PATH: string) => {
      const { execFileSync } = await import('node:child_process');
      const out = execFileSync(process.execPath, ['--import', 'tsx', '-e', probe], { env: { ...process.env, PATH, FFMPEG_PATH: '' }, encoding: 'utf8' });
      return JSON.parse(out.trim().split('\n').at(-1)!) as { path: string; source: string };
    };
    expect(await run(`${bin}:/nonexistent`)).toEqual({ path: join(bin, 'ffmpeg'), source: 'PATH' });
    expect(await run('/nonexistent')).toEqual({ path: bundledFfmpegPath(), source: 'bundled' });
  });
});
