// The test page's script: mounts <face-capture> as a test asks (window.mountCapture)
// and logs every event it sends, with what the element showed at that moment,
// into window.captureLog. It also keeps the camera streams the page opened
// (window.cameraStreams) so a test can see them stopped.
import { CaptureError } from '/dist/index.js';

const EVENTS = ['statechange', 'countdown', 'challengestep', 'recorded', 'uploadprogress', 'uploaded', 'captureerror'];
window.captureLog = [];
window.cameraStreams = [];
window.prepareCalls = 0;

const md = navigator.mediaDevices;
if (md) {
  const getUserMedia = md.getUserMedia.bind(md);
  md.getUserMedia = async (constraints) => {
    const stream = await getUserMedia(constraints);
    window.cameraStreams.push(stream);
    return stream;
  };
}

function summary(type, detail) {
  if (type === 'recorded') return { ...detail, blob: { size: detail.blob.size, type: detail.blob.type } };
  if (type === 'captureerror') {
    const { error } = detail;
    return { isCaptureError: error instanceof CaptureError, code: error.code, message: error.message, details: error.details };
  }
  return detail;
}

/** `prepare`: { steps, fields } to resolve, or { error: { code, message } } to throw. */
window.mountCapture = (config) => {
  const el = document.createElement('face-capture');
  for (const [name, value] of Object.entries(config.attributes ?? {})) el.setAttribute(name, value);
  Object.assign(el, config.properties ?? {});
  if (config.prepare) {
    el.prepare = async () => {
      window.prepareCalls += 1;
      if (config.prepare.error) throw new CaptureError(config.prepare.error.code, config.prepare.error.message);
      return config.prepare;
    };
  }
  for (const type of EVENTS) {
    el.addEventListener(type, (event) => {
      const prompt = el.querySelector('.fc-prompt');
      window.captureLog.push({
        type,
        detail: summary(type, event.detail),
        state: el.dataset.state,
        countdownText: el.querySelector('.fc-countdown')?.textContent ?? '',
        prompt: prompt && !prompt.hidden ? { step: prompt.dataset.step, text: prompt.textContent, live: prompt.getAttribute('aria-live') } : null,
      });
    });
  }
  document.getElementById('main').replaceChildren(el);
};
