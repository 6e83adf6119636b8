// face-challenge.js: the active-liveness part of face-capture.js. Shows each
// step of a challenge (its steps come from your backend, which asked the
// Onboarding API for it) as a prompt, icon and words, when its window starts.
// The preview is mirrored, so "left" is the person's own left and the arrow
// points the way their head moves on screen.

export const STEP_PROMPTS = {
  turn_left: { icon: '⬅️', text: 'Turn your head to your left' },
  turn_right: { icon: '➡️', text: 'Turn your head to your right' },
  look_up: { icon: '⬆️', text: 'Look up' },
  blink: { icon: '😌', text: 'Blink once' },
  smile: { icon: '😄', text: 'Smile' },
  open_mouth: { icon: '😮', text: 'Open your mouth' },
};

const LEAD_IN_PROMPT = { icon: '🙂', text: 'Look at the camera and hold still' };

/** Recording length for a challenge: until its last step's window closes. */
export function challengeDurationMs(steps) {
  return Math.ceil(Math.max(...steps.map((s) => s.end)) * 1000);
}

/** True for a list of steps the capture can prompt: `[{ kind, start, end }]` (empty: a passive recording). */
export function validSteps(steps) {
  return Array.isArray(steps) && steps.every((s) => s && typeof s.kind === 'string' && Number.isFinite(s.start) && Number.isFinite(s.end));
}

/**
 * The prompt box over the preview: an `aria-live="assertive"` region, so a
 * screen reader says each step as it appears. `data-step` holds the step's
 * kind (`lead-in` before the first), `data-step-index` its 1-based number.
 */
export function createPrompt(doc = document) {
  const box = doc.createElement('div');
  box.className = 'fc-prompt';
  box.setAttribute('aria-live', 'assertive');
  box.setAttribute('aria-atomic', 'true');
  box.hidden = true;
  const icon = doc.createElement('span');
  icon.className = 'fc-prompt-icon';
  icon.setAttribute('aria-hidden', 'true');
  const text = doc.createElement('span');
  text.className = 'fc-prompt-text';
  box.append(icon, text);

  function show(prompt, kind, index) {
    icon.textContent = prompt.icon;
    text.textContent = prompt.text;
    box.dataset.step = kind;
    box.dataset.stepIndex = String(index);
    box.hidden = false;
  }

  return {
    element: box,
    /** Shows the lead-in, then each step at its start (s after `schedule` is called). Returns a cancel function. */
    schedule(steps, labels = STEP_PROMPTS) {
      show(LEAD_IN_PROMPT, 'lead-in', 0);
      const timers = steps.map((step, k) =>
        setTimeout(() => show(labels[step.kind] ?? { icon: '❔', text: step.kind }, step.kind, k + 1), Math.max(0, step.start * 1000)),
      );
      return () => timers.forEach(clearTimeout);
    },
    hide() {
      box.hidden = true;
      delete box.dataset.step;
      delete box.dataset.stepIndex;
    },
  };
}
