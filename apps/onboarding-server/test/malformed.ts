// Generators of malformed uploads for malformed-uploads.test.ts: random and
// corrupted bytes from a seeded PRNG (a failure names its seed and case), and
// broken media made at test time with the bundled ffmpeg. No fixture here has
// a face, so anything that decodes is refused as NO_FACE, never accepted.
import { execFileSync } from 'node:child_process';
import { createCipheriv, createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { join } from 'node:path';
import { ffmpegPath } from './media.js';

export interface BadUpload {
  name: string;
  /** File bytes for the `video` part (multipart built by the test). */
  data: Uint8Array;
  filename: string;
  type: string;
}

/** A seeded stream of numbers in [0, 1): AES-128-CTR keystream from the seed (fast, reproducible). */
export function prng(seed: number): () => number {
  const key = createHash('sha256').update(`malformed:${seed}`).digest().subarray(0, 16);
  const stream = createCipheriv('aes-128-ctr', key, Buffer.alloc(16));
  let block = Buffer.alloc(0);
  let at = 0;
  return () => {
    if (at + 4 > block.length) {
      block = stream.update(Buffer.alloc(64 * 1024));
      at = 0;
    }
    const value = block.readUInt32BE(at) / 2 ** 32;
    at += 4;
    return value;
  };
}

function ffmpeg(args: string[]): void {
  execFileSync(ffmpegPath, ['-v', 'error', '-y', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
}

/** The faceless source media every broken variant starts from. */
export function makeBases(dir: string): Record<string, Buffer> {
  const src = ['-f', 'lavfi', '-i', 'testsrc=size=128x128:rate=8:duration=0.5'];
  const out = (name: string) => join(dir, name);
  ffmpeg([...src, '-c:v', 'libx264', '-pix_fmt', 'yuv420p', out('base.mp4')]);
  ffmpeg([...src, '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-movflags', '+faststart', out('faststart.mp4')]);
  ffmpeg([...src, '-c:v', 'libvpx', '-b:v', '200k', out('base.webm')]);
  ffmpeg(['-f', 'lavfi', '-i', 'testsrc=size=160x120', '-frames:v', '1', out('image.png')]);
  ffmpeg(['-f', 'lavfi', '-i', 'testsrc=size=160x120', '-frames:v', '1', out('image.jpg')]);
  ffmpeg(['-f', 'lavfi', '-i', 'testsrc=size=160x120', '-frames:v', '1', out('image.gif')]);
  ffmpeg(['-f', 'lavfi', '-i', 'testsrc=size=160x120', '-frames:v', '1', '-c:v', 'libwebp', out('image.webp')]);
  // Beyond the engine's 4096x2160 pixel limit (one flat frame, so it is small on disk).
  ffmpeg(['-f', 'lavfi', '-i', 'color=c=gray:s=4352x2304:d=0.1', '-frames:v', '1', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', out('huge.mp4')]);
  ffmpeg(['-f', 'lavfi', '-i', 'color=c=gray:s=4352x2304:d=0.1', '-frames:v', '1', '-c:v', 'libvpx', out('huge.webm')]);
  // Longer than the engine's 15 s: with a duration in the header, and a WebM
  // written to a pipe, whose header has none (the engine must measure it).
  ffmpeg(['-f', 'lavfi', '-i', 'color=c=gray:s=64x64:r=5:d=20', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', out('long.mp4')]);
  ffmpeg(['-f', 'lavfi', '-i', 'color=c=gray:s=64x64:r=5:d=90', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', out('longer.mp4')]);
  const piped = execFileSync(ffmpegPath, ['-v', 'error', '-f', 'lavfi', '-i', 'color=c=gray:s=64x64:r=5:d=20', '-c:v', 'libvpx', '-f', 'webm', 'pipe:1'], { maxBuffer: 64 << 20 });
  writeFileSync(out('long-piped.webm'), piped);
  const names = ['base.mp4', 'faststart.mp4', 'base.webm', 'image.png', 'image.jpg', 'image.gif', 'image.webp', 'huge.mp4', 'huge.webm', 'long.mp4', 'longer.mp4', 'long-piped.webm'];
  return Object.fromEntries(names.map((n) => [n, readFileSync(out(n))]));
}

/** A valid PNG header (signature, IHDR with its CRC) declaring any size, then a tiny IDAT. */
export function pngDeclaring(width: number, height: number): Buffer {
  const chunk = (type: string, body: Buffer) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(body.length, 0);
    head.write(type, 4, 'ascii');
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), body])), 0);
    return Buffer.concat([head, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const sig = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([sig, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.alloc(64))), chunk('IEND', Buffer.alloc(0))]);
}

function crc32(buf: Buffer): number {
  let c = ~0;
  for (const byte of buf) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

/** Every malformed upload, deterministic for a seed. */
export function badUploads(bases: Record<string, Buffer>, seed: number): BadUpload[] {
  const rand = prng(seed);
  const int = (n: number) => Math.floor(rand() * n);
  const out: BadUpload[] = [];
  const add = (name: string, data: Uint8Array, filename = 'clip.mp4', type = 'video/mp4') => out.push({ name, data, filename, type });
  const randomBytes = (n: number) => Uint8Array.from({ length: n }, () => int(256));
  const corrupt = (src: Buffer, flips: number) => {
    const copy = Buffer.from(src);
    // Keep the first 64 bytes (the container signature) so the file still looks like its type.
    for (let i = 0; i < flips; i++) copy[64 + int(copy.length - 64)] = int(256);
    return copy;
  };

  for (let i = 0; i < 40; i++) add(`random ${i}`, randomBytes(1 + int(i < 10 ? 64 : 150_000)), i % 2 ? 'clip.webm' : 'clip.mp4', i % 2 ? 'video/webm' : 'video/mp4');
  for (let i = 0; i < 10; i++) add(`random after an MP4 signature ${i}`, Buffer.concat([bases['base.mp4']!.subarray(0, 32), randomBytes(1000 + int(50_000))]));
  for (let i = 0; i < 10; i++) add(`random after a WebM signature ${i}`, Buffer.concat([bases['base.webm']!.subarray(0, 48), randomBytes(1000 + int(50_000))]), 'clip.webm', 'video/webm');
  for (const base of ['base.mp4', 'faststart.mp4', 'base.webm'] as const) {
    const b = bases[base]!;
    for (let i = 0; i < 18; i++) add(`truncated ${base} ${i}`, b.subarray(0, 1 + int(b.length - 2)), base.replace('base', 'clip'), base.endsWith('webm') ? 'video/webm' : 'video/mp4');
  }
  for (const base of ['base.mp4', 'faststart.mp4', 'base.webm'] as const) {
    for (let i = 0; i < 12; i++) add(`corrupted ${base} ${i}`, corrupt(bases[base]!, 1 + int(i < 6 ? 8 : 400)), base.replace('base', 'clip'), base.endsWith('webm') ? 'video/webm' : 'video/mp4');
  }
  for (const image of ['image.png', 'image.jpg', 'image.gif', 'image.webp'] as const) {
    for (const [filename, type] of [['clip.mp4', 'video/mp4'], ['clip.webm', 'video/webm'], ['selfie.mov', 'video/quicktime'], ['clip', 'application/octet-stream']] as const) {
      add(`${image} posing as ${type}`, bases[image]!, filename, type);
    }
  }
  for (const [w, h] of [[100_000, 100_000], [65_535, 65_535], [2 ** 31 - 1, 2 ** 31 - 1], [4097, 2161], [1, 100_000_000], [100_000_000, 1], [20_000, 20_000], [0, 0]] as const) {
    add(`PNG declaring ${w}x${h}`, pngDeclaring(w, h), 'clip.mp4');
  }
  add('4352x2304 H.264 video', bases['huge.mp4']!);
  add('4352x2304 VP8 video', bases['huge.webm']!, 'clip.webm', 'video/webm');
  add('20 s video', bases['long.mp4']!);
  add('90 s video', bases['longer.mp4']!);
  add('20 s WebM with no duration in its header', bases['long-piped.webm']!, 'clip.webm', 'video/webm');
  for (let i = 0; i < 3; i++) add(`zero-length ${i}`, new Uint8Array(0), ['clip.mp4', 'clip.webm', ''][i]!, ['video/mp4', 'video/webm', 'application/octet-stream'][i]!);
  for (let i = 0; i < 6; i++) add(`a text file posing as a video ${i}`, Buffer.from(['hello', '<html></html>', '{"video":1}', 'ftypisom', '\u0000', 'GIF89a'][i]!), 'clip.mp4');
  return out;
}
