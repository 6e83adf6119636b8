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
