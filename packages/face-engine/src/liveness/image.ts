// Grey images for the pixel-level planarity check: conversion, blur and
// bilinear sampling. Float32, values 0-255.
export interface GreyImage {
  width: number;
  height: number;
  /** Position of this image's top-left pixel in the frame (a crop around the face). */
  ox: number;
  oy: number;
  /** Size of one of its pixels in frame pixels (1, or 2 for a half-resolution copy; absent = 1). */
  px?: number;
  data: Float32Array;
}

/**
 * A Float32Array of n values: a view of `buffer` when it is large enough, else a new array.
 * Intermediate images (a grey crop that is only blurred, a blur's middle pass) reuse
 * one buffer instead of allocating megabytes per frame for the garbage collector.
 */
function area(n: number, buffer?: Float32Array): Float32Array {
  return buffer && buffer.length >= n ? buffer.subarray(0, n) : new Float32Array(n);
}

/**
 * Grey crop of an RGB frame: the rectangle [x, y, w, h] clipped to the frame.
 * With `buffer` (large enough), the pixels are written into it: for a crop that is only read once.
 */
export function toGrey(rgb: Uint8Array, width: number, height: number, rect: [number, number, number, number] = [0, 0, width, height], buffer?: Float32Array): GreyImage {
  const x0 = Math.max(0, Math.floor(rect[0])), y0 = Math.max(0, Math.floor(rect[1]));
  const x1 = Math.min(width, Math.ceil(rect[0] + rect[2])), y1 = Math.min(height, Math.ceil(rect[1] + rect[3]));
  const w = Math.max(1, x1 - x0), h = Math.max(1, y1 - y0);
  const data = area(w * h, buffer);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const j = ((y + y0) * width + x + x0) * 3;
      data[y * w + x] = 0.299 * rgb[j]! + 0.587 * rgb[j + 1]! + 0.114 * rgb[j + 2]!;
    }
  }
  return { width: w, height: h, ox: x0, oy: y0, data };
}

/** Half-resolution copy (2×2 means): a coarse pyramid level costs a quarter to blur. `buffer` as for toGrey. */
export function halve(img: GreyImage, buffer?: Float32Array): GreyImage {
  const w = img.width >> 1, h = img.height >> 1, src = img.data, sw = img.width;
  const data = area(w * h, buffer);
  for (let y = 0; y < h; y++) {
    const a = 2 * y * sw, b = a + sw;
    for (let x = 0; x < w; x++) data[y * w + x] = 0.25 * (src[a + 2 * x]! + src[a + 2 * x + 1]! + src[b + 2 * x]! + src[b + 2 * x + 1]!);
  }
  const px = img.px ?? 1;
  return { width: w, height: h, ox: img.ox + 0.5 * px, oy: img.oy + 0.5 * px, px: 2 * px, data };
}

/** Box filter of radius r along rows (contiguous): running sum, O(1) per pixel whatever the radius. */
function boxRows(src: Float32Array, dst: Float32Array, w: number, h: number, r: number): void {
  // Head (window growing), middle (full window, no bounds tests) and tail (shrinking), split so the hot middle loop has no branches.
  const full = 2 * r + 1;
  for (let y = 0; y < h; y++) {
    const base = y * w;
    let sum = 0, num = 0;
    for (let k = 0; k < Math.min(r, w); k++) { sum += src[base + k]!; num++; }
    let i = 0;
    for (; i < w && (i + r >= w || i - r - 1 < 0); i++) {
      if (i + r < w) { sum += src[base + i + r]!; num++; }
      if (i - r - 1 >= 0) { sum -= src[base + i - r - 1]!; num--; }
      dst[base + i] = sum / num;
    }
    const inv = 1 / full;
    for (; i + r < w; i++) {
      sum += src[base + i + r]! - src[base + i - r - 1]!;
      dst[base + i] = sum * inv;
    }
    for (; i < w; i++) {
      sum -= src[base + i - r - 1]!;
      num--;
      dst[base + i] = sum / num;
    }
  }
}

/** Box filter of radius r along columns, a whole row at a time (per-column running sums) so memory is read in order. */
function boxCols(src: Float32Array, dst: Float32Array, w: number, h: number, r: number, sums: Float64Array): void {
  sums.fill(0, 0, w);
  let num = 0;
  for (let k = 0; k < Math.min(r, h); k++, num++) for (let x = 0, o = k * w; x < w; x++) sums[x]! += src[o + x]!;
  for (let y = 0; y < h; y++) {
    const add = y + r, drop = y - r - 1;
    const oa = add * w, od = drop * w, o = y * w;
    if (add < h) num++;
    if (drop >= 0) num--;
    const inv = 1 / num;
    // One pass per row: add the row entering the window, drop the one leaving it, write the mean.
    if (add < h && drop >= 0) {
      for (let x = 0; x < w; x++) { const v = sums[x]! + src[oa + x]! - src[od + x]!; sums[x] = v; dst[o + x] = v * inv; }
    } else if (add < h) {
      for (let x = 0; x < w; x++) { const v = sums[x]! + src[oa + x]!; sums[x] = v; dst[o + x] = v * inv; }
    } else if (drop >= 0) {
      for (let x = 0; x < w; x++) { const v = sums[x]! - src[od + x]!; sums[x] = v; dst[o + x] = v * inv; }
    } else {
      for (let x = 0; x < w; x++) dst[o + x] = sums[x]! * inv;
    }
  }
}

// The blur's middle pass and column sums: one buffer each, grown as needed (one blur runs at a time per thread).
let blurTmp = new Float32Array(0);
let blurSums = new Float64Array(0);

/** Two passes of a separable box blur of the given radius (close to a Gaussian of σ ≈ 0.8·radius). Always a new image. */
export function blur(img: GreyImage, radius: number): GreyImage {
  const { width: w, height: h } = img;
  if (radius < 1) return { ...img, data: img.data.slice() };
  if (blurTmp.length < w * h) blurTmp = new Float32Array(w * h);
  if (blurSums.length < w) blurSums = new Float64Array(w);
  const tmp = blurTmp.subarray(0, w * h), out = new Float32Array(w * h), sums = blurSums;
  boxRows(img.data, tmp, w, h, radius);
  boxCols(tmp, out, w, h, radius, sums);
  boxRows(out, tmp, w, h, radius);
  boxCols(tmp, out, w, h, radius, sums);
  return { ...img, data: out };
}

/** Bilinear sample with its x and y derivatives; NaN outside the image. */
export function sampleWithGradient(img: GreyImage, x: number, y: number, out: Float64Array): boolean {
  const { width: w, height: h, data } = img;
  x -= img.ox;
  y -= img.oy;
  if (!(x >= 0 && y >= 0 && x < w - 1 && y < h - 1)) return false;
  const x0 = Math.floor(x), y0 = Math.floor(y);
  const fx = x - x0, fy = y - y0;
  const i = y0 * w + x0;
  const a = data[i]!, b = data[i + 1]!, c = data[i + w]!, d = data[i + w + 1]!;
  out[0] = a + (b - a) * fx + (c - a) * fy + (a - b - c + d) * fx * fy;
  out[1] = (b - a) + (a - b - c + d) * fy;
  out[2] = (c - a) + (a - b - c + d) * fx;
  return true;
}
