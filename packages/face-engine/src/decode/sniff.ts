// Magic-byte sniffing: decides image (sharp) vs video (ffmpeg) and, when
// ffmpeg refuses a file, whether it was a broken video or not a video at all.

export type Sniffed = 'jpeg' | 'png' | 'webp' | 'gif' | 'mp4' | 'webm' | 'avi' | 'unknown';

export function sniff(head: Uint8Array): Sniffed {
  const b = (i: number): number => head[i] ?? -1;
  const ascii = (from: number, len: number): string => String.fromCharCode(...head.subarray(from, from + len));
  if (b(0) === 0xff && b(1) === 0xd8 && b(2) === 0xff) return 'jpeg';
  if (b(0) === 0x89 && ascii(1, 3) === 'PNG') return 'png';
  if (ascii(0, 4) === 'RIFF' && ascii(8, 4) === 'WEBP') return 'webp';
  if (ascii(0, 4) === 'RIFF' && ascii(8, 3) === 'AVI') return 'avi';
  if (ascii(0, 3) === 'GIF') return 'gif';
  if (b(0) === 0x1a && b(1) === 0x45 && b(2) === 0xdf && b(3) === 0xa3) return 'webm';
  if (['ftyp', 'moov', 'mdat', 'free', 'wide', 'skip'].includes(ascii(4, 4))) return 'mp4';
  return 'unknown';
}

export function isStillImage(kind: Sniffed): kind is 'jpeg' | 'png' | 'webp' {
  return kind === 'jpeg' || kind === 'png' || kind === 'webp';
}
