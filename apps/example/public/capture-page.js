// Wires face-capture.js into the enrollment and login pages. The recording
// goes to this app's backend (CSRF header), which forwards it to the
// Onboarding API: the browser holds no token. Login: each recording first
// opens a login attempt (POST data-attempt-url), whose steps are prompted and
// whose opaque id goes with the recording and then with the page's form.
import { CaptureError, createFaceCapture } from './face-capture.js';

const section = document.querySelector('[data-capture-page]');
const form = document.getElementById('capture-result-form');

if (section && form) {
  const csrf = form.querySelector('input[name="_csrf"]').value;
  const attemptUrl = section.dataset.attemptUrl;
  let attempt = '';

  async function openAttempt() {
    const response = await fetch(attemptUrl, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'x-csrf-token': csrf, accept: 'application/json' },
    }).catch(() => null);
    const body = await response?.json().catch(() => null);
    if (!response?.ok || typeof body?.login_attempt !== 'string') {
      throw new CaptureError(body?.error?.code ?? 'ATTEMPT_FAILED', body?.error?.message ?? 'Could not start the login. Reload the page and try again.');
    }
    attempt = body.login_attempt;
    return { steps: body.steps, fields: { login_attempt: attempt } };
  }

  createFaceCapture(section.querySelector('.capture-host'), {
    uploadUrl: section.dataset.uploadUrl,
    headers: { 'x-csrf-token': csrf },
    prepare: attemptUrl ? openAttempt : undefined,
    startLabel: section.dataset.startLabel || 'Start recording',
    onUploaded() {
      const field = form.elements.namedItem('login_attempt');
      if (field) field.value = attempt;
      form.submit();
    },
  });
}
