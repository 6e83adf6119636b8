import type {
  ApiErrorBody,
  AuditResponse,
  ConfigResponse,
  DecisionRequest,
  DecisionResponse,
  DetailResponse,
  MediaAccessResponse,
  QueueResponse,
  QueueState,
  SessionResponse,
} from '../../server/api-types.js';

export interface QueueParams {
  state: QueueState;
  q?: string;
  page: number;
  pageSize?: number;
}

export interface AuditParams {
  action?: string;
  outcome?: string;
  reviewer?: string;
  user?: string;
  page: number;
}

/** Everything the SPA asks of its server; components take it as a prop so tests can hand in their own. */
export interface AdminApi {
  /** Called when the server says the session is gone (expired, signed out elsewhere). */
  onSessionLost?: (() => void) | undefined;
  session(): Promise<SessionResponse>;
  login(email: string, password: string): Promise<SessionResponse>;
  logout(): Promise<void>;
  config(): Promise<ConfigResponse>;
  queue(params: QueueParams): Promise<QueueResponse>;
  detail(userId: string): Promise<DetailResponse>;
  decide(userId: string, decision: DecisionRequest): Promise<DecisionResponse>;
  audit(params: AuditParams): Promise<AuditResponse>;
  /** The Onboarding API's log of media downloads (any caller), newest first. */
  mediaAccess(params: MediaAccessParams): Promise<MediaAccessResponse>;
}

export interface MediaAccessParams {
  /** One user's id. */
  user?: string;
  page: number;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

function query(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') search.set(k, String(v));
  const s = search.toString();
  return s ? `?${s}` : '';
}

/** The real API over fetch: same-origin cookie, CSRF token in a header on every write. */
export class HttpAdminApi implements AdminApi {
  private csrf: string | null = null;
  onSessionLost: (() => void) | undefined;

  constructor(private readonly base = '') {}

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (method !== 'GET' && this.csrf) headers['x-csrf-token'] = this.csrf;
    let res: Response;
    try {
      res = await fetch(this.base + path, {
        method,
        headers,
        credentials: 'same-origin',
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch {
      throw new ApiError(0, 'NETWORK_ERROR', 'The admin server cannot be reached. Check your connection.');
    }
    const data = (await res.json().catch(() => null)) as unknown;
    if (!res.ok) {
      const err = (data as ApiErrorBody | null)?.error;
      if (err?.code === 'NOT_SIGNED_IN') this.onSessionLost?.();
      throw new ApiError(res.status, err?.code ?? 'HTTP_ERROR', err?.message ?? `Request failed (${res.status}).`);
    }
    return data as T;
  }

  private remember(s: SessionResponse): SessionResponse {
    this.csrf = s.csrf_token;
    return s;
  }

  async session() {
    return this.remember(await this.call<SessionResponse>('GET', '/api/session'));
  }
  async login(email: string, password: string) {
    return this.remember(await this.call<SessionResponse>('POST', '/api/login', { email, password }));
  }
  async logout() {
    this.remember(await this.call<SessionResponse>('POST', '/api/logout'));
  }
  config() {
    return this.call<ConfigResponse>('GET', '/api/config');
  }
  queue(p: QueueParams) {
    return this.call<QueueResponse>('GET', `/api/enrollments${query({ state: p.state, q: p.q, page: p.page, page_size: p.pageSize })}`);
  }
  detail(userId: string) {
    return this.call<DetailResponse>('GET', `/api/enrollments/${encodeURIComponent(userId)}`);
  }
  decide(userId: string, decision: DecisionRequest) {
    return this.call<DecisionResponse>('POST', `/api/enrollments/${encodeURIComponent(userId)}/decisions`, decision);
  }
  audit(p: AuditParams) {
    return this.call<AuditResponse>('GET', `/api/audit${query({ ...p })}`);
  }
  mediaAccess(p: MediaAccessParams) {
    return this.call<MediaAccessResponse>('GET', `/api/media-access${query({ ...p })}`);
  }
}
