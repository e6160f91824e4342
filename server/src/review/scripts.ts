/** The review desk's Redis script (run by the client as `redis.reviewEffectsUnlock`). */
import { luaScript } from '../stores/redis-script';

/** Releases a decision's effects lock only for its owner (ARGV[1]): a lock that expired and was taken again stays. */
export const RELEASE_EFFECTS_LOCK = luaScript(`if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`);
