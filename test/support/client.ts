/**
 * A test client that talks to the server over HTTP as an applicant's browser would, from an address of its
 * own (X-Forwarded-For, honoured because the test server runs with TRUST_PROXY=1).
 */
import { randomInt } from 'node:crypto';
import { hkmoPermit, phoneNumber, qqMail, residentId } from './identities';

export type Reply<T = any> = { status: number; body: T; headers: Headers };

export class ApiClient {
  token: string | undefined;

  /** `address`: the client address it claims; pass another client's to be the same browser on another server. */
  constructor(readonly baseUrl: string, readonly address = `10.${randomInt(0, 255)}.${randomInt(0, 255)}.${randomInt(1, 255)}`) {}

  async request<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply<T>> {
    const response = await fetch(this.baseUrl + path, {
      method,
      headers: {
        'x-forwarded-for': this.address,
        ...(body !== undefined && !(body instanceof FormData) ? { 'content-type': 'application/json' } : {}),
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : body instanceof FormData ? body : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try { parsed = text ? JSON.parse(text) : undefined; } catch { /* not JSON: keep the text */ }
    return { status: response.status, body: parsed as T, headers: response.headers };
  }

  get = <T = any>(path: string) => this.request<T>('GET', path);
  post = <T = any>(path: string, body?: unknown) => this.request<T>('POST', path, body ?? {});

  /** Solves a slider puzzle with the development answer (dragged there) and returns the one-use captcha token. */
  async captchaToken(): Promise<string> {
    const puzzle = await this.post('/api/v1/captcha');
    const answer = await this.get(`/dev/captcha/${puzzle.body.id}`);
    const verified = await this.post('/api/v1/captcha/verify', { id: puzzle.body.id, x: answer.body.x, track: dragTrack(answer.body.x) });
    if (verified.status !== 200) throw new Error(`captcha: ${JSON.stringify(verified.body)}`);
    return verified.body.captchaToken;
  }

  /** The newest message the development outbox holds for an address. */
  async lastMessage(to: string): Promise<{ channel: string; to: string; text: string; at: string; subject?: string } | undefined> {
    const outbox = await this.get(`/dev/outbox?to=${encodeURIComponent(to)}`);
    return outbox.body[0];
  }

  /** The newest 6-digit code sent to an address. */
  async lastCode(to: string): Promise<string> {
    const message = await this.lastMessage(to);
    const code = /验证码为(\d{6})/.exec(message?.text ?? '')?.[1];
    if (!code) throw new Error(`no code in the outbox for ${to}`);
    return code;
  }

  async sendCode(purpose: string, channel: 'sms' | 'email', to: string): Promise<Reply> {
    return this.post('/api/v1/otp', { purpose, channel, to, captchaToken: await this.captchaToken() });
  }
}

/** A drag from the left edge to `x` over about half a second, as the app records it: [x, ms] points. */
export function dragTrack(x: number): Array<[number, number]> {
  return [[0, 0], [Math.round(x / 3), 120], [Math.round((2 * x) / 3), 260], [x, 480]];
}

export type Applicant = {
  idType: string;
  idNumber: string;
  name: string;
  validity: string;
  validFrom: string;
  password: string;
  email: string;
  phone: string;
  region?: string;
};

export function newApplicant(overrides: Partial<Applicant> = {}): Applicant {
  return {
    idType: 'resident-id',
    idNumber: residentId(),
    name: '张三',
    validity: '20y',
    validFrom: '2020-05-01',
    password: 'Abc12345#',
    email: qqMail(),
    phone: phoneNumber(),
    ...overrides,
  };
}

export function newPermitHolder(overrides: Partial<Applicant> = {}): Applicant {
  return newApplicant({ idType: 'hkmo-permit', idNumber: hkmoPermit(), validity: '10y', name: '陈大文', ...overrides });
}

/** The whole registration journey: a code by SMS to the phone, then the form. Returns the server's reply. */
export async function register(client: ApiClient, applicant: Applicant): Promise<Reply> {
  const sent = await client.sendCode('register', 'sms', applicant.phone);
  if (sent.status !== 200) throw new Error(`otp: ${JSON.stringify(sent.body)}`);
  const code = await client.lastCode(applicant.phone);
  return client.post('/api/v1/accounts', {
    ...applicant, otp: { channel: 'sms', code }, captchaToken: await client.captchaToken(), agreed: true,
  });
}

/** Logs in and keeps the token on the client. */
export async function login(client: ApiClient, idNumber: string, password: string): Promise<Reply> {
  const reply = await client.post('/api/v1/sessions', { idNumber, password, captchaToken: await client.captchaToken() });
  if (reply.status === 200) client.token = reply.body.token;
  return reply;
}

/** Registers and logs in a fresh applicant. */
export async function registeredApplicant(baseUrl: string, overrides: Partial<Applicant> = {}) {
  const client = new ApiClient(baseUrl);
  const applicant = newApplicant(overrides);
  const registered = await register(client, applicant);
  if (registered.status !== 201) throw new Error(`register: ${JSON.stringify(registered.body)}`);
  const loggedIn = await login(client, applicant.idNumber, applicant.password);
  if (loggedIn.status !== 200) throw new Error(`login: ${JSON.stringify(loggedIn.body)}`);
  return { client, applicant, account: registered.body };
}
