/** Policies of the staff review site (ours: the manual covers only the applicant's side). */

/** A staff session ends after this long without a request… */
export const STAFF_SESSION_IDLE_SECONDS = 30 * 60;
/** …and after this long in any case. */
export const STAFF_SESSION_MAX_SECONDS = 10 * 60 * 60;

/**
 * Failed staff logins (stores/lockout.ts): per username and client address, and per client address, in a window;
 * per username from anywhere only at NIST SP 800-63B's ceiling of 100 consecutive failures, so nobody can keep
 * a chosen staff member (admin) locked out.
 */
export const STAFF_LOGIN_FAILURES_PER_USER_AND_ADDRESS = 5;
export const STAFF_LOGIN_FAILURES_PER_ADDRESS = 20;
export const STAFF_LOGIN_LOCK_SECONDS = 15 * 60;
export const STAFF_LOGIN_FAILURES_PER_USER = 100;
export const STAFF_LOGIN_USER_WINDOW_SECONDS = 24 * 60 * 60;
/** Failed staff logins written to the audit log per client address in a lock window; the rest are only counted. */
export const STAFF_LOGIN_FAILURES_AUDITED_PER_ADDRESS = 10;

export const STAFF_PASSWORD_MIN_LENGTH = 12;

/** Reasons offered when rejecting (the reviewer may type any other). 民族错误 is the manual's example. */
export const COMMON_REJECTION_REASONS = [
  '民族错误', '照片不清晰，无法识别', '照片存在旋转或镜像反转', '证件信息与账号信息不一致', '手持证件照片中本人面部或证件信息不清晰', '证件有效期限填写错误',
] as const;
