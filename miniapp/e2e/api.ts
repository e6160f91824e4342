/** The server's HTTP API as the tests use it directly: make an account, read the development outbox, log in. */
import { randomInt } from 'node:crypto';
import { checkCharacter } from '@shared/id-documents';

export function appUrl(): string {
  const url = process.env.APP_URL;
  if (!url) throw new Error('APP_URL is not set (e2e/global-setup.ts starts a server when it is missing)');
  return url.replace(/\/$/, '');
}

export type Reply<T> = { status: number; body: T };

/**
 * A client address of its own (198.18.0.0/15, the benchmarking range), sent as X-Forwarded-For and honoured where
 * the server trusts a proxy, as the test server does: each browser and the tests' own calls then have their own
 * per-address limits (30 puzzles a minute, for one) instead of sharing 127.0.0.1's.
 */
export function newClientAddress(): string {
  return `198.18.${randomInt(256)}.${randomInt(1, 255)}`;
}

const CLIENT_ADDRESS = newClientAddress();

export async function call<T = any>(method: 'GET' | 'POST', path: string, body?: object): Promise<Reply<T>> {
  const response = await fetch(appUrl() + path, {
    method,
    headers: { 'x-forwarded-for': CLIENT_ADDRESS, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: response.status, body: (await response.json()) as T };
}

/** The answer x of a puzzle, from the development route. */
export async function captchaAnswer(id: string): Promise<number> {
  const answer = await call<{ x: number }>('GET', `/dev/captcha/${id}`);
  return answer.body.x;
}

export async function captchaToken(): Promise<string> {
  const puzzle = await call<{ id: string }>('POST', '/api/v1/captcha', {});
  if (puzzle.status !== 200) throw new Error(`captcha puzzle: ${JSON.stringify(puzzle.body)}`);
  const x = await captchaAnswer(puzzle.body.id);
  const verified = await call<{ captchaToken: string }>('POST', '/api/v1/captcha/verify', {
    id: puzzle.body.id,
    x,
    track: [[0, 0], [Math.round(x / 2), 200], [x, 400]],
  });
  if (verified.status !== 200) throw new Error(`captcha: ${JSON.stringify(verified.body)}`);
  return verified.body.captchaToken;
}

export type OutboxMessage = { channel: string; to: string; text: string; at: string };

export async function outbox(to: string): Promise<OutboxMessage[]> {
  return (await call<OutboxMessage[]>('GET', `/dev/outbox?to=${encodeURIComponent(to)}`)).body;
}

export function sixDigitCode(text: string): string | null {
  return /(?<!\d)(\d{6})(?!\d)/.exec(text)?.[1] ?? null;
}

const digits = (count: number) => Array.from({ length: count }, () => randomInt(0, 10)).join('');

/** A fresh, valid 居民身份证 number (Beijing, born in the 1980s). */
export function newResidentId(): string {
  const first17 = `110105198${randomInt(0, 10)}0${randomInt(1, 10)}1${randomInt(0, 10)}${digits(3)}`;
  return first17 + checkCharacter(first17);
}

export type Account = { idNumber: string; password: string };

/** Registers an account the way the website does: puzzle, SMS code from the outbox, then the form. */
export async function registerAccount(password: string): Promise<Account> {
  const idNumber = newResidentId();
  const phone = `13${digits(9)}`;
  const sent = await call('POST', '/api/v1/otp', { purpose: 'register', channel: 'sms', to: phone, captchaToken: await captchaToken() });
  if (sent.status !== 200) throw new Error(`otp: ${JSON.stringify(sent.body)}`);
  const code = sixDigitCode((await outbox(phone))[0]?.text ?? '');
  const created = await call('POST', '/api/v1/accounts', {
    idType: 'resident-id',
    idNumber,
    name: '张三',
    validity: '20y',
    validFrom: '2020-01-01',
    password,
    email: `${randomInt(10_000, 1_000_000_000)}@qq.com`,
    phone,
    otp: { channel: 'sms', code },
    captchaToken: await captchaToken(),
    agreed: true,
  });
  if (created.status !== 201) throw new Error(`register: ${JSON.stringify(created.body)}`);
  return { idNumber, password };
}

export async function logIn(idNumber: string, password: string): Promise<Reply<any>> {
  return call('POST', '/api/v1/sessions', { idNumber, password, captchaToken: await captchaToken() });
}
