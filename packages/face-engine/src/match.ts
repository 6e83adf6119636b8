// face_matching: how sure the engine is that two templates show one person,
// 0-100, with 50 as the decision point.
//
// Three descriptor models look at each face (template-format.ts): dlib's
// ResNet (face-api, 128-d, Euclidean), faceres (HSE-FaceRes, 1024-d,
// cosine) and MobileFace (256-d, cosine). Each model's similarity is turned
// into a z-score against that model's impostor distribution (how far above
// a typical pair of different people it lies), and the three z-scores are
// added: a pair passes only when the models together put it far into the
// impostor tail, so one model fooled by a look-alike is outvoted by two
// that are not. Each model alone confused people the others kept apart
// (children, East Asian faces, retouched portraits), which is why all three
// vote.
//
// The fused z maps onto 0-100 by a logistic with 50 at FUSED_THRESHOLD and
// 40 at FUSED_AT_40, both read off a Gaussian fitted to the fused z of
// impostor pairs of the same apparent sex, ancestry and age group (the
// hardest impostors: demographically matched; random pairs of strangers are
// far easier and would hide the groups a matcher confuses most):
// - FUSED_THRESHOLD: 1 such pair in 100,000 reaches 50 (FMR 1e-5);
// - FUSED_AT_40: 1 in 10,000 reaches 40 (FMR 1e-4).
// Genuine pairs of two selfie clips sit far above 50; genuine pairs of
// single photos taken years apart often fall under it: the price of keeping
// look-alike strangers out with these three models.
// Figures and the command that measured them: docs/benchmarks.md (matching).
import { TEMPLATE_PARTS, TEMPLATE_VERSION, templateParts, templateVersionOf, type TemplatePartName, type TemplateParts } from './template-format.js';

/** Impostor mean and standard deviation of each model's similarity (dlib: distance). */
export const IMPOSTOR_STATS: Record<TemplatePartName, { mean: number; sd: number }> = {
  dlib: { mean: 0.8372, sd: 0.102 },
  faceres: { mean: 0.3917, sd: 0.0751 },
  mobileface: { mean: 0.0161, sd: 0.1136 },
};
/** Fused z at face_matching 50: FMR 1e-5 on demographically matched impostors (fit: mean 2.236, sd 2.63). */
export const FUSED_THRESHOLD = 13.45;
/** Fused z at face_matching 40: FMR 1e-4 on the same fit. */
export const FUSED_AT_40 = 12.02;
const SCALE = (FUSED_THRESHOLD - FUSED_AT_40) / Math.log(1.5);

export function euclidean(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    sum += d * d;
  }
  return Math.sqrt(sum);
}

export function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0, na = 0, nb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0;
}

export interface MatchDetails {
  /** face_matching, 0-100 (one decimal). */
  score: number;
  /** The fused z (sum of the models' z-scores). */
  fused: number;
  /** Each model's raw similarity (dlib: Euclidean distance; the others: cosine) and its z-score. */
  models: Record<TemplatePartName, { similarity: number; z: number }>;
}

export function scoreFromFused(fused: number): number {
  if (!Number.isFinite(fused)) return 0;
  const s = 100 / (1 + Math.exp(-(fused - FUSED_THRESHOLD) / SCALE));
  return Math.round(s * 10) / 10;
}

function checkComparable(a: Float32Array, b: Float32Array): void {
  const va = templateVersionOf(a);
  const vb = templateVersionOf(b);
  if (va !== TEMPLATE_VERSION || vb !== TEMPLATE_VERSION) {
    throw new TypeError(
      `Templates of version ${va ?? 'unknown'} and ${vb ?? 'unknown'} cannot be compared: both must be version ${TEMPLATE_VERSION} (re-enrol the older one).`,
    );
  }
}

export function matchDetails(a: Float32Array, b: Float32Array): MatchDetails {
  checkComparable(a, b);
  const pa = templateParts(a);
  const pb = templateParts(b);
  const models = {} as MatchDetails['models'];
  let fused = 0;
  for (const part of TEMPLATE_PARTS) {
    const stats = IMPOSTOR_STATS[part.name];
    const similarity = part.metric === 'euclidean' ? euclidean(pa[part.name], pb[part.name]) : cosine(pa[part.name], pb[part.name]);
    const z = part.metric === 'euclidean' ? (stats.mean - similarity) / stats.sd : (similarity - stats.mean) / stats.sd;
    models[part.name] = { similarity: Math.round(similarity * 1e4) / 1e4, z: Math.round(z * 100) / 100 };
    fused += z;
  }
  return { score: scoreFromFused(fused), fused: Math.round(fused * 100) / 100, models };
}

/**
 * The score of two sets of descriptors on the models both have, each z-score
 * scaled up as if every model agreed as much (used to tell frames of one clip
 * apart before a template exists; never for a decision between templates).
 */
export function partialMatchScore(a: Partial<TemplateParts>, b: Partial<TemplateParts>): number {
  let fused = 0;
  let used = 0;
  for (const part of TEMPLATE_PARTS) {
    const x = a[part.name];
    const y = b[part.name];
    if (!x || !y) continue;
    const stats = IMPOSTOR_STATS[part.name];
    fused += part.metric === 'euclidean' ? (stats.mean - euclidean(x, y)) / stats.sd : (cosine(x, y) - stats.mean) / stats.sd;
    used++;
  }
  return used ? scoreFromFused((fused * TEMPLATE_PARTS.length) / used) : 0;
}

/** face_matching 0-100 of two current-version templates; >= 50 means the same person. Throws a TypeError for other versions. */
export function matchScore(a: Float32Array, b: Float32Array): number {
  return matchDetails(a, b).score;
}
