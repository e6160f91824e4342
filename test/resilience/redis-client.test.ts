/**
 * The Redis client (node-redis, stores/redis.ts): the commands issued in one event-loop turn (by many requests at
 * once under load) go out in one socket write, each with its own reply; every key carries the configured prefix;
 * scripts run by SHA and are loaded again when Redis has forgotten them.
 */
import net from 'node:net';
import { createClient } from 'redis';
import { createLogger } from '../../server/src/log';
import { closeRedis, connectRedis, redisReady, type Redis } from '../../server/src/stores/redis';

const prefix = `redis-client-test:${process.pid}:`;
let redis: Redis;
/** Sees the keys as Redis stores them (no prefix) and runs admin commands. */
const raw = createClient({ url: process.env.TEST_REDIS_URL! });

beforeAll(async () => {
  redis = connectRedis(process.env.TEST_REDIS_URL!, prefix, createLogger('silent'));
  await Promise.all([redisReady(redis), raw.connect()]);
});
afterAll(async () => {
  await closeRedis(redis);
  await raw.close();
});

/**
 * Counts the writes that reach any socket of this process (one per system call: _write for one chunk, _writev
 * for several); nothing but the clients of this file writes to a socket here.
 */
function countSocketWrites(): { count: () => number; restore: () => void } {
  const proto = net.Socket.prototype as unknown as Record<'_write' | '_writev', (...args: unknown[]) => unknown>;
  const originals = { _write: proto._write, _writev: proto._writev };
  let writes = 0;
  for (const method of ['_write', '_writev'] as const) {
    const original = originals[method];
    proto[method] = function counted(this: net.Socket, ...args: unknown[]) {
      writes++;
      return original.apply(this, args);
    };
  }
  return { count: () => writes, restore: () => Object.assign(proto, originals) };
}

test('commands issued in one turn go out in one write, each with its own reply', async () => {
  const writes = countSocketWrites();
  try {
    const keys = Array.from({ length: 20 }, (_, i) => `k${i}`);
    const replies = await Promise.all(keys.map((key, i) => redis.set(key, String(i), { expiration: { type: 'EX', value: 60 }, GET: true })));
    expect(replies).toEqual(keys.map(() => null));
    expect(writes.count()).toBe(1);
    expect(await Promise.all(keys.map((key) => redis.get(key)))).toEqual(keys.map((_, i) => String(i)));
    expect(writes.count()).toBe(2);
  } finally {
    writes.restore();
  }
});

test('commands in separate turns are not held back for each other', async () => {
  const writes = countSocketWrites();
  try {
    for (let i = 0; i < 3; i++) await redis.incr('turns');
    expect(writes.count()).toBe(3);
    expect(await redis.get('turns')).toBe('3');
  } finally {
    writes.restore();
  }
});

test('every key carries the prefix, script keys included', async () => {
  await redis.set('plain', 'v');
  await redis.outboxRecord(['outbox:someone'], ['{"text":"hi"}', 5, 60]);
  expect(await raw.get(`${prefix}plain`)).toBe('v');
  expect(await raw.exists('plain')).toBe(0);
  expect(await raw.lRange(`${prefix}outbox:someone`, 0, -1)).toEqual(['{"text":"hi"}']);
});

test('a script Redis has forgotten (SCRIPT FLUSH, a restart) is loaded again by itself', async () => {
  await raw.scriptFlush();
  await redis.outboxRecord(['outbox:after-flush'], ['{"text":"again"}', 5, 60]);
  expect(await redis.lRange('outbox:after-flush', 0, -1)).toEqual(['{"text":"again"}']);
});
