export { computeLiveness, finishLiveness, measureLiveness, scoreCues, type LivenessMeasurement } from './score.js';
export { measureParallax, type PairParallax } from './parallax.js';
export { faceTexture, type FaceTexture } from './face-texture.js';
export { textureExpression, type TextureExpression } from './texture-expression.js';
export { THRESHOLDS as LIVENESS_THRESHOLDS } from './thresholds.js';
export { attackTable, benchMarkdown, encodingTable, kindOf, liveTable, marginTable, type BenchRow } from './bench.js';
