/** A staff member's browser over plain HTTP: a cookie jar, the CSRF token of the last page, and form posts. */
export class StaffClient {
  private cookies = new Map<string, string>();
  csrf = '';
  /** The text captcha of the last login page. */
  captchaId = '';
  readonly address = `10.200.${Math.floor(Math.random() * 250)}.${1 + Math.floor(Math.random() * 250)}`;

  constructor(readonly baseUrl: string) {}

  async request(method: string, path: string, form?: Record<string, string>) {
    const response = await fetch(this.baseUrl + path, {
      method,
      redirect: 'manual',
      headers: {
        'x-forwarded-for': this.address,
        cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      body: form ? new URLSearchParams(form).toString() : undefined,
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, value] = (pair ?? '').split('=') as [string, string];
      if (value) this.cookies.set(name, value); else this.cookies.delete(name);
    }
    const type = response.headers.get('content-type') ?? '';
    const body = type.startsWith('image/') ? '' : await response.text();
    const csrf = /name="csrf" value="([^"]+)"/.exec(body)?.[1];
    if (csrf) this.csrf = csrf;
    const captchaId = /name="captchaId" value="([^"]+)"/.exec(body)?.[1];
    if (captchaId) this.captchaId = captchaId;
    return { status: response.status, body, headers: response.headers, location: response.headers.get('location') };
  }

  get = (path: string) => this.request('GET', path);
  /** Posts a form with the page's CSRF token; a login post also answers the page's text captcha (development answer). */
  async post(path: string, form: Record<string, string>) {
    if (path !== '/admin/login' || 'captchaAnswer' in form) return this.request('POST', path, { csrf: this.csrf, ...form });
    return this.request('POST', path, { csrf: this.csrf, captchaId: this.captchaId, captchaAnswer: await this.captchaAnswer(), ...form });
  }

  /** The development answer of the login page's text captcha. */
  async captchaAnswer(): Promise<string> {
    const reply = await fetch(`${this.baseUrl}/dev/captcha/${encodeURIComponent(this.captchaId)}`);
    return reply.ok ? ((await reply.json()) as { answer: string }).answer : '';
  }

  async login(username: string, password: string) {
    await this.get('/admin/login');
    return this.post('/admin/login', { username, password });
  }
}
