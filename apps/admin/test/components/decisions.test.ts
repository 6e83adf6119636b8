import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import DetailPage from '../../src/components/DetailPage.svelte';
import { ApiError } from '../../src/lib/api.js';
import { FakeApi, row } from './fake-api.js';

const thresholds = { liveness: 50, matching: 50 };

function setup() {
  const api = new FakeApi();
  api.users = [row({ user_id: 'alice', email: 'alice@example.com' })];
  return api;
}

describe('decision dialogs', () => {
  it('authorizes with a reason, then offers revoke instead', async () => {
    const user = userEvent.setup();
    const api = setup();
    render(DetailPage, { api, userId: 'alice', thresholds, onback: vi.fn() });
    await user.click(await screen.findByRole('button', { name: 'Authorize' }));

    const dialog = screen.getByRole('dialog', { name: 'Authorize: alice@example.com' });
    expect(screen.getByRole('textbox', { name: 'Reason (optional)' })).toHaveFocus();
    await user.keyboard('Checked against the ID card');
    await user.click(screen.getByRole('button', { name: 'Confirm authorize' }));

    await waitFor(() => expect(dialog).not.toBeInTheDocument());
    expect(api.auditLog[0]).toMatchObject({ action: 'authorize', user_id: 'alice', reason: 'Checked against the ID card' });
    expect(await screen.findByRole('button', { name: 'Revoke' })).toBeInTheDocument();
    expect(screen.getByText('Authorize: done (audit entry #1).')).toBeInTheDocument();
    expect(screen.getByText('Authorized')).toBeInTheDocument();
  });

  it('is keyboard operable: Escape cancels and returns focus to the button', async () => {
    const user = userEvent.setup();
    const api = setup();
    render(DetailPage, { api, userId: 'alice', thresholds, onback: vi.fn() });
    const voidButton = await screen.findByRole('button', { name: 'Void selfie' });
    voidButton.focus();
    await user.keyboard('{Enter}');
    expect(screen.getByRole('dialog')).toBeInTheDocument();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(voidButton).toHaveFocus();
    expect(api.auditLog).toHaveLength(0);
  });

  it('deletes only after the email is typed exactly', async () => {
    const user = userEvent.setup();
    const api = setup();
    const onback = vi.fn();
    render(DetailPage, { api, userId: 'alice', thresholds, onback });
    await user.click(await screen.findByRole('button', { name: 'Delete user' }));

    const confirm = screen.getByRole('button', { name: 'Confirm delete user' });
    expect(confirm).toBeDisabled();
    await user.type(screen.getByRole('textbox', { name: /to confirm/ }), 'alice@example.co');
    expect(confirm).toBeDisabled();
    await user.type(screen.getByRole('textbox', { name: /to confirm/ }), 'm');
    expect(confirm).toBeEnabled();
    await user.click(confirm);

    await waitFor(() => expect(onback).toHaveBeenCalledWith('Delete user: done (audit entry #1).'));
    expect(api.users).toHaveLength(0);
  });

  it('shows the server error in the dialog and keeps it open', async () => {
    const user = userEvent.setup();
    const api = setup();
    api.decideError = new ApiError(502, 'ONBOARDING_UNREACHABLE', 'The onboarding server cannot be reached.');
    render(DetailPage, { api, userId: 'alice', thresholds, onback: vi.fn() });
    await user.click(await screen.findByRole('button', { name: 'Void selfie' }));
    await user.click(screen.getByRole('button', { name: 'Confirm void selfie' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('The onboarding server cannot be reached.');
    expect(screen.getByRole('dialog')).toBeInTheDocument();
  });
});
