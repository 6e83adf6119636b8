// Small pure pieces: HTML escaping, the enrollment decision on a v1 report,
// the failure wording (with the challenge's reason after a match), and the
// SQLite session store's expiry.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AliceFaceFailure } from 'passport-alice-face';
import { afterAll, describe, expect, it } from 'vitest';
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
  /** A refusal of the strategy, codes it may add later included. */
  const refusal = (code: string, faceMatched?: boolean) => ({ code, faceMatched }) as Parameters<typeof loginFailure>[0];

  it('shows one answer for every refusal before a face matched the account, whatever the cause', () => {
    for (const code of ['FACE_MISMATCH', 'LIVENESS_TOO_LOW', 'SCORE_MISSING', 'USER_REJECTED', 'AUTHENTICATION_NOT_FOUND', 'SOMETHING_NEW']) {
      expect(loginFailure(refusal(code, false)), code).toBe(NOT_VERIFIED);
      expect(loginFailure(refusal(code)), code).toBe(NOT_VERIFIED);
    }
    expect(loginFailure(undefined)).toBe(NOT_VERIFIED);
    // Nor the challenge's reason, which would tell that the email has an account.
    expect(loginFailure({ code: 'LIVENESS_TOO_LOW', faceMatched: false, reason: 'Step 1 (turn your head left) was not seen.' })).toBe(NOT_VERIFIED);
    expect(NOT_VERIFIED.message).toMatch(/light.*oval.*prompt/);
  });

  it('says what to change in the recording once the face matched, never a number', () => {
    expect(loginFailure({ code: 'LIVENESS_TOO_LOW', faceMatched: true })).toMatchObject({ code: 'LIVENESS_TOO_LOW', message: expect.stringMatching(/live person/) });
    expect(loginFailure({ code: 'SCORE_MISSING', faceMatched: true }).code).toBe('SCORE_MISSING');
    expect(loginFailure({ code: 'FACE_MISMATCH', faceMatched: true })).toBe(NOT_VERIFIED);
    expect(loginFailure({ code: 'AUTHENTICATION_EXPIRED', faceMatched: false }).title).toBe('Please record your face again.');
    for (const code of ['LIVENESS_TOO_LOW', 'SCORE_MISSING', 'FACE_MISMATCH'] as const) {
      const info: AliceFaceFailure = { code, message: 'Refused.', faceMatched: true, scores: { liveness: 12.5, matching: 80 } };
      expect(JSON.stringify(loginFailure(info))).not.toMatch(/\d/);
    }
  });

  it("adds the failed challenge's step to a liveness refusal once the face matched", () => {
    const reason = 'Step 1 (turn your head left) was not seen.';
    expect(loginFailure({ code: 'LIVENESS_TOO_LOW', faceMatched: true, reason })).toMatchObject({ code: 'LIVENESS_TOO_LOW', reason });
    expect(loginFailure({ code: 'LIVENESS_TOO_LOW', faceMatched: true })).not.toHaveProperty('reason');
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
