/**
 * Failed-login lockout in Redis, shared by applicant and staff login (each with its own limits and key prefix).
 * Three counters, so that nobody can lock a chosen person out (issue 10 item 4):
 *   - per subject and client address: the tight limit, which only ever locks that address out of that account;
 *   - per client address: spraying many accounts from one address;
 *   - per subject, whatever the address: a far higher limit of consecutive failures (NIST SP 800-63B 5.2.2:
 *     no more than 100), so a guessing campaign from many addresses still stops.
 * An attempt is counted atomically *before* the password is checked (one script checks every limit and takes
 * the attempt), so parallel guesses cannot all pass a check made before any of them failed; a success gives the
 * attempt back. An attempt that reaches Redis after its login was answered 503 (a paused Redis resuming) is not
 * taken.
 */
import type { Redis } from './redis';
import { luaScript, ranLate, refuseLate, scriptDeadline } from './redis-script';

export type LockoutLimits = {
  prefix: string;
  perSubjectAndAddress: number;
  perAddress: number;
  windowSeconds: number;
  /** Consecutive failures of a subject from anywhere, counted over `subjectWindowSeconds`. */
  perSubject: number;
  subjectWindowSeconds: number;
};

/** TAKE_ATTEMPT reached Redis after its caller stopped waiting (answered 503): it took nothing. */
const LATE = 2;

/**
 * KEYS: the subject's per-address counts (a hash: address → count), the address's count, the subject's count.
 * ARGV: the deadline (a late run, after Redis paused, takes no attempt for a login already answered 503), the
 * address, the three limits, the window, the subject's window. Returns 1 when the attempt was taken.
 */
export const TAKE_ATTEMPT = luaScript(`${refuseLate(LATE)}
local pair = tonumber(redis.call('HGET', KEYS[1], ARGV[2]) or '0')
local address = tonumber(redis.call('GET', KEYS[2]) or '0')
local subject = tonumber(redis.call('GET', KEYS[3]) or '0')
if pair >= tonumber(ARGV[3]) or address >= tonumber(ARGV[4]) or subject >= tonumber(ARGV[5]) then return 0 end
redis.call('HINCRBY', KEYS[1], ARGV[2], 1)
redis.call('EXPIRE', KEYS[1], ARGV[6], 'NX')
redis.call('INCR', KEYS[2])
redis.call('EXPIRE', KEYS[2], ARGV[6], 'NX')
redis.call('INCR', KEYS[3])
redis.call('EXPIRE', KEYS[3], ARGV[7], 'NX')
return 1`);

/** A success: the subject's failures from this address and its consecutive count end; the address gets its attempt back. */
export const SUCCEEDED = luaScript(`
redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('DEL', KEYS[3])
if tonumber(redis.call('GET', KEYS[2]) or '0') > 0 then redis.call('DECR', KEYS[2]) end
return 1`);

/** An attempt that ended neither in success nor in a wrong password (a store outage): it is given back. */
export const GIVE_BACK = luaScript(`
if tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0') > 0 then redis.call('HINCRBY', KEYS[1], ARGV[1], -1) end
for i = 2, 3 do
  if tonumber(redis.call('GET', KEYS[i]) or '0') > 0 then redis.call('DECR', KEYS[i]) end
end
return 1`);

/**
 * The keys the scripts take, in their KEYS order. One script touches a subject's and an address's counters, so a
 * lockout's keys share one Cluster hash tag.
 */
export function lockoutKeys(prefix: string, subject: string, address: string): string[] {
  const tag = `{${prefix}}`;
  return [`${tag}:pairs:${subject}`, `${tag}:address:${address}`, `${tag}:subject:${subject}`];
}

export function createLockout(redis: Redis, limits: LockoutLimits) {
  const tag = `{${limits.prefix}}`;
  const keys = (subject: string, address: string) => lockoutKeys(limits.prefix, subject, address);
  return {
    /** Takes one attempt for the subject from the address; false (nothing taken) when a limit is reached. */
    async attempt(subject: string, address: string): Promise<boolean> {
      const taken = await redis.lockoutTakeAttempt(keys(subject, address), [
        scriptDeadline(), address, limits.perSubjectAndAddress, limits.perAddress, limits.perSubject, limits.windowSeconds,
        limits.subjectWindowSeconds,
      ]);
      if (taken === LATE) throw ranLate();
      return taken === 1;
    },
    /** The attempt succeeded. (A failure needs no call: the attempt was counted as one when it was taken.) */
    async succeeded(subject: string, address: string): Promise<void> {
      await redis.lockoutSucceeded(keys(subject, address), [address]);
    },
    /** The attempt could not be judged (a store was down): it counts against nobody. */
    async giveBack(subject: string, address: string): Promise<void> {
      await redis.lockoutGiveBack(keys(subject, address), [address]);
    },
    /** Clears every lock on the subject (a completed password reset), from every address. */
    async clearSubject(subject: string): Promise<void> {
      await redis.del([`${tag}:pairs:${subject}`, `${tag}:subject:${subject}`]);
    },
  };
}

export type Lockout = ReturnType<typeof createLockout>;
