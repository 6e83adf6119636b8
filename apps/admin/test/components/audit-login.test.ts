import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import AuditPage from '../../src/components/AuditPage.svelte';
import Login from '../../src/components/Login.svelte';
import { FakeApi, row } from './fake-api.js';

describe('AuditPage', () => {
  it('lists entries newest first and filters by action and outcome', async () => {
    const user = userEvent.setup();
    const api = new FakeApi();
    api.users = [row({ user_id: 'alice', email: 'alice@example.com' })];
    await api.decide('alice', { action: 'authorize', reason: 'Looks right' });
    await api.decide('alice', { action: 'revoke' });
    render(AuditPage, { api });

    const table = await screen.findByRole('table', { name: '2 entries, newest first' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows[0]).toHaveTextContent('Revoke');
    expect(rows[1]).toHaveTextContent('Authorize');
    expect(rows[1]).toHaveTextContent('Looks right');
    expect(rows[1]).toHaveTextContent('Success');

    await user.selectOptions(screen.getByRole('combobox', { name: 'Action' }), 'authorize');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Outcome' }), 'success');
    await user.click(screen.getByRole('button', { name: 'Apply filters' }));
    await screen.findByRole('table', { name: '1 entry, newest first' });
    expect(api.auditCalls.at(-1)).toMatchObject({ action: 'authorize', outcome: 'success', page: 1 });
    // No way to change history from the page.
    expect(screen.queryByRole('button', { name: /delete|edit/i })).not.toBeInTheDocument();
  });

  it('shows which reviewer viewed which media, and the API\'s downloads with the key behind each', async () => {
    const user = userEvent.setup();
    const api = new FakeApi();
    api.auditLog = [{
      id: 1, at: '2026-11-22T08:00:00.000Z', reviewer_email: 'rev@example.com', action: 'view_media', user_id: 'alice', user_email: null,
      media_id: 'media-7', reason: null, outcome: 'success', error_code: null, error_message: null,
    }];
    api.mediaAccessLog = [
      { id: 'x2', at: '2026-11-22T08:00:01.000Z', user_id: 'alice', media_id: 'media-7', media_kind: 'video', token_kind: 'backend_user', api_key: { id: 'k1', name: 'admin dashboard' } },
      { id: 'x1', at: '2026-11-21T08:00:00.000Z', user_id: 'bob', media_id: 'media-3', media_kind: 'cropped_face', token_kind: 'user', api_key: null },
    ];
    render(AuditPage, { api });
    const table = await screen.findByRole('table', { name: '1 entry, newest first' });
    expect(within(table).getAllByRole('row')[1]).toHaveTextContent(/rev@example\.com.*View media.*alice.*Media media-7.*Success/);

    const downloads = await screen.findByRole('table', { name: '2 downloads, newest first' });
    const rows = within(downloads).getAllByRole('row').slice(1);
    expect(rows[0]).toHaveTextContent(/Backend token via API key admin dashboard.*alice.*Login video media-7/);
    expect(rows[1]).toHaveTextContent(/User token.*bob.*Face crop media-3/);

    // Filtering by a user id narrows both logs.
    await user.type(screen.getByRole('searchbox', { name: 'User (id or email)' }), 'bob');
    await user.click(screen.getByRole('button', { name: 'Apply filters' }));
    await screen.findByRole('table', { name: '1 download, newest first' });
  });
});

describe('Login', () => {
  it('shows the error for a wrong password and signs in with the right one', async () => {
    const user = userEvent.setup();
    const api = new FakeApi();
    const onsignedin = vi.fn();
    render(Login, { api, onsignedin });
    await user.type(screen.getByLabelText('Email'), 'rev@example.com');
    await user.type(screen.getByLabelText('Password'), 'wrong password');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Wrong email or password.');

    await user.clear(screen.getByLabelText('Password'));
    await user.type(screen.getByLabelText('Password'), `${api.validPassword}{Enter}`);
    await waitFor(() => expect(onsignedin).toHaveBeenCalledWith({ reviewer: { email: 'rev@example.com' }, csrf_token: 'token' }));
  });
});
