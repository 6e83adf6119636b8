// @alice-face/capture: importing this module defines <face-capture> (unless a
// page already defined that name) and exports its parts for pages that build
// their own capture.
import { FaceCaptureElement } from './face-capture-element.js';

export { FaceCaptureElement };
export { CaptureError, describeCameraError, type CaptureErrorDetails } from './errors.js';
export { challengeDurationMs, STEP_PROMPTS, validSteps, type ChallengeStep, type ShownPrompt, type StepPrompt } from './challenge.js';
export { DEFAULT_MIME_TYPES, pickMimeType } from './recording.js';
export { uploadWithProgress, type UploadOptions } from './upload.js';
export type { CaptureState, FaceCaptureEventMap, Prepared, RecordedDetail } from './events.js';

/** Defines the element under `name` (default `face-capture`); no-op when that name is taken. */
export function defineFaceCapture(name = 'face-capture'): void {
  if (!customElements.get(name)) customElements.define(name, name === 'face-capture' ? FaceCaptureElement : class extends FaceCaptureElement {});
}

defineFaceCapture();

declare global {
  interface HTMLElementTagNameMap {
    'face-capture': FaceCaptureElement;
  }
}
