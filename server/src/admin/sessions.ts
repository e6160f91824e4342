/**
 * Staff sessions: a random token in an HttpOnly, SameSite=Strict cookie (Secure in production), its hash the
 * Redis key; each session has its own CSRF token that every form posts back. Sessions end after idling and
 * after a maximum length, and at once on logout or when the staff member is deactivated.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Redis } from '../stores/redis';
import { STAFF_SESSION_IDLE_SECONDS, STAFF_SESSION_MAX_SECONDS } from './rules';

export type StaffSession = { staffId: string; csrf: string; startedAt: number };

const key = (token: string) => `staff-session:${createHash('sha256').update(token).digest('base64url')}`;

export function sameSecret(a: string, b: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return a.length > 0 && timingSafeEqual(digest(a), digest(b));
}

export function createStaffSessions(redis: Redis) {
  return {
    async start(staffId: string): Promise<{ token: string; session: StaffSession }> {
      const token = randomBytes(32).toString('base64url');
      const session: StaffSession = { staffId, csrf: randomBytes(24).toString('base64url'), startedAt: Date.now() };
      await redis.set(key(token), JSON.stringify(session), { expiration: { type: 'EX', value: STAFF_SESSION_IDLE_SECONDS } });
      return { token, session };
    },
    /** The live session of a token, its idle timer restarted; null when unknown, idle too long or too old. */
    async check(token: string): Promise<StaffSession | null> {
      const stored = await redis.get(key(token));
      if (!stored) return null;
      const session = JSON.parse(stored) as StaffSession;
      if (Date.now() - session.startedAt > STAFF_SESSION_MAX_SECONDS * 1000) {
        await redis.del(key(token));
        return null;
      }
      await redis.expire(key(token), STAFF_SESSION_IDLE_SECONDS);
      return session;
    },
    end: async (token: string) => { await redis.del(key(token)); },
  };
}

export type StaffSessions = ReturnType<typeof createStaffSessions>;
