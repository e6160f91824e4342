/**
 * Verification codes: issued with their limits, stored only as an HMAC in Redis with a real TTL, spent by the
 * first correct use, dead after too many wrong tries. Delivery is the caller's business (the courier).
 */
import { createHmac, randomInt } from 'node:crypto';
import { secondsUntilShanghaiMidnight, shanghaiDate } from '../../../shared/src/dates';
import { MESSAGES } from '../../../shared/src/reference-data';
import type { OtpPurpose } from '../../../shared/src/schemas/codes';
import { AppError } from '../http/errors';
import { script, type Redis } from '../stores/redis';
import {
  CODE_LENGTH, CODE_MAX_WRONG_TRIES, CODE_TTL_SECONDS, CODES_PER_CLIENT_ADDRESS_PER_HOUR, MAIL_CODES_PER_ADDRESS_PER_DAY,
  SMS_CODES_PER_PHONE_PER_DAY, WECHAT_CODES_PER_DOCUMENT_PER_DAY,
} from './rules';

export type CodeChannel = 'sms' | 'email' | 'wechat';

/** Where a code goes: a phone number, a mail address, or (WeChat) the blind index of the document number. */
export type CodeTarget = { purpose: OtpPurpose; channel: CodeChannel; to: string };

const DAILY_LIMIT: Record<CodeChannel, number> = {
  sms: SMS_CODES_PER_PHONE_PER_DAY,
  email: MAIL_CODES_PER_ADDRESS_PER_DAY,
  wechat: WECHAT_CODES_PER_DOCUMENT_PER_DAY,
};

const codeKey = (t: CodeTarget) => `code:${t.purpose}:${t.channel}:${t.to}`;

const ISSUED = 0;
const TOO_SOON = 1;
const ADDRESS_LIMIT = 2;
const DAILY_LIMIT_REACHED = 3;
const NO_CAPTCHA = 4;

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

const issueCode = script(ISSUE_SCRIPT);
const consumeCode = script(CONSUME_SCRIPT);

export type CodeService = ReturnType<typeof createCodeService>;

export function createCodeService(redis: Redis, hashKey: Buffer, resendIntervalSeconds: number) {
  const digest = (t: CodeTarget, code: string) => createHmac('sha256', hashKey).update(`${codeKey(t)}:${code}`).digest('base64');

  return {
    /**
     * Checks every limit, then stores a fresh code (replacing an earlier one to the same target) and returns it.
     * `meta` travels with the code to whoever spends it (the WeChat user who asked for it, for instance).
     * `captchaKey` (CaptchaService.tokenKey): the captcha token is spent in the same step, CAPTCHA_REQUIRED without it.
     */
    async issue(target: CodeTarget, clientAddress: string, meta = '', captchaKey?: string): Promise<string> {
      const code = String(randomInt(0, 10 ** CODE_LENGTH)).padStart(CODE_LENGTH, '0');
      const outcome = await issueCode(redis, [
        `code-gap:${target.channel}:${target.to}`,
        `code-rate:${clientAddress}`,
        // Per purpose: codes someone else asks for (registration, say) never use up the owner's reset codes.
        `code-daily:${target.purpose}:${target.channel}:${target.to}:${shanghaiDate()}`,
        codeKey(target),
        ...(captchaKey ? [captchaKey] : []),
      ], [
        resendIntervalSeconds, CODES_PER_CLIENT_ADDRESS_PER_HOUR, 3600, DAILY_LIMIT[target.channel],
        secondsUntilShanghaiMidnight() + 60, digest(target, code), meta, CODE_TTL_SECONDS,
      ]);
      if (outcome === ISSUED) return code;
      if (outcome === NO_CAPTCHA) throw new AppError('CAPTCHA_REQUIRED', MESSAGES.captchaRequired);
      if (outcome === TOO_SOON) throw new AppError('RATE_LIMITED', `请${resendIntervalSeconds}秒后再获取验证码`);
      if (outcome === ADDRESS_LIMIT) throw new AppError('RATE_LIMITED', MESSAGES.rateLimited);
      throw new AppError('OTP_DAILY_LIMIT', target.channel === 'email' ? '该邮箱今日获取验证码次数已达上限，请明天再试' : MESSAGES.otpDailyLimit);
    },

    /** Spends a code; returns the metadata it was issued with, or throws OTP_INVALID. */
    async consume(target: CodeTarget, code: string): Promise<string> {
      const result = await consumeCode(redis, [codeKey(target)], [digest(target, code), CODE_MAX_WRONG_TRIES]);
      if (result === null) throw new AppError('OTP_INVALID', MESSAGES.otpInvalid);
      return String(result);
    },
  };
}
