import { render, screen, within } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import type { ChallengeResult, ChallengeStepResult } from '../../server/api-types.js';
import ChallengeSteps from '../../src/components/ChallengeSteps.svelte';
import DetailPage from '../../src/components/DetailPage.svelte';
import { challengeView } from '../../src/lib/challenge.js';
import { FakeApi, row } from './fake-api.js';

// Results as the onboarding server sends them (the `challenge` of a selfie or an authentication).
const step = (kind: ChallengeStepResult['kind'], k: number, seen: Partial<ChallengeStepResult> = {}): ChallengeStepResult => ({
  kind, window_start: 1 + 2 * k, window_end: 3.5 + 2 * k, seen: false, at: null, strength: null, in_window: false, in_order: false, passed: false, ...seen,
});
const SEEN = { seen: true, in_window: true, in_order: true, passed: true };
const PASSED: ChallengeResult = { passed: true, reason: 'All 1 steps were seen in order, each in time.', steps: [step('look_up', 0, { ...SEEN, at: 1.7, strength: 2.39 })] };
const FAILED: ChallengeResult = { passed: false, reason: 'Step 1 (turn your head left) was not seen.', steps: [step('turn_left', 0), step('open_mouth', 1)] };
const LATE: ChallengeResult = {
  passed: false,
  reason: 'Step 2 (smile) was seen at 5.9 s, outside its time (3.0 s to 5.5 s).',
  steps: [step('blink', 0, { ...SEEN, at: 1.2, strength: 1.4 }), step('smile', 1, { seen: true, at: 5.9, strength: 1.1, in_order: true })],
};
const OUT_OF_ORDER: ChallengeResult = {
  passed: false,
  reason: 'Step 2 (blink) was seen before the step asked ahead of it: the steps were out of order.',
  steps: [step('smile', 0, { ...SEEN, at: 3.2, strength: 1.6 }), step('blink', 1, { seen: true, at: 3.1, strength: 1.3, in_window: true })],
};
// The check the engine writes beside the result; only the result is read.
const CHECK = { key: 'challenge', value: 100, detail: 'All 1 steps were seen in order, each in time. look_up at 1.7 s (strength 2.39).' };

describe('challengeView', () => {
  it('labels every step and says what was seen of it', () => {
    expect(challengeView(PASSED)).toEqual({
      passed: true, reason: 'All 1 steps were seen in order, each in time.',
      steps: [{ index: 1, kind: 'look_up', label: 'Look up', outcome: 'passed', at: 1.7, strength: 2.39 }],
    });
    expect(challengeView(LATE)).toMatchObject({
      passed: false, reason: 'Step 2 (smile) was seen at 5.9 s, outside its time (3.0 s to 5.5 s).',
      steps: [{ kind: 'blink', outcome: 'passed', at: 1.2 }, { index: 2, kind: 'smile', label: 'Smile', outcome: 'outside_window', at: 5.9 }],
    });
    expect(challengeView(OUT_OF_ORDER)!.steps.map((s) => s.outcome)).toEqual(['passed', 'out_of_order']);
    expect(challengeView(FAILED)!.steps.map((s) => [s.label, s.outcome, s.at])).toEqual([['Turn head left', 'not_seen', null], ['Open mouth', 'not_seen', null]]);
  });

  it('is null without a challenge', () => {
    expect(challengeView(null)).toBeNull();
    expect(challengeView(undefined)).toBeNull();
  });
});

