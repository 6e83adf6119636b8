// Blur measure: variance of the 4-neighbour Laplacian on the grey face region
// resampled to a fixed width, so values compare across face sizes (a big
// sharp face and a small sharp face score alike; upscaled blur scores low).

export const SHARPNESS_SIDE = 112;

export function faceSharpness(rgb: Uint8Array, width: number, height: number, box: [number, number, number, number]): number {
  const [bx, by, bw, bh] = box;
  const n = SHARPNESS_SIDE;
  // Inner 70% of the mesh box: skin and features, not the background at its edges.
  const x0 = bx + bw * 0.15;
  const y0 = by + bh * 0.15;
  const sx = (bw * 0.7) / n;
  const sy = (bh * 0.7) / n;
  const grey = new Float32Array(n * n);
  for (let j = 0; j < n; j++) {
    const y = Math.min(height - 1, Math.max(0, y0 + (j + 0.5) * sy));
    const yi = Math.min(height - 2, Math.floor(y));
    const fy = Math.min(1, y - yi);
    for (let i = 0; i < n; i++) {
      const x = Math.min(width - 1, Math.max(0, x0 + (i + 0.5) * sx));
      const xi = Math.min(width - 2, Math.floor(x));
      const fx = Math.min(1, x - xi);
      // Bilinear blend of the four neighbours' luma (inlined: this runs 12 544 times per face).
      const p00 = (yi * width + xi) * 3, p10 = p00 + 3, p01 = p00 + width * 3, p11 = p01 + 3;
      const luma = (p: number): number => 0.299 * (rgb[p] ?? 0) + 0.587 * (rgb[p + 1] ?? 0) + 0.114 * (rgb[p + 2] ?? 0);
      grey[j * n + i] = (1 - fx) * (1 - fy) * luma(p00) + fx * (1 - fy) * luma(p10) + (1 - fx) * fy * luma(p01) + fx * fy * luma(p11);
    }
  }
  let sum = 0;
  let sumSq = 0;
  let count = 0;
  for (let j = 1; j < n - 1; j++) {
    for (let i = 1; i < n - 1; i++) {
      const k = j * n + i;
      const lap = (grey[k - 1] ?? 0) + (grey[k + 1] ?? 0) + (grey[k - n] ?? 0) + (grey[k + n] ?? 0) - 4 * (grey[k] ?? 0);
      sum += lap;
      sumSq += lap * lap;
      count++;
    }
  }
  const mean = sum / count;
  return sumSq / count - mean * mean;
}
