// @alice-face/capture: importing it defines <face-capture> (define.ts); the
// parts are exported for pages that build their own capture.
export { defineFaceCapture } from './define.js';
export { FaceCaptureElement } from './face-capture-element.js';
export { CaptureError, describeCameraError, type CaptureErrorDetails } from './errors.js';
export { challengeDurationMs, STEP_PROMPTS, validSteps, type ChallengeStep, type ShownPrompt, type StepPrompt } from './challenge.js';
export { DEFAULT_MIME_TYPES, pickMimeType } from './recording.js';
export { uploadWithProgress, type UploadOptions } from './upload.js';
export type { CaptureState, FaceCaptureEventMap, Prepared, RecordedDetail } from './events.js';
