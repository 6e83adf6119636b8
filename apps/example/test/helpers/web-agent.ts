// A tiny browser stand-in for HTTP tests: keeps cookies, does not follow
// redirects (so tests see them), and reads the CSRF token out of pages.
export interface WebResponse {
  status: number;
  headers: Headers;
  text: string;
  location: string | null;
}

export function csrfFrom(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match?.[1]) throw new Error('No CSRF token in the page.');
  return match[1];
}

export class WebAgent {
  readonly cookies = new Map<string, string>();
  /** The CSRF token of the last page that had one. */
  csrf = '';

  constructor(readonly baseUrl: string) {}

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private async send(path: string, init: RequestInit): Promise<WebResponse> {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set('cookie', this.cookieHeader());
    const res = await fetch(new URL(path, this.baseUrl), { ...init, headers, redirect: 'manual' });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair?.indexOf('=') ?? -1;
      if (!pair || eq < 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (/expires=Thu, 01 Jan 1970/i.test(line) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const text = await res.text();
    const token = /name="_csrf" value="([^"]+)"/.exec(text)?.[1];
    if (token) this.csrf = token;
    return { status: res.status, headers: res.headers, text, location: res.headers.get('location') };
  }

  get(path: string): Promise<WebResponse> {
    return this.send(path, { method: 'GET' });
  }

  /** POSTs a urlencoded form; adds the current CSRF token unless `_csrf` is given (null leaves it out). */
  post(path: string, fields: Record<string, string | null> = {}, headers: Record<string, string> = {}): Promise<WebResponse> {
    const body = new URLSearchParams();
    const withToken = '_csrf' in fields ? fields : { ...fields, _csrf: this.csrf };
    for (const [k, v] of Object.entries(withToken)) if (v !== null) body.set(k, v);
    return this.send(path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: body.toString(),
    });
  }

  /** POSTs a recording like the page does: multipart `video` (and `fields`), CSRF token in a header. */
  postRecording(path: string, video: Uint8Array, fields: Record<string, string> = {}, headers: Record<string, string> = {}): Promise<WebResponse> {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    form.append('video', new Blob([video as BlobPart], { type: 'video/mp4' }), 'recording.mp4');
    return this.send(path, { method: 'POST', headers: { 'x-csrf-token': this.csrf, accept: 'application/json', ...headers }, body: form });
  }

  /** POSTs like the page's fetch() calls: no body, CSRF token in a header. */
  postJson(path: string, csrf = this.csrf, headers: Record<string, string> = {}): Promise<WebResponse> {
    return this.send(path, { method: 'POST', headers: { 'x-csrf-token': csrf, accept: 'application/json', ...headers } });
  }
}
