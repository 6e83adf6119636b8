// The processes this one started that are still there (Linux: /proc), by command name: for tests that check an
// ffmpeg run is ended, not left waiting.
import { readdirSync, readFileSync } from 'node:fs';

export const canListChildren = process.platform === 'linux';

export function childProcesses(): string[] {
  return readdirSync('/proc').filter((d) => /^\d+$/.test(d)).flatMap((pid) => {
    try {
      const [, comm = '', rest = ''] = /^\d+ \((.*)\) (.*)$/s.exec(readFileSync(`/proc/${pid}/stat`, 'utf8')) ?? [];
      return Number(rest.split(' ')[1]) === process.pid ? [comm] : [];
    } catch {
      return []; // gone meanwhile
    }
  });
}
