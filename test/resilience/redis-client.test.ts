/**
 * The Redis client sends the commands issued in one event-loop turn (by many requests at once under load) in one
 * socket write, and each command still gets its own reply.
 */
import type { Socket } from 'node:net';
import { createLogger } from '../../server/src/log';
import { connectRedis, redisReady, type Redis } from '../../server/src/stores/redis';

let redis: Redis;

beforeAll(async () => {
  redis = connectRedis(process.env.TEST_REDIS_URL!, `redis-client-test:${process.pid}:`, createLogger('silent'));
  await redisReady(redis);
});
afterAll(() => redis.disconnect());

/** Counts the writes that reach the socket (one per system call: _write for one chunk, _writev for several). */
function countSocketWrites(): { count: () => number } {
  const stream = (redis as unknown as { stream: Socket & { _write: Function; _writev: Function } }).stream;
  let writes = 0;
  for (const method of ['_write', '_writev'] as const) {
    const original = stream[method];
    stream[method] = function counted(this: Socket, ...args: unknown[]) {
      writes++;
      return original.apply(this, args);
    };
  }
  return { count: () => writes };
}

test('commands issued in one turn go out in one write, each with its own reply', async () => {
  const writes = countSocketWrites();
  const keys = Array.from({ length: 20 }, (_, i) => `k${i}`);
  const replies = await Promise.all(keys.map((key, i) => redis.set(key, String(i), 'EX', 60, 'GET')));
  expect(replies).toEqual(keys.map(() => null));
  expect(writes.count()).toBe(1);
  expect(await Promise.all(keys.map((key) => redis.get(key)))).toEqual(keys.map((_, i) => String(i)));
  expect(writes.count()).toBe(2);
});

test('commands in separate turns are not held back for each other', async () => {
  const writes = countSocketWrites();
  const before = writes.count();
  for (let i = 0; i < 3; i++) await redis.incr('turns');
  expect(writes.count() - before).toBe(3);
  expect(await redis.get('turns')).toBe('3');
});
