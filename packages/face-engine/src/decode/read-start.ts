// The first bytes of a file, read synchronously (a caller may need ffmpeg
// started before its thread yields): a file's head for sniff(), ffmpeg's log.
import { closeSync, openSync, readSync } from 'node:fs';

/** Up to `bytes` bytes from the start of `file` (fewer when it is shorter). */
export function readStart(file: string, bytes: number): Buffer {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    return buf.subarray(0, readSync(fd, buf, 0, bytes, 0));
  } finally {
    closeSync(fd);
  }
}
