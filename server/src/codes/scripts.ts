/**
 * The verification codes' Redis scripts (run by the client as `redis.issueCode` and `redis.consumeCode`) and the
 * outcomes the issue script returns.
 */
import { luaScript } from '../stores/redis-script';

/**
 * The Cluster hash tag of every key the issue script touches (the gap, the address and daily counters, the code and
 * the captcha token it spends): one script's keys must live in one slot, and they belong to different people and
 * addresses, so the whole family shares one tag (one slot, on one master).
 */
export const CODES_HASH_TAG = '{codes}';

export const ISSUED = 0;
export const TOO_SOON = 1;
export const ADDRESS_LIMIT = 2;
export const DAILY_LIMIT_REACHED = 3;
export const NO_CAPTCHA = 4;

/**
 * Checks the limits and stores the code in one atomic step (one round trip on the hot path). A refusal for
 * resending too soon counts against nothing; the address and daily counters count every other attempt.
 * KEYS: gap, address counter, daily counter, code and, when a captcha guards the request, its token (spent
 * first, whatever the outcome, as a separate consume before the issue would). ARGV: gap seconds, address limit,
 * address window, daily limit, daily window, code hash, meta, code TTL.
 */
const ISSUE_SCRIPT = `
if #KEYS == 5 and not redis.call('GETDEL', KEYS[5]) then return ${NO_CAPTCHA} end
if tonumber(ARGV[1]) > 0 and redis.call('EXISTS', KEYS[1]) == 1 then return ${TOO_SOON} end
local address = redis.call('INCR', KEYS[2])
if address == 1 then redis.call('EXPIRE', KEYS[2], ARGV[3]) end
if address > tonumber(ARGV[2]) then return ${ADDRESS_LIMIT} end
local daily = redis.call('INCR', KEYS[3])
if daily == 1 then redis.call('EXPIRE', KEYS[3], ARGV[5]) end
if daily > tonumber(ARGV[4]) then return ${DAILY_LIMIT_REACHED} end
if tonumber(ARGV[1]) > 0 then redis.call('SET', KEYS[1], '1', 'EX', ARGV[1]) end
redis.call('DEL', KEYS[4])
redis.call('HSET', KEYS[4], 'hash', ARGV[6], 'meta', ARGV[7], 'wrong', 0)
redis.call('EXPIRE', KEYS[4], ARGV[8])
return ${ISSUED}`;

/**
 * Atomically checks a code: on a match the code is deleted and its metadata returned; on a miss the wrong-try
 * count grows and the code is deleted at the limit. Returns false when there is no code or it did not match.
 */
const CONSUME_SCRIPT = `
local stored = redis.call('HMGET', KEYS[1], 'hash', 'meta')
if not stored[1] then return false end
if stored[1] == ARGV[1] then
  redis.call('DEL', KEYS[1])
  return stored[2] or ''
end
local tries = redis.call('HINCRBY', KEYS[1], 'wrong', 1)
if tries >= tonumber(ARGV[2]) then redis.call('DEL', KEYS[1]) end
return false`;

export const ISSUE_CODE = luaScript(ISSUE_SCRIPT);
export const CONSUME_CODE = luaScript(CONSUME_SCRIPT);
