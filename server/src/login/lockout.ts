/** The applicant login lockout, keyed by the blind index of the document number; a completed reset clears it. */
import { createLockout, type Lockout } from '../stores/lockout';
import type { Redis } from '../stores/redis';
import {
  LOGIN_ACCOUNT_WINDOW_SECONDS, LOGIN_FAILURES_PER_ACCOUNT, LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS, LOGIN_FAILURES_PER_ADDRESS,
  LOGIN_LOCK_WINDOW_SECONDS,
} from './rules';

/** The applicant lockout's keys: `{login-fail}:…` (stores/lockout.ts `lockoutKeys`). */
export const LOGIN_LOCKOUT_PREFIX = 'login-fail';

export function createLoginLockout(redis: Redis): Lockout {
  return createLockout(redis, {
    prefix: LOGIN_LOCKOUT_PREFIX,
    perSubjectAndAddress: LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS,
    perAddress: LOGIN_FAILURES_PER_ADDRESS,
    windowSeconds: LOGIN_LOCK_WINDOW_SECONDS,
    perSubject: LOGIN_FAILURES_PER_ACCOUNT,
    subjectWindowSeconds: LOGIN_ACCOUNT_WINDOW_SECONDS,
  });
}
