import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import WebhooksPage from '../../src/components/WebhooksPage.svelte';
import type { WebhookRow } from '../../server/api-types.js';
import { FakeApi } from './fake-api.js';

const hook = (overrides: Partial<WebhookRow>): WebhookRow => ({
  webhook_id: 'w1', active: true, target: 'https://backend.example.com/webhooks/alice', event_name: 'selfie_added', event_version: '1', algorithm: 'sha256', last_result: null, ...overrides,
});

describe('WebhooksPage', () => {
  it('lists each webhook with how its last delivery went, and nothing to change them with', async () => {
    const api = new FakeApi();
    api.webhookRows = [
      hook({ last_result: { sent_on: '2026-12-02T10:00:00.000Z', attempt: 1, is_success: true, status_code: 204, error: null, completed_in_ms: 12 } }),
      hook({ webhook_id: 'w2', event_name: 'user_deleted', active: false, last_result: { sent_on: '2026-12-02T11:00:00.000Z', attempt: 3, is_success: false, status_code: null, error: 'No answer within 5000 ms.', completed_in_ms: 5000 } }),
      hook({ webhook_id: 'w3', event_name: 'user_created' }),
    ];
    render(WebhooksPage, { api });
    const table = await screen.findByRole('table', { name: '3 webhooks' });
    const [ok, failed, idle] = within(table).getAllByRole('row').slice(1);
    expect(ok).toHaveTextContent('selfie_added v1');
    expect(ok).toHaveTextContent('https://backend.example.com/webhooks/alice');
    expect(ok).toHaveTextContent('Delivered (204)');
    expect(failed).toHaveTextContent('No');
    expect(failed).toHaveTextContent('Failed: No answer within 5000 ms., attempt 3');
    expect(idle).toHaveTextContent('Nothing sent yet');
    expect(screen.queryByRole('button', { name: /delete|edit|save|ping/i })).not.toBeInTheDocument();
  });

  it('says when there is none, and reloads on Refresh', async () => {
    const user = userEvent.setup();
    const api = new FakeApi();
    render(WebhooksPage, { api });
    expect(await screen.findByText('No webhooks are subscribed.')).toBeInTheDocument();
    api.webhookRows = [hook({})];
    await user.click(screen.getByRole('button', { name: 'Refresh' }));
    expect(await screen.findByRole('table', { name: '1 webhook' })).toBeInTheDocument();
  });
});
