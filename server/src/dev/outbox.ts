/**
 * The development outbox: what SMS, mail and WeChat adapters would have delivered, kept in Redis per recipient
 * (newest first, capped, one day) so tests and people trying the project can read it at GET /dev/outbox.
 */
import type { Redis } from '../stores/redis';
import { luaScript } from '../stores/redis-script';

export type OutboxChannel = 'sms' | 'email' | 'wechat';
export type OutboxMessage = { channel: OutboxChannel; to: string; text: string; at: string; subject?: string };

const KEEP_MESSAGES = 50;
const KEEP_SECONDS = 24 * 60 * 60;

/** Adds a message, keeps the newest ARGV[2], and the list lives ARGV[3] seconds: one command, atomic. */
export const RECORD_MESSAGE = luaScript(`
redis.call('LPUSH', KEYS[1], ARGV[1])
redis.call('LTRIM', KEYS[1], 0, tonumber(ARGV[2]) - 1)
redis.call('EXPIRE', KEYS[1], ARGV[3])
return 1`);

export type Outbox = {
  record(channel: OutboxChannel, to: string, text: string, subject?: string): Promise<void>;
  list(to: string): Promise<OutboxMessage[]>;
};

export function createOutbox(redis: Redis): Outbox {
  const key = (to: string) => `outbox:${to}`;
  return {
    async record(channel, to, text, subject) {
      const message: OutboxMessage = { channel, to, text, at: new Date().toISOString(), ...(subject ? { subject } : {}) };
      await redis.outboxRecord([key(to)], [JSON.stringify(message), KEEP_MESSAGES, KEEP_SECONDS]);
    },
    async list(to) {
      return (await redis.lRange(key(to), 0, -1)).map((m) => JSON.parse(m) as OutboxMessage);
    },
  };
}
