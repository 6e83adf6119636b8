import { render, screen, within } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import ChallengeSteps from '../../src/components/ChallengeSteps.svelte';
import DetailPage from '../../src/components/DetailPage.svelte';
import { parseChallenge } from '../../src/lib/challenge.js';
import { FakeApi, row } from './fake-api.js';

// Details exactly as the face engine writes them (challengeCheck).
const PASSED = { key: 'challenge', value: 100, detail: 'All 1 steps were seen in order, each in time. look_up at 1.7 s (strength 2.39).' };
const FAILED = { key: 'challenge', value: 0, detail: 'Step 1 (turn your head left) was not seen. turn_left not seen; open_mouth not seen.' };
const LATE = {
  key: 'challenge',
  value: 20,
  detail: 'Step 2 (smile) was seen at 4.9 s, outside its time (3.0 s to 4.5 s). blink at 1.2 s (strength 1.4); smile late or out of order.',
};

describe('parseChallenge', () => {
  it('reads the reason and every step from the check', () => {
    expect(parseChallenge([PASSED])).toEqual({
      passed: true, value: 100, reason: 'All 1 steps were seen in order, each in time.',
      steps: [{ index: 1, kind: 'look_up', label: 'Look up', outcome: 'passed', at: 1.7, strength: 2.39 }],
    });
    expect(parseChallenge([LATE])).toMatchObject({
      passed: false, reason: 'Step 2 (smile) was seen at 4.9 s, outside its time (3.0 s to 4.5 s).',
      steps: [{ kind: 'blink', outcome: 'passed', at: 1.2 }, { kind: 'smile', outcome: 'late', at: null }],
    });
  });

  it('is null without a challenge check, or with a detail not in the engine form', () => {
    expect(parseChallenge([{ key: 'liveness', value: 90, detail: 'Live.' }])).toBeNull();
    expect(parseChallenge([{ key: 'challenge', value: 0, detail: 'Something else. whatever' }])).toBeNull();
  });
});

describe('ChallengeSteps', () => {
  it('lists the steps asked and what was seen of each', () => {
    render(ChallengeSteps, { checks: [FAILED], label: 'Challenge of the login' });
    const region = screen.getByRole('region', { name: 'Challenge of the login' });
    expect(within(region).getByText('Failed')).toBeInTheDocument();
    expect(within(region).getByText('Step 1 (turn your head left) was not seen.')).toBeInTheDocument();
    const items = within(region).getAllByRole('listitem').map((li) => li.textContent?.replace(/\s+/g, ' ').trim());
    expect(items).toEqual(['Turn head left: Not seen', 'Open mouth: Not seen']);
  });

  it('renders nothing for a passive recording', () => {
    const { container } = render(ChallengeSteps, { checks: [{ key: 'liveness', value: 90, detail: 'Live.' }], label: 'x' });
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
        checks: [{ key: 'liveness', value: 90, detail: 'Live.' }, PASSED], cropped_face_url: null,
      }],
      authentications: [
        { authentication_id: 'a2', created_at: '2026-11-22T08:00:00.000Z', face_liveness: 40, face_matching: 95, passed: false, video_url: null, checks: [FAILED] },
        { authentication_id: 'a1', created_at: '2026-11-21T08:00:00.000Z', face_liveness: 90, face_matching: 95, passed: true, video_url: null, checks: [] },
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
});
