// The scorer's constants. Each cue adds evidence in logits (natural log-odds);
// README.md explains where every number comes from and its margin.
export const THRESHOLDS = {
  /** Fewer sampled frames with a face than this: no liveness. */
  minFrames: 5,
  /** Frame pairs with enough tracked texture needed for the 3-D test. */
  minPairs: 4,
  /** Clip statistic: this quantile over frame pairs (parallax comes in bursts when the head moves). */
  pairQuantile: 0.75,
  /** Start: the clip is a replay until shown otherwise. */
  prior: -1.75,
  /** Non-planarity (fraction of the eye-corner distance) where that cue is neutral. */
  depthMidpoint: 0.0045,
  /** Logits per doubling of the non-planarity. */
  depthPerDoubling: 2,
  /** Unexplained non-planarity alone cannot pass a clip (bending prints and screen moiré make some): capped below −prior. */
  depthCap: 1.5,
  depthFloor: -2,
  noDepthPenalty: 2,
  /** Depth-aligned parallax: counts when its RMS is at least this fraction of the face … */
  parallaxMin: 0.002,
  /** … and its ratio to the unexplained rest exceeds this; +1 logit per 0.1 above. */
  parallaxRatio: 0.6,
  parallaxCap: 2.5,
  /** Cosine between the texture's and the mesh's parallax directions from which a pair's parallax counts. */
  parallaxAgreement: 0.2,
  /**
   * Consistency: the share of frame pairs with parallax ≥ parallaxMin whose direction agrees
   * with the mesh's (cosine ≥ consistentAgreement) adds +1 logit per 0.1 above consistentShare.
   */
  consistentAgreement: 0.5,
  consistentShare: 0.5,
  /**
   * The ratio counts only when at least this share of frame pairs is consistent: a 75th percentile over
   * 15-40 noisy pairs crosses parallaxRatio by chance on a replay (a screen at 360p, 600 kbit/s: 0.67 with 27%
   * of its pairs consistent), while a turning head shows its parallax the mesh's way in a third of its pairs or more.
   */
  consistentGate: 0.3,
  /** Blink: lowest / median eye aspect ratio under blinkDip counts, +1 logit per blinkStep below. */
  blinkDip: 0.55,
  blinkStep: 0.05,
  blinkCap: 5,
  /**
   * Eyes over every frame (eye-activity.ts): both eyes' texture change a tenth of a second apart, beyond twice the
   * rigid face's, held in two comparisons, counts from this; +1 logit per eyeChangeStep above, up to blinkCap.
   */
  eyeChangeMin: 0.05,
  eyeChangeStep: 0.05,
  /** Eye width in pixels under which lids are not resolved. */
  minEyeWidth: 15,
  /** A turn of this many degrees (yaw or pitch, 10th-90th percentile) must show parallax. */
  poseTurn: 10,
  poseFlatPenalty: 1.5,
  /** Median frame-to-frame motion under this fraction of the face scale: a frozen picture. */
  stillStep: 0.002,
  stillPenalty: 3,
  /**
   * Low non-planarity counts against a clip only as far as the head turned:
   * fully from this turn (yaw or pitch range, degrees), in proportion below.
   * A head held still shows no parallax either.
   */
  depthTurnFull: 10,
  /** Expression: the mesh's lip jitter floor on a still face (fraction of the eye-corner distance). */
  lipNoise: 0.02,
  /** Lip-to-rigid motion ratio from which one frame counts … */
  expressionSingle: 2.5,
  /** … or two consecutive frames count; +1 logit per expressionStep above. */
  expressionSustained: 2,
  expressionStep: 0.25,
  expressionCap: 3,
  /**
   * Texture-confirmed expression: frames count where the mesh's lip-to-rigid ratio reaches this
   * (the lips moved at least as much as the rigid points' own misfit plus jitter) …
   */
  textureExpressionGate: 1,
  /** … and the mouth's texture change over the upper face's, held in two such frames, counts from this; +1 logit per step. */
  textureExpressionMin: 0.2,
  textureExpressionStep: 0.05,
  /** Eye-corner distance in pixels under which the texture test is not trusted. */
  minScale: 50,
} as const;
