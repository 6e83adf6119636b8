import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import App from '../../src/App.svelte';
import { FakeApi, row } from './fake-api.js';

describe('App', () => {
  it('signs in to the queue, navigates to an enrollment by its link, and signs out', async () => {
    const user = userEvent.setup();
    const api = new FakeApi();
    api.users = [row({ user_id: 'alice', email: 'alice@example.com' })];
    window.location.hash = '';
    render(App, { api });

    await user.type(await screen.findByLabelText('Email'), 'rev@example.com');
    await user.type(screen.getByLabelText('Password'), api.validPassword);
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByText('Signed in as rev@example.com')).toBeInTheDocument();

    await user.click(await screen.findByRole('link', { name: 'alice@example.com' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'alice@example.com' })).toBeInTheDocument();

    await user.click(screen.getByRole('link', { name: 'Audit log' }));
    expect(await screen.findByRole('heading', { name: 'Audit log' })).toBeInTheDocument();

    await user.click(screen.getByRole('link', { name: 'Webhooks' }));
    expect(await screen.findByRole('heading', { name: 'Webhooks' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Webhooks' })).toHaveAttribute('aria-current', 'page');

    api.onSessionLost?.();
    expect(await screen.findByRole('heading', { name: 'Reviewer sign-in' })).toBeInTheDocument();
  });
});
