// A browser-like HTTP client for the admin server: keeps the session cookie
// and the CSRF token, and exposes the raw Set-Cookie for attribute checks.
export interface AgentResponse<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
  setCookie: string[];
}

export class Agent {
  cookie: string | null = null;
  csrf: string | null = null;

  constructor(public baseUrl: string) {}

  async request<T = any>(method: string, path: string, body?: unknown, opts: { csrf?: boolean; headers?: Record<string, string> } = {}): Promise<AgentResponse<T>> {
    const headers: Record<string, string> = { accept: 'application/json', ...opts.headers };
    if (body !== undefined) headers['content-type'] ??= 'application/json';
    if (this.cookie) headers.cookie = this.cookie;
    if ((opts.csrf ?? true) && this.csrf && method !== 'GET') headers['x-csrf-token'] = this.csrf;
    const res = await fetch(this.baseUrl + path, {
      method,
      headers,
      redirect: 'manual',
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const setCookie = res.headers.getSetCookie();
    for (const c of setCookie) {
      const pair = c.split(';')[0]!;
      this.cookie = /=$/.test(pair) || /Expires=Thu, 01 Jan 1970/i.test(c) ? null : pair;
    }
    const type = res.headers.get('content-type') ?? '';
    const parsed = type.includes('json') ? await res.json() : Buffer.from(await res.arrayBuffer());
    if (parsed && typeof parsed === 'object' && 'csrf_token' in parsed) this.csrf = (parsed as { csrf_token: string | null }).csrf_token;
    return { status: res.status, body: parsed as T, headers: res.headers, setCookie };
  }

  get<T = any>(path: string) {
    return this.request<T>('GET', path);
  }

  post<T = any>(path: string, body?: unknown, opts?: { csrf?: boolean }) {
    return this.request<T>('POST', path, body, opts);
  }

  async signIn(email: string, password: string): Promise<AgentResponse<any>> {
    return this.post('/api/login', { email, password });
  }
}
