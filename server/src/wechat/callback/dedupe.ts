/**
 * Every push handled once. WeChat retries an unanswered push three times and its key is the MsgId, or
 * FromUserName + CreateTime for events. The first delivery claims the key; a retry gets the reply the first
 * one produced, waiting for it while the first is still at work (past the deadline it gets the empty answer and
 * the first one's result goes out as a customer-service message).
 */
import type { Redis } from '../../stores/redis';
import { PUSH_DEDUPE_SECONDS } from '../rules';
import type { PushFields } from './xml';

const PENDING = '\u0000pending';
const WAIT_STEP_MS = 20;

export function pushKey(push: PushFields): string {
  return push.MsgId ? `wechat-push:m:${push.MsgId}` : `wechat-push:e:${push.FromUserName}:${push.CreateTime}`;
}

export type Claim = { first: true } | { first: false; reply: string | null };

export function createPushDedupe(redis: Redis) {
  return {
    /** One round trip for a new push: sets the key if absent and returns what was there (SET NX GET, Redis 7). */
    async claim(key: string, waitMs: number): Promise<Claim> {
      let previous = await redis.set(key, PENDING, { expiration: { type: 'EX', value: PUSH_DEDUPE_SECONDS }, condition: 'NX', GET: true });
      if (previous === null) return { first: true };
      const deadline = Date.now() + waitMs;
      while (previous === PENDING && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, WAIT_STEP_MS));
        previous = await redis.get(key);
      }
      return { first: false, reply: previous === PENDING ? null : previous };
    },
    /** For work without side effects: stores the reply unless the push was seen; returns the earlier reply then. */
    async settle(key: string, reply: string): Promise<string | null> {
      return redis.set(key, reply, { expiration: { type: 'EX', value: PUSH_DEDUPE_SECONDS }, condition: 'NX', GET: true });
    },
    /** Keeps the reply for retries; '' means the push was answered with nothing. */
    remember(key: string, reply: string): Promise<unknown> {
      return redis.set(key, reply, { expiration: { type: 'EX', value: PUSH_DEDUPE_SECONDS }, condition: 'XX' });
    },
  };
}

export type PushDedupe = ReturnType<typeof createPushDedupe>;
