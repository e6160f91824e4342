/**
 * Verification codes: issued with their limits, stored only as an HMAC in Redis with a real TTL, spent by the
 * first correct use, dead after too many wrong tries. Delivery is the caller's business (SMS, mail, WeChat).
 */
import { createHmac, randomInt } from 'node:crypto';
import { secondsUntilShanghaiMidnight, shanghaiDate } from '../../../shared/src/dates';
import { MESSAGES } from '../../../shared/src/reference-data';
import type { OtpPurpose } from '../../../shared/src/schemas/codes';
import { AppError } from '../http/errors';
import { hit, type Redis } from '../stores/redis';
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

export type CodeService = ReturnType<typeof createCodeService>;

export function createCodeService(redis: Redis, hashKey: Buffer, resendIntervalSeconds: number) {
  const digest = (t: CodeTarget, code: string) => createHmac('sha256', hashKey).update(`${codeKey(t)}:${code}`).digest('base64');

  return {
    /**
     * Checks every limit, then stores a fresh code (replacing an earlier one to the same target) and returns it.
     * `meta` travels with the code to whoever spends it (the WeChat user who asked for it, for instance).
     */
    async issue(target: CodeTarget, clientAddress: string, meta = ''): Promise<string> {
      if (resendIntervalSeconds > 0) {
        const fresh = await redis.set(`code-gap:${target.channel}:${target.to}`, '1', 'EX', resendIntervalSeconds, 'NX');
        if (fresh === null) throw new AppError('RATE_LIMITED', `请${resendIntervalSeconds}秒后再获取验证码`);
      }
      if ((await hit(redis, `code-rate:${clientAddress}`, 3600)) > CODES_PER_CLIENT_ADDRESS_PER_HOUR) {
        throw new AppError('RATE_LIMITED', MESSAGES.rateLimited);
      }
      const dailyKey = `code-daily:${target.channel}:${target.to}:${shanghaiDate()}`;
      if ((await hit(redis, dailyKey, secondsUntilShanghaiMidnight() + 60)) > DAILY_LIMIT[target.channel]) {
        throw new AppError('OTP_DAILY_LIMIT', target.channel === 'email'
          ? '该邮箱今日获取验证码次数已达上限，请明天再试'
          : MESSAGES.otpDailyLimit);
      }
      const code = String(randomInt(0, 10 ** CODE_LENGTH)).padStart(CODE_LENGTH, '0');
      const key = codeKey(target);
      await redis.multi().del(key).hset(key, { hash: digest(target, code), meta, wrong: 0 }).expire(key, CODE_TTL_SECONDS).exec();
      return code;
    },

    /** Spends a code; returns the metadata it was issued with, or throws OTP_INVALID. */
    async consume(target: CodeTarget, code: string): Promise<string> {
      const result = await redis.eval(CONSUME_SCRIPT, 1, codeKey(target), digest(target, code), CODE_MAX_WRONG_TRIES);
      if (result === null) throw new AppError('OTP_INVALID', MESSAGES.otpInvalid);
      return String(result);
    },
  };
}

/** The text of a code message; the same wording for SMS, mail and the WeChat conversation. */
export function codeMessage(code: string, purpose: OtpPurpose): string {
  const what = { register: '账号注册', reset: '重置密码', 'change-phone': '修改手机号码', 'change-email': '修改邮箱地址' }[purpose];
  return `【中国教师资格网】您的验证码为${code}，用于${what}，${CODE_TTL_SECONDS / 60}分钟内有效。请勿将验证码告诉他人。`;
}
