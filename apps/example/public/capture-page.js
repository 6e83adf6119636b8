// Wires face-capture.js into the enrollment and login pages: fetches a fresh
// user token from this app's backend (CSRF header), uploads straight to the
// Onboarding API, then posts the resulting id to the backend in the page's form.
import { CaptureError, createFaceCapture } from './face-capture.js';

const section = document.querySelector('[data-capture-page]');
const form = document.getElementById('capture-result-form');

if (section && form) {
  const csrf = form.querySelector('input[name="_csrf"]').value;
  const field = section.dataset.resultField;

  async function getToken() {
    const response = await fetch(section.dataset.tokenUrl, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'x-csrf-token': csrf, accept: 'application/json' },
    });
    const body = await response.json().catch(() => null);
    if (!response.ok || !body?.token) {
      throw new CaptureError(body?.error?.code ?? 'TOKEN_FAILED', body?.error?.message ?? 'Could not start the upload. Reload the page and try again.');
    }
    return body.token;
  }

  createFaceCapture(section.querySelector('.capture-host'), {
    uploadUrl: section.dataset.uploadUrl,
    getToken,
    startLabel: section.dataset.startLabel || 'Start recording',
    challengeUrl: section.dataset.challengeUrl || undefined,
    onUploaded(result) {
      const id = result[field];
      if (typeof id !== 'string') throw new CaptureError('BAD_RESPONSE', 'The face service gave an unexpected answer. Please try again.');
      form.elements.namedItem(field).value = id;
      form.submit();
    },
  });
}
