// Wires <face-capture> (the @alice-face/capture package, served under
// /static/capture/) into the enrollment and login pages. The recording goes
// to this app's backend (CSRF header), which forwards it to the Onboarding
// API: the browser holds no token. Login: each recording first opens a login
// attempt (POST data-attempt-url), whose steps are prompted and whose opaque
// id goes with the recording and then with the page's form.
import { CaptureError } from './capture/index.js';

const section = document.querySelector('[data-capture-page]');
const form = document.getElementById('capture-result-form');
const capture = section?.querySelector('face-capture');

if (section && form && capture) {
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

  capture.headers = { 'x-csrf-token': csrf };
  if (attemptUrl) capture.prepare = openAttempt;
  capture.addEventListener('uploaded', () => {
    const field = form.elements.namedItem('login_attempt');
    if (field) field.value = attempt;
    form.submit();
  });
}
