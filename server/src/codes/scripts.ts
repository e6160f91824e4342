/**
 * The verification codes' Redis scripts (run by the client as `redis.issueCode`, `redis.withdrawCode`,
 * `redis.consumeCode` and `redis.restoreCode`) and the outcomes the issue script returns.
 */
import { luaScript, refuseLate } from '../stores/redis-script';

/**
 * The Cluster hash tag of every key the issue script touches (the gap, the address and daily counters, the code and
 * the captcha token it spends): one script's keys must live in one slot, and they belong to different people and
 * addresses, so the whole family shares one tag (one slot, on one master).
 */
export const CODES_HASH_TAG = '{codes}';

export const ISSUED = 0;
export const TOO_SOON = 1;
export const ADDRESS_LIMIT = 2;
const DAILY_LIMIT_REACHED = 3;
export const NO_CAPTCHA = 4;
/** The script reached Redis after the client's deadline and did nothing (issue and consume). */
export const LATE = 5;

/** Late code scripts do nothing (stores/redis-script.ts `refuseLate`); ARGV[1] is the deadline. */
const REFUSE_LATE = refuseLate(LATE);

/**
 * Checks the limits and stores the code in one atomic step (one round trip on the hot path). A refusal for
 * resending too soon counts against nothing; the address and daily counters count every other attempt.
 * KEYS: gap, address counter, daily counter, code and, when a captcha guards the request, its token (spent
 * first, whatever the outcome, as a separate consume before the issue would). ARGV: deadline, gap seconds,
 * address limit, address window, daily limit, daily window, code hash, meta, code TTL.
 */
const ISSUE_SCRIPT = `${REFUSE_LATE}
if #KEYS == 5 and not redis.call('GETDEL', KEYS[5]) then return ${NO_CAPTCHA} end
if tonumber(ARGV[2]) > 0 and redis.call('EXISTS', KEYS[1]) == 1 then return ${TOO_SOON} end
local address = redis.call('INCR', KEYS[2])
if address == 1 then redis.call('EXPIRE', KEYS[2], ARGV[4]) end
if address > tonumber(ARGV[3]) then return ${ADDRESS_LIMIT} end
local daily = redis.call('INCR', KEYS[3])
if daily == 1 then redis.call('EXPIRE', KEYS[3], ARGV[6]) end
if daily > tonumber(ARGV[5]) then return ${DAILY_LIMIT_REACHED} end
if tonumber(ARGV[2]) > 0 then redis.call('SET', KEYS[1], '1', 'EX', ARGV[2]) end
redis.call('DEL', KEYS[4])
redis.call('HSET', KEYS[4], 'hash', ARGV[7], 'meta', ARGV[8], 'wrong', 0)
redis.call('EXPIRE', KEYS[4], ARGV[9])
return ${ISSUED}`;

/**
 * Takes back an issued code that never reached the applicant: the code dies and its counts are given back.
 * Only while the code is still the one issued (ARGV[1], its hash); a newer code to the same target keeps its
 * gap. KEYS as ISSUE_SCRIPT's first four.
 */
const WITHDRAW_SCRIPT = `
if redis.call('HGET', KEYS[4], 'hash') ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[4], KEYS[1])
if tonumber(redis.call('GET', KEYS[2]) or '0') > 0 then redis.call('DECR', KEYS[2]) end
if tonumber(redis.call('GET', KEYS[3]) or '0') > 0 then redis.call('DECR', KEYS[3]) end
return 1`;

/**
 * Atomically checks a code: on a match the code is deleted and what it held returned (hash, meta, wrong tries
 * and the milliseconds it had left), so that it can be put back; on a miss the wrong-try count grows and the
 * code is deleted at the limit. Returns false when there is no code or it did not match. ARGV: deadline, hash,
 * try limit.
 */
const CONSUME_SCRIPT = `${REFUSE_LATE}
local stored = redis.call('HMGET', KEYS[1], 'hash', 'meta', 'wrong')
if not stored[1] then return false end
if stored[1] == ARGV[2] then
  local left = redis.call('PTTL', KEYS[1])
  redis.call('DEL', KEYS[1])
  return { stored[1], stored[2] or '', stored[3] or '0', left }
end
local tries = redis.call('HINCRBY', KEYS[1], 'wrong', 1)
if tries >= tonumber(ARGV[3]) then redis.call('DEL', KEYS[1]) end
return false`;

/** Puts a spent code back as it was, unless a code to the target exists again (NX). ARGV: hash, meta, wrong, ms left. */
const RESTORE_SCRIPT = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'hash', ARGV[1], 'meta', ARGV[2], 'wrong', ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return 1`;

export const ISSUE_CODE = luaScript(ISSUE_SCRIPT);
export const WITHDRAW_CODE = luaScript(WITHDRAW_SCRIPT);
export const CONSUME_CODE = luaScript(CONSUME_SCRIPT);
export const RESTORE_CODE = luaScript(RESTORE_SCRIPT);
