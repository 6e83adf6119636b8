// Registers <face-capture> when the package is imported, unless the page
// already defined that name; defineFaceCapture(name) for another tag name.
import { FaceCaptureElement } from './face-capture-element.js';

/** Defines the element under `name` (default `face-capture`); a no-op when that name is taken. */
export function defineFaceCapture(name = 'face-capture'): void {
  if (customElements.get(name)) return;
  // A class may be defined under one name only: another name gets its own subclass.
  customElements.define(name, name === 'face-capture' ? FaceCaptureElement : class extends FaceCaptureElement {});
}

defineFaceCapture();

declare global {
  interface HTMLElementTagNameMap {
    'face-capture': FaceCaptureElement;
  }
}
