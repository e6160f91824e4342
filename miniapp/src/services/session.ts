/**
 * The applicant's login session (POST /api/v1/sessions): its token kept in Taro storage so that a reload
 * or the next visit stays logged in, sent as `Authorization: Bearer …`, and dropped on 退出 or when the
 * server no longer knows it.
 */
import Taro from '@tarojs/taro';
import { ApiError, requestJson, type Method } from './http';

const TOKEN_KEY = 'jszg.session.token';

/** The masked account of GET /api/v1/me; fields the pages do not use are left out. */
export type Me = {
  id: string;
  idType: 'resident-id' | 'hkmo-permit' | 'tw-permit' | 'residence-permit';
  region: 'hk' | 'mo' | 'tw' | null;
  idNumber: string;
  name: string;
  validity: '5y' | '10y' | '20y' | 'long' | null;
  validFrom: string | null;
  validTo: string | null;
  email: string | null;
  phone: string | null;
  ethnicity: string | null;
  gender: 'male' | 'female' | null;
  birthDate: string | null;
  passNumber: string | null;
  localIdNumber: string | null;
  profileComplete: boolean;
  verification: { status: VerificationStatus; reason: string | null };
  /** Contract 3: 完善个人信息 first, then 实名认证. */
  nextStep?: 'complete-profile' | 'verify' | null;
  notice?: string | null;
};

export type VerificationStatus =
  'unverified' | 'verified' | 'failed' | 'manual-pending' | 'manual-approved' | 'manual-rejected';

export function sessionToken(): string | null {
  const token: unknown = Taro.getStorageSync(TOKEN_KEY);
  return typeof token === 'string' && token ? token : null;
}

function forget(): void {
  Taro.removeStorageSync(TOKEN_KEY);
}

export function authHeader(): Record<string, string> {
  const token = sessionToken();
  return token ? { Authorization: `Bearer ${token}` } : {};
}

/** A request in the applicant's session; a 401 ends the session here too, so the pages send them to 登录. */
export async function authedJson<T>(method: Method, path: string, body?: object): Promise<T> {
  try {
    return await requestJson<T>(method, path, body, authHeader());
  } catch (error) {
    if (error instanceof ApiError && error.code === 'UNAUTHENTICATED') forget();
    throw error;
  }
}

export type LoginRequest = { idNumber: string; password: string };

export async function logIn(request: LoginRequest, captchaToken?: string): Promise<Me> {
  const body = await requestJson<{ token: string; account: Me }>(
    'POST', '/api/v1/sessions', captchaToken ? { ...request, captchaToken } : request,
  );
  Taro.setStorageSync(TOKEN_KEY, body.token);
  return body.account;
}

/** 退出: the server ends the token at once; it is forgotten here even when the server cannot be reached. */
export async function logOut(): Promise<void> {
  try {
    if (sessionToken()) await requestJson('DELETE', '/api/v1/sessions/current', undefined, authHeader());
  } catch {
    // Logging out must always work for the applicant: the token is dropped below either way.
  } finally {
    forget();
  }
}

export function loadMe(): Promise<Me> {
  return authedJson<Me>('GET', '/api/v1/me');
}
