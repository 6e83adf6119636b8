import { render, screen, within } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import DetailPage from '../../src/components/DetailPage.svelte';
import { FakeApi, row } from './fake-api.js';

const thresholds = { liveness: 50, matching: 60 };

function setup() {
  const api = new FakeApi();
  api.users = [row({ user_id: 'alice', email: 'alice@example.com', name: 'Alice Liddell', face_liveness: 88 })];
  api.details.set('alice', {
    selfies: [
      {
        id: 's2', created_at: '2026-11-21T10:00:00.000Z', liveness: 88, voided: false, number_of_faces: 1,
        checks: [
          { key: 'liveness_parallax', value: 71, detail: 'Landmarks move like a 3-D face.' },
          { key: 'face_size', value: 0.42, detail: 'Face fills 42% of the frame.' },
        ],
        challenge: null,
        cropped_face_url: '/api/users/alice/media/m2',
        media_expires_at: null,
        media_destroyed_at: null,
      },
      {
        id: 's1', created_at: '2026-11-20T10:00:00.000Z', liveness: 20, voided: true, number_of_faces: 1,
        checks: [], challenge: null, cropped_face_url: '/api/users/alice/media/m1',
        media_expires_at: '2026-12-20T10:00:00.000Z', media_destroyed_at: null,
      },
    ],
    authentications: [
      { authentication_id: 'a2', created_at: '2026-11-22T08:00:00.000Z', face_liveness: 77, face_matching: 82, passed: true, video_url: '/api/users/alice/media/v2', checks: [], challenge: null,
        media_expires_at: '2026-12-22T08:00:00.000Z', media_destroyed_at: null },
      { authentication_id: 'a1', created_at: '2026-11-21T08:00:00.000Z', face_liveness: 70, face_matching: 41, passed: false, video_url: null, checks: [], challenge: null,
        media_expires_at: '2026-12-21T08:00:00.000Z', media_destroyed_at: '2026-12-21T09:00:00.000Z' },
    ],
    authentications_total: 2,
    report: { id: 'report-1', user_id: 'alice', version: 1 },
  });
  return api;
}

describe('DetailPage', () => {
  it('shows every selfie (voided marked) with liveness evidence and checks', async () => {
    render(DetailPage, { api: setup(), userId: 'alice', thresholds, onback: vi.fn() });
    expect(await screen.findByRole('heading', { level: 1, name: 'alice@example.com' })).toBeInTheDocument();
    expect(screen.getByText('Alice Liddell')).toBeInTheDocument();

    const current = screen.getByRole('article', { name: 'Selfie 2' });
    expect(within(current).getByRole('img', { name: 'Face crop of selfie 2' })).toHaveAttribute('src', '/api/users/alice/media/m2');
    expect(within(current).getByRole('table', { name: 'Liveness evidence' })).toHaveTextContent('liveness_parallax');
    expect(within(current).getByRole('table', { name: 'Quality checks' })).toHaveTextContent('face_size');
    expect(within(current).getByText('Pass')).toBeInTheDocument();

    const voided = screen.getByRole('article', { name: 'Selfie 1 (voided)' });
    expect(within(voided).getByText('Fail')).toBeInTheDocument();
  });

  it('lists the login history with both scores, the verdict and the video link', async () => {
    render(DetailPage, { api: setup(), userId: 'alice', thresholds, onback: vi.fn() });
    const history = await screen.findByRole('region', { name: 'Login history (2)' });
    const items = within(history).getAllByRole('listitem');
    expect(items[0]).toHaveTextContent('Passed');
    expect(items[0]).toHaveTextContent('82.0');
    expect(within(items[0]!).getByRole('link', { name: /Video/ })).toHaveAttribute('href', '/api/users/alice/media/v2');
    expect(items[1]).toHaveTextContent('Rejected');
    // 41 is below the matching threshold of 60.
    expect(within(items[1]!).getAllByText('Fail')).toHaveLength(1);
  });

  it('shows the report JSON', async () => {
    render(DetailPage, { api: setup(), userId: 'alice', thresholds, onback: vi.fn() });
    await screen.findByText('Report (JSON)');
    expect(screen.getByText(/"id": "report-1"/)).toBeInTheDocument();
  });

  it('says so when the user does not exist', async () => {
    render(DetailPage, { api: setup(), userId: 'ghost', thresholds, onback: vi.fn() });
    expect(await screen.findByRole('alert')).toHaveTextContent('User not found.');
  });

  it('says when each selfie\'s and login\'s media will be destroyed, or when it was', async () => {
    render(DetailPage, { api: setup(), userId: 'alice', thresholds, onback: vi.fn() });
    const current = await screen.findByRole('article', { name: 'Selfie 2' });
    expect(within(current).getByText('Face crop and template kept while this selfie is valid')).toBeInTheDocument();
    const voided = screen.getByRole('article', { name: 'Selfie 1 (voided)' });
    expect(within(voided).getByText(/^Face crop and template kept until/).querySelector('time')).toHaveAttribute('datetime', '2026-12-20T10:00:00.000Z');
    const items = within(screen.getByRole('region', { name: 'Login history (2)' })).getAllByRole('listitem');
    expect(within(items[0]!).getByText(/^Video kept until/).querySelector('time')).toHaveAttribute('datetime', '2026-12-22T08:00:00.000Z');
    expect(within(items[1]!).getByText(/^Video destroyed$/).querySelector('time')).toHaveAttribute('datetime', '2026-12-21T09:00:00.000Z');
    expect(within(items[1]!).queryByRole('link', { name: /Video/ })).toBeNull();
  });
});
