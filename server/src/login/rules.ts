/**
 * Lockout after repeated failures (our policy; the manual only says 登录失败！). Counted per account and per
 * client address in fixed windows, in Redis.
 */
export const LOGIN_FAILURES_PER_ACCOUNT = 5;
export const LOGIN_FAILURES_PER_ADDRESS = 20;
export const LOGIN_LOCK_WINDOW_SECONDS = 15 * 60;
