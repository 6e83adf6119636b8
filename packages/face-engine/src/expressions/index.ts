export { detectExpressions, EXPRESSION_THRESHOLDS, type ExpressionEvent, type ExpressionKind, type ExpressionReport } from './detectors.js';
export { faceMeasures, type FaceMeasures } from './measures.js';
export { nonRigidMotion, LIP_POINTS, RIGID_POINTS, type NonRigidFrame } from './rigid.js';
