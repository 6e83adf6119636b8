// Grey images for the pixel-level planarity check: conversion, blur and
// bilinear sampling. Float32, values 0-255.
export interface GreyImage {
  width: number;
  height: number;
  /** Position of this image's top-left pixel in the frame (a crop around the face). */
  ox: number;
  oy: number;
  data: Float32Array;
}

/** Grey crop of an RGB frame: the rectangle [x, y, w, h] clipped to the frame. */
export function toGrey(rgb: Uint8Array, width: number, height: number, rect: [number, number, number, number] = [0, 0, width, height]): GreyImage {
  const x0 = Math.max(0, Math.floor(rect[0])), y0 = Math.max(0, Math.floor(rect[1]));
  const x1 = Math.min(width, Math.ceil(rect[0] + rect[2])), y1 = Math.min(height, Math.ceil(rect[1] + rect[3]));
  const w = Math.max(1, x1 - x0), h = Math.max(1, y1 - y0);
  const data = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const j = ((y + y0) * width + x + x0) * 3;
      data[y * w + x] = 0.299 * rgb[j]! + 0.587 * rgb[j + 1]! + 0.114 * rgb[j + 2]!;
    }
  }
  return { width: w, height: h, ox: x0, oy: y0, data };
}

function boxPass(src: Float32Array, dst: Float32Array, n: number, count: number, stride: number, step: number, r: number): void {
  // Running-sum box filter along one axis: O(1) per pixel whatever the radius.
  for (let line = 0; line < count; line++) {
    const base = line * stride;
    let sum = 0, num = 0;
    for (let k = 0; k < Math.min(r, n); k++) { sum += src[base + k * step]!; num++; }
    for (let i = 0; i < n; i++) {
      const add = i + r, drop = i - r - 1;
      if (add < n) { sum += src[base + add * step]!; num++; }
      if (drop >= 0) { sum -= src[base + drop * step]!; num--; }
      dst[base + i * step] = sum / num;
    }
  }
}

/** Two passes of a separable box blur of the given radius (close to a Gaussian of σ ≈ 0.8·radius). */
export function blur(img: GreyImage, radius: number): GreyImage {
  if (radius < 1) return img;
  const { width: w, height: h } = img;
  let cur = img.data;
  for (let pass = 0; pass < 2; pass++) {
    const tmp = new Float32Array(w * h), out = new Float32Array(w * h);
    boxPass(cur, tmp, w, h, w, 1, radius);
    boxPass(tmp, out, h, w, 1, w, radius);
    cur = out;
  }
  return { ...img, data: cur };
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
