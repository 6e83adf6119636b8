// Magic-byte sniffing: decides image (sharp) vs video (ffmpeg), and which
// videos ffmpeg may see at all. Only MP4/MOV and WebM/Matroska go to ffmpeg,
// each with its demuxer forced (`-f`): a playlist (HLS, concat, ffconcat), an
// AVI, a GIF or anything unknown is refused before ffmpeg reads a byte of it,
// so ffmpeg's format probing never picks a demuxer that opens other files.

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

export type VideoContainer = 'mp4' | 'webm';

/** The ffmpeg demuxer forced for each accepted container. */
export const DEMUXERS: Record<VideoContainer, string> = { mp4: 'mov', webm: 'matroska' };

export function isVideoContainer(kind: Sniffed): kind is VideoContainer {
  return kind === 'mp4' || kind === 'webm';
}
