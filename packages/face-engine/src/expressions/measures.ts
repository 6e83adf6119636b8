// Per-frame face measures from the 478-point mesh, each a ratio of two
// distances in the image so that it does not depend on camera distance:
// eye aspect ratio per eye, mouth opening and mouth width.
import { LEFT_EYE, RIGHT_EYE, eyeAspectRatio, faceScale } from '../mesh/landmarks.js';
import type { FaceFrame } from '../types.js';

/** Inner lip contour: three upper/lower pairs across the mouth, and the inner corners. */
const INNER_LIP_PAIRS = [[82, 87], [13, 14], [312, 317]] as const;
const INNER_CORNERS = [78, 308] as const;
const OUTER_CORNERS = [61, 291] as const;

type P = readonly number[];
const dist = (a: P, b: P): number => Math.hypot(a[0]! - b[0]!, a[1]! - b[1]!);

export interface FaceMeasures {
  /** Eye aspect ratio (Soukupová & Čech 2016) of the person's right and left eye: ≈ 0.25-0.35 open, under 0.15 closed. */
  earRight: number;
  earLeft: number;
  /** Mouth aspect ratio: mean gap between the inner lips over the inner mouth width; ≈ 0-0.05 closed, 0.3+ wide open. */
  mar: number;
  /** Mouth width (outer corners) over the outer-eye-corner distance; ≈ 0.6-0.7 at rest, rises with a smile. */
  mouthWidth: number;
}

export function faceMeasures(f: FaceFrame): FaceMeasures {
  const m = f.mesh;
  const gap = INNER_LIP_PAIRS.reduce((s, [a, b]) => s + dist(m[a]!, m[b]!), 0) / INNER_LIP_PAIRS.length;
  const eyes = faceScale(f) || 1;
  return {
    earRight: eyeAspectRatio(f, RIGHT_EYE),
    earLeft: eyeAspectRatio(f, LEFT_EYE),
    mar: gap / (dist(m[INNER_CORNERS[0]]!, m[INNER_CORNERS[1]]!) || 1),
    mouthWidth: dist(m[OUTER_CORNERS[0]]!, m[OUTER_CORNERS[1]]!) / eyes,
  };
}
