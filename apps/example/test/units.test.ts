// Small pure pieces: HTML escaping, the enrollment decision on a v1 report,
// the failure wording, the challenge refusal reason, and the SQLite session
// store's expiry.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { challengeFailureReason } from '../src/challenge-reason.js';
import { openDatabase } from '../src/database.js';
import { reviewEnrollment, type ReportLike } from '../src/enrollment-review.js';
import { loginFailure, NOT_VERIFIED } from '../src/failure-messages.js';
import { SqliteReplayStore } from '../src/replay-store.js';
import { escapeHtml, html } from '../src/views/html.js';

const dir = mkdtempSync(join(tmpdir(), 'example-units-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('html', () => {
  it('escapes interpolations but not nested templates', () => {
    const name = `<img src=x onerror="alert('x')">`;
    expect(html`<p>${name}</p>${html`<b>ok</b>`}`.toString()).toBe(
      '<p>&lt;img src=x onerror=&quot;alert(&#39;x&#39;)&quot;&gt;</p><b>ok</b>',
    );
    expect(html`${[1, null, false, 'a&b']}`.toString()).toBe('1a&amp;b');
    expect(escapeHtml('`')).toBe('&#96;');
  });
});

const selfie = (id: string, liveness: number | null, extra: Partial<ReportLike['selfies'][number]> = {}) => ({
  id,
  created_at: `2026-01-01T00:00:0${id}Z`,
  liveness,
  voided: false,
  checks: [],
  ...extra,
});

describe('reviewEnrollment', () => {
  it('accepts a selfie at or above the threshold', () => {
    const d = reviewEnrollment({ summary: { face_liveness: 50 }, selfies: [selfie('1', 50)] }, '1', 50);
    expect(d).toMatchObject({ accepted: true, liveness: 50, voidSelfie: false });
  });

  it('refuses a low score, asks to void it and gives hints from failing checks', () => {
    const checks = [
      { key: 'liveness', value: 12, detail: 'No 3-D motion.' },
      { key: 'sharpness', value: 20, detail: 'Blurry.' },
      { key: 'frontal', value: 90, detail: 'Frontal.' },
    ];
    const d = reviewEnrollment({ summary: { face_liveness: 12 }, selfies: [selfie('1', 12, { checks })] }, '1', 50);
    expect(d.accepted).toBe(false);
    expect(d.voidSelfie).toBe(true);
    expect(d.reason).toMatch(/live person/);
    expect(d.hints).toEqual(['What we saw: No 3-D motion.', 'The video was blurry: hold still and use better light.']);
  });

  it('treats a null score as a refusal and uses the latest valid selfie without an id', () => {
    const report = { summary: { face_liveness: null }, selfies: [selfie('1', 90, { voided: true }), selfie('2', null)] };
    expect(reviewEnrollment(report, undefined, 50)).toMatchObject({ accepted: false, liveness: null, voidSelfie: true });
  });

  it('refuses when there is no selfie, or the named one was voided', () => {
    expect(reviewEnrollment({ summary: { face_liveness: null }, selfies: [] }, undefined, 50)).toMatchObject({
      accepted: false,
      voidSelfie: false,
    });
    const voided = { summary: { face_liveness: null }, selfies: [selfie('1', 90, { voided: true })] };
    expect(reviewEnrollment(voided, '1', 50)).toMatchObject({ accepted: false, voidSelfie: false });
  });
});

describe('loginFailure', () => {
  it('shows one answer for every refusal before a face matched the account, whatever the cause', () => {
    for (const code of ['FACE_MISMATCH', 'LIVENESS_TOO_LOW', 'SCORE_MISSING', 'USER_REJECTED', 'AUTHENTICATION_NOT_FOUND', 'SOMETHING_NEW', undefined]) {
      expect(loginFailure(code, false)).toBe(NOT_VERIFIED);
    }
    expect(NOT_VERIFIED.message).toMatch(/light.*oval.*prompt/);
  });

  it('says what to change in the recording once the face matched, never a number', () => {
    expect(loginFailure('LIVENESS_TOO_LOW', true)).toMatchObject({ code: 'LIVENESS_TOO_LOW', message: expect.stringMatching(/live person/) });
    expect(loginFailure('SCORE_MISSING', true).code).toBe('SCORE_MISSING');
    expect(loginFailure('FACE_MISMATCH', true)).toBe(NOT_VERIFIED);
    expect(loginFailure('AUTHENTICATION_EXPIRED', false).title).toBe('Please record your face again.');
    for (const code of ['LIVENESS_TOO_LOW', 'SCORE_MISSING', 'FACE_MISMATCH']) expect(JSON.stringify(loginFailure(code, true))).not.toMatch(/\d/);
  });
});

describe('challengeFailureReason', () => {
  const step = { kind: 'turn_left', window_start: 1, window_end: 3.5, seen: false, at: null, strength: null, in_window: false, in_order: false, passed: false } as const;
  const failed = { passed: false, reason: 'Step 1 (turn your head left) was not seen.', steps: [step] };

  it("gives the failed challenge's reason from the structured result, not from the check's text", () => {
    const auth = { challenge: failed, checks: [{ key: 'challenge', value: 0, detail: 'Something else entirely. turn_left not seen.' }] };
    expect(challengeFailureReason(auth)).toBe('Step 1 (turn your head left) was not seen.');
  });

  it('gives nothing for a passed challenge, none (null), or an API that sends no result (hosted)', () => {
    expect(challengeFailureReason({ challenge: { passed: true, reason: 'All 1 steps were seen in order, each in time.', steps: [{ ...step, passed: true }] } })).toBeUndefined();
    expect(challengeFailureReason({ challenge: null })).toBeUndefined();
    expect(challengeFailureReason({})).toBeUndefined();
    expect(challengeFailureReason(undefined)).toBeUndefined();
  });
});

describe('SqliteReplayStore', () => {
  it('accepts an id once until it expires, also from a second connection', async () => {
    let now = 0;
    const first = openDatabase(join(dir, 'replay'));
    const second = openDatabase(join(dir, 'replay'));
    const a = new SqliteReplayStore(first, () => now);
    const b = new SqliteReplayStore(second, () => now);
    expect(await a.claim('auth-1', 120)).toBe(true);
    expect(await b.claim('auth-1', 120)).toBe(false);
    now += 121_000;
    expect(await b.claim('auth-1', 120)).toBe(true);
    first.close();
    second.close();
  });
});
