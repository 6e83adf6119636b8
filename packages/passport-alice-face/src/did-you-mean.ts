// Suggests the known option a misspelt key was probably meant to be
// ("received `maxage`. Did you mean `maxAgeSeconds`?").

function distance(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = previous[0]!;
    previous[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = previous[j]!;
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      previous[j] = Math.min(above + 1, previous[j - 1]! + 1, diagonal + cost);
      diagonal = above;
    }
  }
  return previous[b.length]!;
}

/** The closest candidate, compared case-insensitively, or undefined when none is close. */
export function didYouMean(key: string, candidates: readonly string[]): string | undefined {
  const lower = key.toLowerCase();
  let best: string | undefined;
  let bestScore = Infinity;
  for (const candidate of candidates) {
    const target = candidate.toLowerCase();
    // A prefix counts as close: `maxAge` for `maxAgeSeconds`, `liveness` for `livenessThreshold`.
    const score = target.startsWith(lower) && lower.length >= 4 ? 1 : distance(lower, target);
    if (score < bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  const limit = Math.max(2, Math.floor(key.length / 3));
  return bestScore <= limit ? best : undefined;
}
