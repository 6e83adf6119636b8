// Uploads that attack the decoder rather than break it, for
// malformed-uploads.test.ts: playlists and containers naming another file (a
// real face clip, so following them would enrol a face, and a missing one, so
// a different answer would reveal whether a file exists), a small clip costly
// to decode, and images whose header lies. Made at test time.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BadUpload } from './malformed.js';
import { ffmpegPath } from './media.js';

export interface HostileUpload extends BadUpload {
  /** Cases that differ only by whether the file they name exists share a pair name: their answers must be equal. */
  pair?: string;
  /** The code this case must get, when only one is right. */
  code?: string;
}

const box = (type: string, body: Buffer) => {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(8 + body.length, 0);
  head.write(type, 4, 'latin1');
  return Buffer.concat([head, body]);
};

/**
 * `mp4` (moov after mdat, as ffmpeg writes it) with the video track's data
 * reference turned into a Macintosh alias naming `target`: a track whose
 * samples live in another file. ffmpeg opens such files only with
 * `-enable_drefs 1`; the decoder must not.
 */
export function movWithAlias(mp4: Buffer, target: string): Buffer {
  const path = ['moov', 'trak', 'mdia', 'minf', 'dinf', 'dref'];
  const starts: number[] = [];
  let at = 0;
  let end = mp4.length;
  for (const want of path) {
    for (;;) {
      if (at + 8 > end) throw new Error(`no ${want} box`);
      const size = mp4.readUInt32BE(at);
      if (mp4.toString('latin1', at + 4, at + 8) === want) break;
      at += size;
    }
    starts.push(at);
    end = at + mp4.readUInt32BE(at);
    at += 8;
  }
  const dref = starts.at(-1)!;
  const name = Buffer.from(target, 'latin1');
  const padded = Buffer.concat([name, Buffer.alloc(name.length % 2)]);
  const record = Buffer.alloc(150); // skip 10, volume (len + 27), skip 12, file name (len + 63), skip 16, levels, skip 16
  record.writeUInt8(Math.min(63, name.length), 50);
  const tlv = Buffer.concat([Buffer.from([0, 2]), Buffer.from([padded.length >> 8, padded.length & 255]), padded, Buffer.from([0xff, 0xff, 0, 0])]);
  const alis = box('alis', Buffer.concat([Buffer.alloc(4), record, tlv]));
  const newDref = box('dref', Buffer.concat([Buffer.from([0, 0, 0, 0, 0, 0, 0, 1]), alis]));
  const delta = newDref.length - mp4.readUInt32BE(dref);
  const out = Buffer.concat([mp4.subarray(0, dref), newDref, mp4.subarray(dref + mp4.readUInt32BE(dref))]);
  for (const start of starts.slice(0, -1)) out.writeUInt32BE(out.readUInt32BE(start) + delta, start);
  return out;
}

/** A baseline JPEG whose frame header (SOF0) claims `width`x`height` whatever its data holds. */
function jpegClaiming(jpeg: Buffer, width: number, height: number): Buffer {
  const copy = Buffer.from(jpeg);
  for (let i = 2; i + 9 < copy.length; i++) {
    if (copy[i] === 0xff && (copy[i + 1] === 0xc0 || copy[i + 1] === 0xc2)) {
      copy.writeUInt16BE(height, i + 5);
      copy.writeUInt16BE(width, i + 7);
      return copy;
    }
  }
  throw new Error('no SOF marker');
}

/** Every hostile upload; `clip` is a real face clip of `seconds` s, `base` a faceless MP4 (moov at the end), `jpeg` a photo. */
export function hostileUploads(dir: string, clip: string, seconds: number, base: Buffer, jpeg: Buffer): HostileUpload[] {
  const missing = join(dir, 'no-such-clip.mp4');
  const out: HostileUpload[] = [];
  for (const [target, which] of [[clip, 'present'], [missing, 'absent']] as const) {
    const add = (name: string, text: string | Buffer, filename = 'clip.mp4', type = 'video/mp4') =>
      out.push({ name: `${name} (target ${which})`, pair: name, data: typeof text === 'string' ? Buffer.from(text, 'latin1') : text, filename, type });
    add('HLS playlist naming a file:// clip', `#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:${Math.ceil(seconds)}\n#EXTINF:${seconds.toFixed(3)},\nfile://${target}\n#EXT-X-ENDLIST\n`, 'selfie.m3u8', 'application/vnd.apple.mpegurl');
    add('HLS playlist naming a path, posing as MP4', `#EXTM3U\n#EXT-X-TARGETDURATION:${Math.ceil(seconds)}\n#EXTINF:${seconds.toFixed(3)},\n${target}\n#EXT-X-ENDLIST\n`);
    add('ffconcat list', `ffconcat version 1.0\nfile '${target}'\n`);
    add('concat list with a file: URL', `ffconcat version 1.0\nfile 'file:${target}'\nduration ${seconds}\n`, 'clip.webm', 'video/webm');
    add('concat list behind an MP4 signature', `\u0000\u0000\u0000\u0018ftypisom\u0000\u0000\u0002\u0000isomiso2ffconcat version 1.0\nfile '${target}'\n`);
    add('HLS playlist behind a WebM signature', `\u001aE\u00df\u00a3#EXTM3U\n#EXTINF:${seconds},\nfile://${target}\n#EXT-X-ENDLIST\n`, 'clip.webm', 'video/webm');
    add('AVI carrying an HLS playlist', `RIFF\u0000\u0010\u0000\u0000AVI LIST\u0000\u0001\u0000\u0000hdrlGAB2\u0000#EXTM3U\n#EXTINF:${seconds},\nfile://${target}\n`, 'clip.avi', 'video/x-msvideo');
    add('MOV whose track data lives in another file (alias)', movWithAlias(base, target), 'clip.mov', 'video/quicktime');
  }
  const hfr = join(dir, '4k-240fps.mp4');
  execFileSync(ffmpegPath, ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'color=c=gray:s=3840x2160:r=240:d=0.25', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', hfr]);
  out.push({ name: '3840x2160 clip at 240 fps', data: readFileSync(hfr), filename: 'clip.mp4', type: 'video/mp4', code: 'FRAME_RATE_TOO_HIGH' });
  out.push({ name: 'JPEG whose header claims 65000x65000', data: jpegClaiming(jpeg, 65000, 65000), filename: 'selfie.jpg', type: 'image/jpeg' });
  out.push({ name: 'JPEG whose header claims 16x16 over a larger picture', data: jpegClaiming(jpeg, 16, 16), filename: 'selfie.jpg', type: 'image/jpeg' });
  out.push({ name: 'JPEG header on MP4 bytes', data: Buffer.concat([jpeg.subarray(0, 20), base]), filename: 'selfie.jpg', type: 'image/jpeg' });
  return out;
}
