// An in-memory AdminApi for component tests: it keeps the same state rules
// as the real server (decisions change the user, each writes an audit entry)
// so the components are exercised against behaviour, not canned calls.
import type {
  AuditEntry,
  AuditResponse,
  ConfigResponse,
  DecisionRequest,
  DecisionResponse,
  DetailResponse,
  MediaAccess,
  MediaAccessResponse,
  QueueResponse,
  QueueRow,
  SessionResponse,
} from '../../server/api-types.js';
import { ApiError } from '../../src/lib/api.js';
import type { AdminApi, AuditParams, MediaAccessParams, QueueParams } from '../../src/lib/api.js';

export function row(overrides: Partial<QueueRow> = {}): QueueRow {
  const id = overrides.user_id ?? `user${Math.random().toString(36).slice(2, 8)}`;
  return {
    user_id: id,
    email: `${id}@example.com`,
    name: null,
    state: 'SELFIE_VALID',
    // The onboarding server's rule, for the default: ACCEPTED with face login, else from the selfies.
    user_state: overrides.authorized ? 'ACCEPTED' : ({ SELFIE_VALID: 'TO_REVIEW', SELFIE_VOIDED: 'IN_PROGRESS', NO_SELFIE: 'NOT_STARTED' } as const)[overrides.state ?? 'SELFIE_VALID'],
    authorized: false,
    face_liveness: 80,
    cropped_face_url: `/api/users/${id}/media/face-${id}`,
    reenrollment_required: false,
    checks: [{ key: 'one_face', value: 1, detail: 'Exactly one face.' }],
    enrolled_at: '2026-11-20T10:00:00.000Z',
    created_at: '2026-11-20T09:59:00.000Z',
    ...overrides,
  };
}

export class FakeApi implements AdminApi {
  users: QueueRow[] = [];
  details = new Map<string, Omit<DetailResponse, 'user'>>();
  auditLog: AuditEntry[] = [];
  queueCalls: QueueParams[] = [];
  auditCalls: AuditParams[] = [];
  /** The Onboarding API's download log, newest first. */
  mediaAccessLog: MediaAccess[] = [];
  decideError: ApiError | null = null;
  validPassword = 'correct horse battery';
  onSessionLost: (() => void) | undefined;

  async session(): Promise<SessionResponse> {
    return { reviewer: null, csrf_token: null };
  }
  async login(email: string, password: string): Promise<SessionResponse> {
    if (password !== this.validPassword) throw new ApiError(401, 'INVALID_CREDENTIALS', 'Wrong email or password.');
    return { reviewer: { email }, csrf_token: 'token' };
  }
  async logout(): Promise<void> {}
  async config(): Promise<ConfigResponse> {
    return { thresholds: { liveness: 50, matching: 50 }, poll_interval_ms: 5000 };
  }
  async queue(p: QueueParams): Promise<QueueResponse> {
    this.queueCalls.push(p);
    const matches = this.users.filter((u) => {
      if (p.q && !(u.email ?? '').includes(p.q)) return false;
      if (p.state === 'awaiting') return u.user_state === 'TO_REVIEW';
      if (p.state === 'authorized') return u.authorized;
      if (p.state === 'voided') return u.state === 'SELFIE_VOIDED';
      if (p.state === 'no_selfie') return u.state === 'NO_SELFIE';
      return true;
    });
    const size = p.pageSize ?? 20;
    return { rows: matches.slice((p.page - 1) * size, p.page * size), total: matches.length, page: p.page, page_size: size };
  }
  async detail(userId: string): Promise<DetailResponse> {
    const user = this.users.find((u) => u.user_id === userId);
    if (!user) throw new ApiError(404, 'USER_NOT_FOUND', 'User not found.');
    const rest = this.details.get(userId) ?? { selfies: [], authentications: [], authentications_total: 0, report: {} };
    return { user: { ...user }, ...rest };
  }
  async decide(userId: string, d: DecisionRequest): Promise<DecisionResponse> {
    const user = this.users.find((u) => u.user_id === userId);
    if (!user) throw new ApiError(404, 'USER_NOT_FOUND', 'User not found.');
    if (this.decideError) throw this.decideError;
    if (d.action === 'delete_user' && d.confirm_email !== user.email) throw new ApiError(400, 'CONFIRMATION_MISMATCH', 'Type the email.');
    if (d.action === 'authorize') user.authorized = true;
    if (d.action === 'revoke') user.authorized = false;
    if (d.action === 'void_selfie') user.state = 'SELFIE_VOIDED';
    if (d.action !== 'delete_user') user.user_state = row({ state: user.state, authorized: user.authorized }).user_state;
    if (d.action === 'delete_user') this.users = this.users.filter((u) => u !== user);
    const entry: AuditEntry = {
      id: this.auditLog.length + 1,
      at: new Date().toISOString(),
      reviewer_email: 'rev@example.com',
      action: d.action,
      user_id: userId,
      user_email: user.email,
      media_id: null,
      reason: d.reason ?? null,
      outcome: 'success',
      error_code: null,
      error_message: null,
    };
    this.auditLog.unshift(entry);
    return { entry };
  }
  async audit(p: AuditParams): Promise<AuditResponse> {
    this.auditCalls.push(p);
    const entries = this.auditLog.filter((e) => (!p.action || e.action === p.action) && (!p.outcome || e.outcome === p.outcome));
    return { entries, total: entries.length, page: p.page, page_size: 50 };
  }
  async mediaAccess(p: MediaAccessParams): Promise<MediaAccessResponse> {
    const entries = this.mediaAccessLog.filter((e) => !p.user || e.user_id === p.user);
    return { entries, total: entries.length, page: p.page, page_size: 50 };
  }
}
