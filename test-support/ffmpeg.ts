// ffmpeg for tests that make media at test time from the fixture clips (the
// bundled static build, or FFMPEG_PATH). Nothing is copied into the repository.
import ffmpegInstaller from '@ffmpeg-installer/ffmpeg';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ffmpegPath = process.env.FFMPEG_PATH ?? ffmpegInstaller.path;

/** Runs ffmpeg with `args` (quiet, overwriting); resolves the output file, the last argument. */
export async function ffmpeg(args: string[]): Promise<string> {
  await run(ffmpegPath, ['-hide_banner', '-loglevel', 'error', '-y', ...args], { maxBuffer: 16 * 1024 * 1024 });
  return args[args.length - 1] as string;
}
