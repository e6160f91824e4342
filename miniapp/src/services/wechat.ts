/**
 * The WeChat session and the three service-account actions. The login code (wx.login in the mini-program,
 * the web-OAuth `code` in the page address on H5) is exchanged for a short-lived session token; the
 * openid stays on the server.
 *
 * On H5 the page is opened through `GET /api/v1/wechat/oauth?next=<page>`: the server sets a random `state`
 * in an HttpOnly cookie and sends the browser to WeChat, which returns it to `<page>?code=…&state=…`. Both are
 * posted; the server refuses a code whose state does not match the cookie (a code planted by someone else).
 */
import Taro from '@tarojs/taro';
import type { IdType } from '@shared/id-documents';
import { ApiError, postJson } from './http';

type WechatSession = { token: string; bound: boolean | null };

export const NO_LOGIN_CODE = 'NO_LOGIN_CODE';
const NO_LOGIN_CODE_MESSAGE = '请从“中国教师资格服务号”的菜单打开本页面';

export type WebLogin = { code: string; state: string };

/** WeChat web OAuth returns to `page?code=…&state=…`. */
export function webLoginFromAddress(search: string): WebLogin | null {
  const query = new URLSearchParams(search);
  const code = query.get('code');
  return code ? { code, state: query.get('state') ?? '' } : null;
}

/** The address that opens `pagePath` (an app path, `/pages/…`) through WeChat web OAuth. */
export function webOauthAddress(pagePath: string): string {
  return `${API_BASE}/api/v1/wechat/oauth?next=${encodeURIComponent(pagePath)}`;
}

/** H5: sends the browser through WeChat web OAuth back to this page, which then has a code. */
export function openThroughWechat(): void {
  window.location.assign(webOauthAddress(window.location.pathname));
}

type LoginCode = { code: string; via: 'miniapp' } | { code: string; via: 'web'; state: string };

async function loginCode(): Promise<LoginCode> {
  if (process.env.TARO_ENV === 'h5') {
    const login = webLoginFromAddress(window.location.search);
    if (!login) throw new ApiError(NO_LOGIN_CODE, NO_LOGIN_CODE_MESSAGE);
    // A code is good once: take it (and its state) out of the address, so a reload goes through OAuth again.
    window.history.replaceState(window.history.state, '', window.location.pathname);
    return { ...login, via: 'web' };
  }
  const { code } = await Taro.login();
  return { code, via: 'miniapp' };
}

let current: Promise<WechatSession> | null = null;

async function startSession(): Promise<WechatSession> {
  const body = await postJson<{ token: string; bound?: boolean }>('/api/v1/wechat/session', await loginCode());
  return { token: body.token, bound: typeof body.bound === 'boolean' ? body.bound : null };
}

/** The session, started once and shared by every page; a failed start is retried on the next call. */
export function wechatSession(): Promise<WechatSession> {
  current ??= startSession().catch((error: unknown) => {
    current = null;
    throw error;
  });
  return current;
}

/** Forgets the session, so the next call logs in again (tests, and an expired session). */
export function endWechatSession(): void {
  current = null;
}

/** A request in the WeChat session; an expired session is renewed once and the request repeated. */
async function wechatPost<T>(path: string, body: object): Promise<T> {
  const send = async () => {
    const { token } = await wechatSession();
    return postJson<T>(path, body, { Authorization: `Bearer ${token}` });
  };
  try {
    return await send();
  } catch (error) {
    if (!(error instanceof ApiError) || error.code !== 'UNAUTHENTICATED') throw error;
    endWechatSession();
    return send();
  }
}

function withCaptcha<T extends object>(body: T, captchaToken?: string): T & { captchaToken?: string } {
  return captchaToken ? { ...body, captchaToken } : body;
}

/** 取验证码: the code is sent into the service-account conversation. */
export function requestWechatCode(idNumber: string, captchaToken?: string): Promise<{ expiresIn?: number }> {
  return wechatPost('/api/v1/wechat/otp', withCaptcha({ idNumber }, captchaToken));
}

export type BindRequest = { idType: IdType; idNumber: string; password: string };

/** 绑定账号 with the account's document number and password. */
export async function bindAccount(request: BindRequest, captchaToken?: string): Promise<void> {
  await wechatPost('/api/v1/wechat/bind', withCaptcha(request, captchaToken));
  const session = await wechatSession();
  session.bound = true;
}

/** 重置密码 of the account bound to this WeChat user. */
export async function resetPassword(newPassword: string, captchaToken?: string): Promise<void> {
  await wechatPost('/api/v1/wechat/password', withCaptcha({ newPassword }, captchaToken));
}
