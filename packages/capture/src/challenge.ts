// Active liveness in the capture: the steps of a challenge (they come from
// your backend, which asked the Onboarding API for them), each shown as a
// prompt, icon and words, when its window starts. The preview is mirrored,
// so "left" is the person's own left and the arrow points the way their head
// moves on screen.

/** One step: its `kind` (`turn_left`, `blink`, …) and its window in seconds after recording starts. */
export interface ChallengeStep {
  kind: string;
  start: number;
  end: number;
}

export interface StepPrompt {
  icon: string;
  text: string;
}

export const STEP_PROMPTS: Readonly<Record<string, StepPrompt>> = {
  turn_left: { icon: '⬅️', text: 'Turn your head to your left' },
  turn_right: { icon: '➡️', text: 'Turn your head to your right' },
  look_up: { icon: '⬆️', text: 'Look up' },
  blink: { icon: '😌', text: 'Blink once' },
  smile: { icon: '😄', text: 'Smile' },
  open_mouth: { icon: '😮', text: 'Open your mouth' },
};

const LEAD_IN_PROMPT: StepPrompt = { icon: '🙂', text: 'Look at the camera and hold still' };

/** Recording length for a challenge: until its last step's window closes. */
export function challengeDurationMs(steps: readonly ChallengeStep[]): number {
  return Math.ceil(Math.max(...steps.map((s) => s.end)) * 1000);
}

/** True for a list of steps the capture can prompt: `[{ kind, start, end }]` (empty: a passive recording). */
export function validSteps(steps: unknown): steps is ChallengeStep[] {
  return (
    Array.isArray(steps) &&
    steps.every((s: Partial<ChallengeStep> | null) => s && typeof s.kind === 'string' && Number.isFinite(s.start) && Number.isFinite(s.end))
  );
}

/** A prompt as shown: `index` 0 is the lead-in (`kind` `lead-in`), then 1 for the first step. */
export interface ShownPrompt extends StepPrompt {
  kind: string;
  index: number;
}

export interface Prompt {
  element: HTMLElement;
  /** Shows the lead-in, then each step at its start (s after this call). Returns a cancel function. */
  schedule(steps: readonly ChallengeStep[], labels: Readonly<Record<string, StepPrompt>>, onShow?: (shown: ShownPrompt) => void): () => void;
  hide(): void;
}

/**
 * The prompt box over the preview: an `aria-live="assertive"` region, so a
 * screen reader says each step as it appears. `data-step` holds the step's
 * kind (`lead-in` before the first), `data-step-index` its 1-based number.
 */
export function createPrompt(doc: Document = document): Prompt {
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

  function show(shown: ShownPrompt, onShow?: (shown: ShownPrompt) => void): void {
    icon.textContent = shown.icon;
    text.textContent = shown.text;
    box.dataset.step = shown.kind;
    box.dataset.stepIndex = String(shown.index);
    box.hidden = false;
    onShow?.(shown);
  }

  return {
    element: box,
    schedule(steps, labels, onShow) {
      show({ ...LEAD_IN_PROMPT, kind: 'lead-in', index: 0 }, onShow);
      const timers = steps.map((step, k) =>
        setTimeout(() => show({ ...(labels[step.kind] ?? { icon: '❔', text: step.kind }), kind: step.kind, index: k + 1 }, onShow), Math.max(0, step.start * 1000)),
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
