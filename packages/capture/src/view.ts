// The capture's markup, in the light DOM (so the page's own button and font
// styles apply; face-capture.css lays it out): a stage with the mirrored
// preview, the oval guide, the countdown and the prompt; then the status line
// (aria-live), the progress bar, the error (role="alert") and the button.
import { createPrompt, type Prompt } from './challenge.js';

export interface CaptureView {
  stage: HTMLElement;
  video: HTMLVideoElement;
  count: HTMLElement;
  prompt: Prompt;
  status: HTMLElement;
  progress: HTMLProgressElement;
  error: HTMLElement;
  button: HTMLButtonElement;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.className = className;
  if (text) node.textContent = text;
  return node;
}

/** Builds the markup into `host` (replacing its children). */
export function renderView(host: HTMLElement, startLabel: string): CaptureView {
  host.classList.add('face-capture');
  const stage = el('div', 'fc-stage');
  const video = el('video', 'fc-video');
  Object.assign(video, { muted: true, autoplay: true, playsInline: true });
  video.setAttribute('aria-label', 'Camera preview');
  const guide = el('div', 'fc-guide');
  guide.setAttribute('aria-hidden', 'true');
  const count = el('div', 'fc-countdown');
  count.setAttribute('aria-hidden', 'true');
  const prompt = createPrompt();
  stage.append(video, guide, count, prompt.element);
  const status = el('p', 'fc-status');
  status.setAttribute('role', 'status');
  status.setAttribute('aria-live', 'polite');
  const progress = el('progress', 'fc-progress');
  progress.max = 1;
  progress.hidden = true;
  progress.setAttribute('aria-label', 'Progress');
  const error = el('p', 'fc-error');
  error.setAttribute('role', 'alert');
  error.hidden = true;
  const button = el('button', 'fc-button', startLabel);
  button.type = 'button';
  host.replaceChildren(stage, status, progress, error, button);
  return { stage, video, count, prompt, status, progress, error, button };
}
