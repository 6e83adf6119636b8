// Order statistics used by the cues (robust to a bad frame or two).
export function quantile(values: ArrayLike<number>, q: number): number {
  const a = Array.from(values).filter(Number.isFinite).sort((x, y) => x - y);
  if (a.length === 0) return NaN;
  const pos = Math.min(a.length - 1, Math.max(0, q * (a.length - 1)));
  const lo = Math.floor(pos), hi = Math.ceil(pos);
  return a[lo]! + (a[hi]! - a[lo]!) * (pos - lo);
}

export const median = (values: ArrayLike<number>): number => quantile(values, 0.5);

export function rms(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i]! ** 2;
  return Math.sqrt(s / Math.max(1, values.length));
}

export const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));
