/** 验证码 rules. */

/** 验证码为 6 位数字，有效期为 5 分钟 (manual 2.2.1, 6) 获取验证码). */
export const CODE_LENGTH = 6;
export const CODE_TTL_SECONDS = 300;

/**
 * 每天每个手机号码最多获取 3 次 (manual 2.2.1, 6)); days are Asia/Shanghai days. Counted per purpose (register,
 * reset, change of contact), so three captchas cannot use up a stranger's reset codes for the day (issue 10).
 */
export const SMS_CODES_PER_PHONE_PER_DAY = 3;
/** The service account's 取验证码 follows the same daily limit as SMS, per document number. */
export const WECHAT_CODES_PER_DOCUMENT_PER_DAY = 3;

/** API.md: a code is spent by its first correct use and dies after 5 wrong tries. */
export const CODE_MAX_WRONG_TRIES = 5;

/** Our own limits (API.md: add per-address and per-IP limits of your own). */
export const MAIL_CODES_PER_ADDRESS_PER_DAY = 10;
export const CODES_PER_CLIENT_ADDRESS_PER_HOUR = 20;

/** FAQ: 出现了“短信验证码已经发送，请注意接收”的提示 (after 通过短信免费获取验证码). */
export const SMS_CODE_SENT_MESSAGE = '短信验证码已经发送，请注意接收';
/** The same prompt for a code by mail (ours: the seeds only word the SMS one). */
export const MAIL_CODE_SENT_MESSAGE = '邮件验证码已经发送，请注意接收';
