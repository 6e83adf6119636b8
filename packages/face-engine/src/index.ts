export { FaceEngine } from './engine.js';
export { FaceEnginePool, type FaceEnginePoolOptions } from './pool.js';
export { FaceEngineError, isFaceEngineError } from './errors.js';
export { matchScore, descriptorDistance, scoreFromDistance, DECISION_DISTANCE, MATCH_SCALE } from './match.js';
export { extractFaceTrack } from './track.js';
export { decodeMedia } from './decode/decode-media.js';
export { DEFAULT_LIMITS } from './decode/limits.js';
export type * from './types.js';
export { detectExpressions, EXPRESSION_THRESHOLDS, faceMeasures, type ExpressionEvent, type ExpressionKind, type ExpressionReport, type FaceMeasures } from './expressions/index.js';
