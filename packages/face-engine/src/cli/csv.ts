// Minimal CSV for the pairs file: header row, comma separated, optional double quotes.

export function parseCsv(text: string): Array<Record<string, string>> {
  const rows = text.split(/\r?\n/).filter((l) => l.trim() !== '').map(splitLine);
  const header = rows.shift()?.map((h) => h.trim()) ?? [];
  return rows.map((cells) => Object.fromEntries(header.map((h, i) => [h, (cells[i] ?? '').trim()])));
}

function splitLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}
