/** 2.2.2 忘记密码. */

/** 链接地址 24 小时内有效 (manual 2.2.2, a. 邮件重置密码). */
export const RESET_LINK_TTL_SECONDS = 24 * 60 * 60;

/** How long the 安全验证 step (the chosen way to reset) stays open after the account was identified. Ours. */
export const RESET_FLOW_TTL_SECONDS = 30 * 60;

/** Reset mails one account may receive a day (ours, against mail bombing). */
export const RESET_MAILS_PER_ACCOUNT_PER_DAY = 5;

/** Identification attempts (证件类型 + 号码 + 姓名) per client address per hour (ours, against enumeration). */
export const RESET_STARTS_PER_ADDRESS_PER_HOUR = 30;
