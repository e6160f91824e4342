/** Mail addresses and mobile numbers, as the manual asks for them (2.2.1, 4) and 5)). */

/** 请输入 11 位手机号码 — a mainland mobile number. */
export const PHONE_PATTERN = /^1[3-9]\d{9}$/;

export const EMAIL_MAX_LENGTH = 100;

export function phoneProblem(phone: string): string | null {
  return PHONE_PATTERN.test(phone) ? null : '请输入11位手机号码';
}

const EMAIL_PATTERN = /^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$/;

/**
 * 特别注意邮箱中的符号，都应当为英文状态下的半角符号（.）。如您所使用的邮箱为 qq 邮箱，请使用@前为纯数字的形式，
 * 勿使用自行设置的别名。
 */
export function emailProblem(email: string): string | null {
  // eslint-disable-next-line no-control-regex
  if (!/^[\x21-\x7e]+$/.test(email)) return '邮箱地址只能使用英文半角字符（请注意“.”和“@”应为半角符号）';
  if (email.length > EMAIL_MAX_LENGTH || !EMAIL_PATTERN.test(email)) return '请输入正确的电子邮箱地址';
  const [local, domain] = email.split('@') as [string, string];
  if (domain.toLowerCase() === 'qq.com' && !/^\d+$/.test(local)) return 'QQ邮箱请使用@前为纯数字的形式，勿使用自行设置的别名';
  return null;
}

export function normalizeEmail(raw: string): string {
  const trimmed = raw.trim();
  const at = trimmed.lastIndexOf('@');
  return at < 0 ? trimmed : trimmed.slice(0, at) + '@' + trimmed.slice(at + 1).toLowerCase();
}

/** 4*****@qq.com, as in the manual's 忘记密码 screenshots. */
export function maskEmail(email: string): string {
  const at = email.indexOf('@');
  if (at < 1) return '*****';
  return email[0] + '*****' + email.slice(at);
}

/** 158*****11, as in the manual's 忘记密码 screenshots. */
export function maskPhone(phone: string): string {
  return phone.slice(0, 3) + '*****' + phone.slice(-2);
}
