/**
 * Lockout after repeated failures (our policy; the manual only says 登录失败！), counted in Redis in fixed windows
 * (stores/lockout.ts): per account and client address, per client address, and per account from anywhere.
 */
export const LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS = 5;
export const LOGIN_FAILURES_PER_ADDRESS = 20;
export const LOGIN_LOCK_WINDOW_SECONDS = 15 * 60;
/** NIST SP 800-63B 5.2.2: no more than 100 consecutive failed attempts on a single account. */
export const LOGIN_FAILURES_PER_ACCOUNT = 100;
export const LOGIN_ACCOUNT_WINDOW_SECONDS = 24 * 60 * 60;
