/**
 * A Lua script for the Redis client's script table (node-redis `defineScript`): the client calls it by SHA
 * (EVALSHA) and loads it by itself when Redis answers NOSCRIPT. Called as `redis.<name>(keys, args)`.
 * This module imports nothing of ours, so the modules that own a script can define it without an import cycle.
 */
import { defineScript, type CommandParser } from 'redis';

export type ScriptArgument = string | number;

/**
 * Bounds of every Redis call (stores/redis.ts). A command that gets no reply in time fails (503 through the error
 * envelope) instead of holding its request while Redis is paused or cut off; each request makes a few round
 * trips, so this stays well under the 3 s in which a request must answer (issue 13).
 */
export const REDIS_COMMAND_TIMEOUT_MS = 1000;

/** A command that got no reply within REDIS_COMMAND_TIMEOUT_MS (Redis paused, overloaded or cut off). */
export class RedisCommandTimeoutError extends Error {
  override name = 'RedisCommandTimeoutError';
  constructor(ms: number) { super(`Redis command timed out after ${ms} ms`); }
}

/** The deadline a late-refusing script carries as ARGV[1]: the moment its caller stops waiting for the reply. */
export const scriptDeadline = () => Date.now() + REDIS_COMMAND_TIMEOUT_MS;

/**
 * The start of a script that must not run for a request already answered: one that reaches Redis after its
 * caller stopped waiting (Redis paused, then resumed with the command still in its socket) would count, store or
 * spend for a request that was answered 503, so it returns `reply` and does nothing. ARGV[1] is the deadline
 * (scriptDeadline); Redis's own clock judges it, so this needs the clocks of server and Redis in step (NTP) to
 * well within REDIS_COMMAND_TIMEOUT_MS.
 */
export const refuseLate = (reply: number) => `
local now = redis.call('TIME')
if tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000) > tonumber(ARGV[1]) then return ${reply} end`;

/**
 * What a caller throws when a late-refusing script's reply says it ran late yet reached the caller in time (the
 * clocks of server and Redis apart): no reply in time, as far as the rules go (503 `redis`).
 */
export const ranLate = () => new RedisCommandTimeoutError(REDIS_COMMAND_TIMEOUT_MS);

export function luaScript(lua: string) {
  return defineScript({
    SCRIPT: lua,
    parseCommand(parser: CommandParser, keys: string[], args: ScriptArgument[]) {
      // Keys go through pushKeys so the client prefixes them and routes the call to their Cluster slot.
      parser.pushKeysLength(keys);
      parser.push(...args.map(String));
    },
    // The reply as Redis sends it (RESP2): each caller knows what its script returns.
    transformReply: undefined as unknown as () => unknown,
  });
}
