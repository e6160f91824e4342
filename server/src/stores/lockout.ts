/**
 * Failed-login lockout, counted in Redis per subject (an account or a staff username) and per client address in
 * fixed windows. Used by applicant and staff login alike, each with its own limits and key prefix.
 */
import { hit, type Redis } from './redis';

export type LockoutLimits = { prefix: string; perSubject: number; perAddress: number; windowSeconds: number };

export function createLockout(redis: Redis, limits: LockoutLimits) {
  const subjectKey = (subject: string) => `${limits.prefix}:subject:${subject}`;
  const addressKey = (address: string) => `${limits.prefix}:address:${address}`;
  return {
    /** Whether either counter has reached its limit, and whether the subject has failures to clear. */
    async check(subject: string, address: string): Promise<{ locked: boolean; subjectHasFailures: boolean }> {
      const [subjectFailures, addressFailures] = await redis.mget(subjectKey(subject), addressKey(address));
      return {
        locked: Number(subjectFailures) >= limits.perSubject || Number(addressFailures) >= limits.perAddress,
        subjectHasFailures: subjectFailures !== null,
      };
    },
    async fail(subject: string, address: string): Promise<void> {
      await Promise.all([hit(redis, subjectKey(subject), limits.windowSeconds), hit(redis, addressKey(address), limits.windowSeconds)]);
    },
    /** A success clears the subject's count; the address keeps its own, so spraying many accounts still locks it. */
    async clear(subject: string): Promise<void> {
      await redis.del(subjectKey(subject));
    },
  };
}
