/**
 * 忘记密码 (manual 2.2.2) and what hangs off it: identifying the account, the three ways to reset, the contact-change
 * request for a phone or mail that is no longer the applicant's, and the FAQ's mail cases as support requests.
 * Everything here works without a login: the applicant cannot log in.
 */
import type { IdType } from '@shared/id-documents';
import { postJson, requestJson } from './http';
import { postMultipart, type UploadFile } from './upload';

/** After 输入账号: the account's ways to reset, contacts masked as in the manual (4*****@qq.com, 158*****11). */
export type ResetChannels = { resetId: string; email: string | null; phone: string | null; wechat: boolean };

export type Identity = { idType: IdType; idNumber: string; name: string };

export function startReset(identity: Identity, captchaToken: string): Promise<ResetChannels> {
  return postJson<ResetChannels>('/api/v1/password-resets', { ...identity, captchaToken });
}

/** a. 邮件重置密码: the link goes to the bound mail address. */
export async function sendResetMail(resetId: string): Promise<void> {
  await postJson(`/api/v1/password-resets/${encodeURIComponent(resetId)}/email`, {});
}

/** b. 短信验证重置密码: a code to the bound phone. */
export function sendResetSms(resetId: string): Promise<{ expiresIn?: number }> {
  return postJson(`/api/v1/password-resets/${encodeURIComponent(resetId)}/sms`, {});
}

/** The code came from the bound phone (`sms`) or from the service account's 取验证码 (`wechat`). */
export async function completeResetWithCode(
  resetId: string, code: string, newPassword: string, channel: 'sms' | 'wechat',
): Promise<void> {
  await postJson('/api/v1/password-resets/complete', { resetId, code, newPassword, channel });
}

/** The page the mailed link opens. */
export async function completeResetWithLink(linkToken: string, newPassword: string): Promise<void> {
  await postJson('/api/v1/password-resets/complete', { linkToken, newPassword });
}

/** The reset link carries its token in the fragment (`#token=…`), which never reaches a server or a log. */
export function linkTokenFromFragment(hash: string): string | null {
  return new URLSearchParams(hash.replace(/^#/, '')).get('token');
}

export type ContactKind = 'email' | 'phone';

/** A code to the new phone or mail of a contact-change request (after the slider). */
export function sendContactCode(kind: ContactKind, to: string, captchaToken: string): Promise<{ expiresIn?: number }> {
  return postJson('/api/v1/otp', {
    purpose: kind === 'email' ? 'change-email' : 'change-phone', channel: kind === 'email' ? 'email' : 'sms', to, captchaToken,
  });
}

export type ContactChangeForm = { resetId: string; kind: ContactKind; newValue: string; code: string; reason: string };

export type Submitted = { id: string; status: 'pending'; message?: string };

export function submitContactChange(form: ContactChangeForm, photo: UploadFile): Promise<Submitted> {
  return postMultipart<Submitted>('/api/v1/contact-changes', form, [photo]);
}

export type ReviewStatus = 'pending' | 'approved' | 'rejected';

export type ContactChangeState = {
  id: string; kind?: ContactKind; status: ReviewStatus; reason?: string | null; dueBy?: string | null;
};

export function contactChangeStatus(id: string): Promise<ContactChangeState> {
  return requestJson<ContactChangeState>('GET', `/api/v1/contact-changes/${encodeURIComponent(id)}`);
}

/** The FAQ's mail cases, and 修改手机（邮箱）信息 for an account that may no longer change its contacts itself. */
export const SUPPORT_KINDS = ['account-check', 'name-garbled', 'gender-wrong', 'contact-info', 'other'] as const;
export type SupportKind = (typeof SUPPORT_KINDS)[number];

export type SupportForm = {
  kind: SupportKind; name: string; idType: IdType; idNumber: string; phone: string; email: string; description: string;
};

export function submitSupportRequest(form: SupportForm, photo: UploadFile): Promise<{ id: string }> {
  return postMultipart<{ id: string }>('/api/v1/support-requests', form, [photo]);
}

/** `reply` is the staff's answer (also mailed to the applicant); `reason` why a request could not be done. */
export type SupportState = {
  id: string; kind?: SupportKind; status: ReviewStatus; reply?: string | null; reason?: string | null; dueBy?: string | null;
};

export function supportRequestStatus(id: string): Promise<SupportState> {
  return requestJson<SupportState>('GET', `/api/v1/support-requests/${encodeURIComponent(id)}`);
}
