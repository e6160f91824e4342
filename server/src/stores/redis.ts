/**
 * The Redis client. Commands fail at once while Redis is down (no offline queue) and after
 * REDIS_COMMAND_TIMEOUT_MS while it does not answer, so requests that need it answer 503 instead of hanging;
 * the client keeps reconnecting in the background and recovers by itself.
 */
import { createHash } from 'node:crypto';
import type { Socket } from 'node:net';
import Redis from 'ioredis';
import type { Logger } from '../log';

export type { Redis };

/**
 * Bounds of every Redis call. A command that gets no reply in time fails (503 through the error envelope)
 * instead of holding its request while Redis is paused or cut off; each request makes a few round trips,
 * so this stays well under the 3 s in which a request must answer (issue 13).
 */
export const REDIS_COMMAND_TIMEOUT_MS = 1000;
export const REDIS_CONNECT_TIMEOUT_MS = 2000;

export function connectRedis(url: string, keyPrefix: string, log: Logger): Redis {
  const redis = new Redis(url, {
    keyPrefix,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: REDIS_CONNECT_TIMEOUT_MS,
    commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
    retryStrategy: (attempt) => Math.min(attempt * 100, 1000),
    lazyConnect: false,
  });
  redis.on('connect', () => coalesceWrites((redis as unknown as { stream: Socket }).stream));
  let down = false;
  redis.on('error', (err) => {
    if (!down) log.warn({ err: err.message }, 'redis unavailable');
    down = true;
  });
  redis.on('ready', () => {
    if (down) log.info('redis back');
    down = false;
  });
  return redis;
}

/**
 * ioredis writes each command to the socket on its own: one system call per command, and under load the
 * commands of many requests, each issued while the event loop works through the sockets that became
 * readable, cost one system call each (on loopback that call carries Redis's wake-up too). Corking the socket
 * at the first write and uncorking it once the loop has worked through those sockets (setImmediate runs right
 * after that) sends them in one write. Commands are delayed by no more than the rest of that loop turn, and
 * nothing waits for a reply, unlike ioredis's auto-pipelining, which keeps one pipeline in flight at a time.
 */
function coalesceWrites(stream: Socket): void {
  const write = stream.write;
  stream.write = function corkedWrite(this: Socket, ...args: Parameters<Socket['write']>) {
    if (this.writableCorked === 0) {
      this.cork();
      setImmediate(() => this.uncork());
    }
    return write.apply(this, args);
  } as Socket['write'];
}

/** Resolves when the client is ready (or rejects after the timeout), for start-up. */
export async function redisReady(redis: Redis, timeoutMs = 10_000): Promise<void> {
  if (redis.status === 'ready') return;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('Redis did not become ready')), timeoutMs);
    redis.once('ready', () => { clearTimeout(timer); resolve(); });
  });
}

/**
 * Fixed-window counter: adds one and returns the count in the window. The expiry is set only with the first
 * hit, so the window does not slide with every request.
 */
export async function hit(redis: Redis, key: string, windowSeconds: number): Promise<number> {
  const [[, count]] = (await redis.multi().incr(key).expire(key, windowSeconds, 'NX').exec()) as [[null, number]];
  return count;
}

/** Runs a script by its SHA (EVALSHA), loading it once per Redis server when Redis does not know it. */
export function script(lua: string) {
  const sha = createHash('sha1').update(lua).digest('hex');
  return async (redis: Redis, keys: string[], args: Array<string | number>): Promise<unknown> => {
    try {
      return await redis.evalsha(sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!String((error as Error).message).startsWith('NOSCRIPT')) throw error;
      return redis.eval(lua, keys.length, ...keys, ...args);
    }
  };
}
