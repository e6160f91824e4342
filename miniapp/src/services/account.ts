/** The applicant's own account: registration, codes, the personal centre, verification and manual review. */
import type { IdType, ResidenceRegion, Validity } from '@shared/id-documents';
import { requestJson } from './http';
import { authedJson, authHeader, type Me, type VerificationStatus } from './session';
import { postMultipart, type UploadFile } from './upload';

export type OtpPurpose = 'register' | 'reset' | 'change-phone' | 'change-email';

/** POST /api/v1/otp: 短信验证码已经发送，请注意接收, or the mail code for a new address. */
export function sendCode(purpose: OtpPurpose, channel: 'sms' | 'email', to: string, captchaToken: string) {
  return requestJson<{ expiresIn: number; message?: string }>('POST', '/api/v1/otp', { purpose, channel, to, captchaToken });
}

export type Registration = {
  idType: IdType;
  region?: ResidenceRegion;
  idNumber: string;
  name: string;
  validity: Validity;
  validFrom: string;
  password: string;
  email: string;
  phone: string;
  otp: { channel: 'sms' | 'wechat'; code: string };
  agreed: true;
};

export function register(registration: Registration, captchaToken: string) {
  return requestJson<Me>('POST', '/api/v1/accounts', { ...registration, captchaToken });
}

export type ProfileChange = Partial<{
  ethnicity: string;
  validity: Validity;
  validFrom: string;
  email: string;
  emailCode: string;
  gender: 'male' | 'female';
  birthDate: string;
  passNumber: string;
  localIdNumber: string;
  /** The current password, required with a new `email`. */
  password: string;
}>;

export function updateProfile(change: ProfileChange) {
  return authedJson<Me>('PATCH', '/api/v1/me', change);
}

export function changePassword(oldPassword: string, newPassword: string) {
  return authedJson<null>('PUT', '/api/v1/me/password', { oldPassword, newPassword });
}

/** Changing a bound contact asks for the current password again. */
export const CURRENT_PASSWORD_NEEDED = '请输入当前登录密码';

/** 修改手机号码 asks for the current password again (a bound contact is what resets the password). */
export function changePhone(phone: string, code: string, password: string) {
  return authedJson<Me | null>('PUT', '/api/v1/me/phone', { phone, code, password });
}

export type VerificationState = {
  status: VerificationStatus;
  reason: string | null;
  name: string;
  remainingToday: number;
  manualReviewsLeft: number;
  period: { from: string; to: string };
  /** 每日您最多可进行三次实名认证，您还剩N次，是否确认提交？… */
  confirmation?: string;
  pendingReview: { id: string; submittedAt: string; dueBy: string } | null;
};

export function loadVerification() {
  return authedJson<VerificationState>('GET', '/api/v1/me/verification');
}

export type VerificationResult = {
  status: 'verified' | 'failed';
  remainingToday: number;
  message?: string;
  next?: {
    ctidGuide?: { title: string; steps: string[] };
    manualReview?: { title: string; text: string; remainingThisPeriod: number };
  };
};

export function verify(name?: string) {
  return authedJson<VerificationResult>('POST', '/api/v1/me/verification', name ? { name } : {});
}

export type ManualReview = { validity: Validity; validFrom: string; reason: string };

export function submitManualReview(review: ManualReview, photos: UploadFile[]) {
  return postMultipart<{ id?: string; status?: string; message?: string }>(
    '/api/v1/me/manual-reviews', review, photos, authHeader(),
  );
}

export function wechatBinding() {
  return authedJson<{ bound: boolean }>('GET', '/api/v1/me/wechat');
}

export function wechatBindingQrCode() {
  return authedJson<{ ticket: string; url: string; expiresIn: number }>('POST', '/api/v1/me/wechat/qrcode');
}

/**
 * 绑定微信 from inside WeChat: the login code (wx.login, or web OAuth with its `state`) opens a
 * WeChat session, in which the logged-in account's own token binds the two.
 */
export async function bindWechatWithCode(login: { code: string; via: 'miniapp' | 'web'; state?: string }, accountToken: string) {
  const session = await requestJson<{ token: string }>('POST', '/api/v1/wechat/session', login);
  await requestJson('POST', '/api/v1/wechat/bind', { accountToken }, { Authorization: `Bearer ${session.token}` });
}
