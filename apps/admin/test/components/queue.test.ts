import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import QueuePage from '../../src/components/QueuePage.svelte';
import { FakeApi, row } from './fake-api.js';

const thresholds = { liveness: 50, matching: 50 };

describe('QueuePage', () => {
  it('shows each awaiting enrollment with its face, liveness verdict, checks and enrollment time', async () => {
    const api = new FakeApi();
    api.users = [
      row({ user_id: 'alice', email: 'alice@example.com', face_liveness: 91.2 }),
      row({ user_id: 'bob', email: 'bob@example.com', face_liveness: 12.5, checks: [{ key: 'blur', value: 0.4, detail: 'Sharp.' }, { key: 'liveness_blink', value: 12, detail: 'No blink.' }] }),
      row({ user_id: 'carol', email: 'carol@example.com', authorized: true }),
      // Rejected through the Onboarding API (PATCH /user/state): a valid selfie, but no longer awaiting review.
      row({ user_id: 'dora', email: 'dora@example.com', user_state: 'REJECTED' }),
    ];
    render(QueuePage, { api, thresholds, pollMs: 60_000 });

    const list = await screen.findByRole('list', { name: 'Enrollments' });
    const items = within(list).getAllByRole('listitem', { name: '' }).filter((li) => li.parentElement === list);
    expect(items).toHaveLength(2);
    const alice = items[0]!;
    expect(within(alice).getByRole('img', { name: 'Face of alice@example.com' })).toHaveAttribute('src', '/api/users/alice/media/face-alice');
    expect(within(alice).getByText('91.2')).toBeInTheDocument();
    expect(within(alice).getByText('Pass')).toBeInTheDocument();
    expect(within(alice).getByText(/Enrolled/)).toHaveTextContent('2026');
    const bob = items[1]!;
    expect(within(bob).getByText('Fail')).toBeInTheDocument();
    // Liveness sub-scores are summed up by the badge; the row lists the quality checks.
    expect(within(bob).getByRole('list', { name: 'Quality checks' })).toHaveTextContent('blur: 0.4');
    expect(within(bob).getByRole('list', { name: 'Quality checks' })).not.toHaveTextContent('liveness_blink');
    expect(within(bob).getByRole('link', { name: 'bob@example.com' })).toHaveAttribute('href', '#/enrollments/bob');
    expect(screen.queryByText('carol@example.com')).not.toBeInTheDocument();
    expect(screen.queryByText('dora@example.com')).not.toBeInTheDocument();
  });

  it('filters by state and searches by email', async () => {
    const user = userEvent.setup();
    const api = new FakeApi();
    api.users = [
      row({ user_id: 'alice', email: 'alice@example.com' }),
      row({ user_id: 'vera', email: 'vera@example.com', state: 'SELFIE_VOIDED' }),
      row({ user_id: 'nobody', email: 'nobody@example.com', state: 'NO_SELFIE', face_liveness: null, cropped_face_url: null }),
      row({ user_id: 'victor', email: 'victor@example.com', state: 'SELFIE_VOIDED' }),
    ];
    render(QueuePage, { api, thresholds, pollMs: 60_000 });
    await screen.findByText('alice@example.com');

    await user.click(screen.getByRole('radio', { name: 'Voided' }));
    await screen.findByText('vera@example.com');
    expect(screen.queryByText('alice@example.com')).not.toBeInTheDocument();
    expect(api.queueCalls.at(-1)).toMatchObject({ state: 'voided', page: 1 });

    await user.type(screen.getByRole('searchbox', { name: 'Search by email' }), 'victor');
    await user.click(screen.getByRole('button', { name: 'Search' }));
    await waitFor(() => expect(screen.queryByText('vera@example.com')).not.toBeInTheDocument());
    expect(screen.getByText('victor@example.com')).toBeInTheDocument();
    expect(api.queueCalls.at(-1)).toMatchObject({ state: 'voided', q: 'victor' });

    await user.click(screen.getByRole('radio', { name: 'No selfie' }));
    await user.click(screen.getByRole('button', { name: 'Clear search' }));
    await screen.findByText('nobody@example.com');
    expect(screen.getByRole('img', { name: 'No face image' })).toBeInTheDocument();
    expect(screen.getByText('no score')).toBeInTheDocument();
  });

  it('labels a user rejected through the Onboarding API as Rejected', async () => {
    const user = userEvent.setup();
    const api = new FakeApi();
    api.users = [row({ user_id: 'dora', email: 'dora@example.com', user_state: 'REJECTED' })];
    render(QueuePage, { api, thresholds, pollMs: 60_000 });
    await user.click(await screen.findByRole('radio', { name: 'All' }));
    const item = (await screen.findByRole('link', { name: 'dora@example.com' })).closest('li')!;
    expect(within(item).getByText('Rejected')).toBeInTheDocument();
  });

  it('picks up new enrollments by polling and announces them', async () => {
    const api = new FakeApi();
    api.users = [row({ user_id: 'first', email: 'first@example.com' })];
    render(QueuePage, { api, thresholds, pollMs: 50 });
    await screen.findByText('first@example.com');

    api.users.unshift(row({ user_id: 'second', email: 'second@example.com' }));
    await screen.findByText('second@example.com', undefined, { timeout: 3000 });
    expect(screen.getByRole('status')).toHaveTextContent('1 new enrollment.');
  });

  it('shows the server error when the queue cannot load', async () => {
    const api = new FakeApi();
    api.queue = async () => {
      throw new Error('The onboarding server cannot be reached.');
    };
    render(QueuePage, { api, thresholds, pollMs: 60_000 });
    expect(await screen.findByRole('alert')).toHaveTextContent('The onboarding server cannot be reached.');
  });

  it('flags an enrollment made by an older face engine as needing a new selfie', async () => {
    const api = new FakeApi();
    api.users = [row({ user_id: 'old', email: 'old@example.com', reenrollment_required: true }), row({ user_id: 'new', email: 'new@example.com' })];
    render(QueuePage, { api, thresholds, pollMs: 60_000 });
    const list = await screen.findByRole('list', { name: 'Enrollments' });
    const [old, fresh] = within(list).getAllByRole('listitem', { name: '' }).filter((li) => li.parentElement === list);
    expect(within(old!).getByText(/Re-enrollment needed/)).toBeInTheDocument();
    expect(within(fresh!).queryByText(/Re-enrollment needed/)).not.toBeInTheDocument();
  });
});
