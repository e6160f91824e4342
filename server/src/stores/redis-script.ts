/**
 * A Lua script for the Redis client's script table (node-redis `defineScript`): the client calls it by SHA
 * (EVALSHA) and loads it by itself when Redis answers NOSCRIPT. Called as `redis.<name>(keys, args)`.
 * This module imports nothing of ours, so the modules that own a script can define it without an import cycle.
 */
import { defineScript, type CommandParser } from 'redis';

export type ScriptArgument = string | number;

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