describe('ChallengeSteps', () => {
  const items = (region: HTMLElement) => within(region).getAllByRole('listitem').map((li) => li.textContent?.replace(/\s+/g, ' ').trim());

  it('lists the steps asked and what was seen of each', () => {
    render(ChallengeSteps, { result: FAILED, label: 'Challenge of the login' });
    const region = screen.getByRole('region', { name: 'Challenge of the login' });
    expect(within(region).getByText('Failed')).toBeInTheDocument();
    expect(within(region).getByText('Step 1 (turn your head left) was not seen.')).toBeInTheDocument();
    expect(items(region)).toEqual(['Turn head left: Not seen', 'Open mouth: Not seen']);
  });

  it('tells a step seen outside its time from one seen out of order, with when it was seen', () => {
    render(ChallengeSteps, { result: LATE, label: 'late' });
    expect(items(screen.getByRole('region', { name: 'late' }))).toEqual(['Blink: Seen at 1.2 s (strength 1.4)', 'Smile: Seen outside its time at 5.9 s (strength 1.1)']);
    render(ChallengeSteps, { result: OUT_OF_ORDER, label: 'order' });
    expect(items(screen.getByRole('region', { name: 'order' }))).toEqual(['Smile: Seen at 3.2 s (strength 1.6)', 'Blink: Seen out of order at 3.1 s (strength 1.3)']);
  });

  it('renders nothing for a passive recording', () => {
    const { container } = render(ChallengeSteps, { result: null, label: 'x' });
    expect(container.querySelector('section')).toBeNull();
  });
});

describe('DetailPage with challenges', () => {
  it('shows the challenge of a selfie and of each login', async () => {
    const api = new FakeApi();
    api.users = [row({ user_id: 'fay', email: 'fay@example.com', face_liveness: 90 })];
    api.details.set('fay', {
      selfies: [{
        id: 's1', created_at: '2026-11-21T10:00:00.000Z', liveness: 90, voided: false, number_of_faces: 1,
        checks: [{ key: 'liveness', value: 90, detail: 'Live.' }, CHECK], challenge: PASSED, cropped_face_url: null, media_expires_at: null, media_destroyed_at: null,
      }],
      authentications: [
        { authentication_id: 'a2', created_at: '2026-11-22T08:00:00.000Z', face_liveness: 40, face_matching: 95, passed: false, video_url: null, media_expires_at: null, media_destroyed_at: null, checks: [], challenge: FAILED },
        { authentication_id: 'a1', created_at: '2026-11-21T08:00:00.000Z', face_liveness: 90, face_matching: 95, passed: true, video_url: null, media_expires_at: null, media_destroyed_at: null, checks: [], challenge: null },
      ],
      authentications_total: 2,
      report: { id: 'r', user_id: 'fay', version: 1 },
    });
    render(DetailPage, { api, userId: 'fay', thresholds: { liveness: 50, matching: 50 }, onback: vi.fn() });
    const selfie = await screen.findByRole('region', { name: 'Challenge of selfie 1' });
    expect(within(selfie).getByRole('listitem').textContent?.replace(/\s+/g, ' ').trim()).toBe('Look up: Seen at 1.7 s (strength 2.39)');
    expect(within(selfie).getByText('Passed')).toBeInTheDocument();
    // The challenge check is not repeated among the quality checks.
    expect(screen.queryByRole('rowheader', { name: 'challenge' })).toBeNull();

    const history = screen.getByRole('region', { name: /^Login history/ });
    const logins = within(history).getAllByRole('region', { name: /^Challenge of the login at/ });
    expect(logins).toHaveLength(1); // the passive login has none
    expect(within(logins[0]!).getByText('Step 1 (turn your head left) was not seen.')).toBeInTheDocument();
  });

  it('keeps the challenge check among the checks of a selfie stored without its structured result', async () => {
    const api = new FakeApi();
    api.users = [row({ user_id: 'gil', email: 'gil@example.com', face_liveness: 90 })];
    api.details.set('gil', {
      selfies: [{ id: 's1', created_at: '2026-11-21T10:00:00.000Z', liveness: 90, voided: false, number_of_faces: 1, checks: [CHECK], challenge: null, cropped_face_url: null, media_expires_at: null, media_destroyed_at: null }],
      authentications: [],
      authentications_total: 0,
      report: { id: 'r', user_id: 'gil', version: 1 },
    });
    render(DetailPage, { api, userId: 'gil', thresholds: { liveness: 50, matching: 50 }, onback: vi.fn() });
    expect(await screen.findByRole('rowheader', { name: 'challenge' })).toBeInTheDocument();
    expect(screen.queryByRole('region', { name: /^Challenge of selfie/ })).toBeNull();
  });
});
