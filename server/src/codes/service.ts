/**
 * Verification codes: issued with their limits, stored only as an HMAC in Redis with a real TTL, spent by the
 * first correct use, dead after too many wrong tries. Delivery is the caller's business (SMS, mail, WeChat).
 */
import { createHmac, randomInt } from 'node:crypto';
import { secondsUntilShanghaiMidnight, shanghaiDate } from '../../../shared/src/dates';
import { MESSAGES } from '../../../shared/src/reference-data';
import type { OtpPurpose } from '../../../shared/src/schemas/codes';
import { AppError, asUnavailable, UnavailableError } from '../http/errors';
import { REDIS_COMMAND_TIMEOUT_MS, script, type Redis } from '../stores/redis';
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
const LATE = 5;

/**
 * A script that reaches Redis after the client stopped waiting for it (Redis paused, then resumed with the
 * command still in its socket) would count, store or spend for a request that was already answered 503; it
 * does nothing instead. ARGV[1] is the client's deadline (epoch ms); Redis's own clock judges it, so this
 * needs the clocks of server and Redis in step (NTP) to well within REDIS_COMMAND_TIMEOUT_MS.
 */
const REFUSE_LATE = `
local now = redis.call('TIME')
if tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000) > tonumber(ARGV[1]) then return ${LATE} end`;

const deadline = () => Date.now() + REDIS_COMMAND_TIMEOUT_MS;

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

const issueCode = script(ISSUE_SCRIPT);
const withdrawCode = script(WITHDRAW_SCRIPT);
const consumeCode = script(CONSUME_SCRIPT);
const restoreCode = script(RESTORE_SCRIPT);

/** A late script's answer, should one ever arrive in time: Redis did not answer within the bound. */
const lateAnswer = () => new UnavailableError('redis', new Error('command reached Redis after its deadline'));

export type CodeService = ReturnType<typeof createCodeService>;

/** What a spent code held, to put it back when what it was spent on could not be done. */
type SpentCode = { hash: string; meta: string; wrong: string; msLeft: number };

export function createCodeService(redis: Redis, hashKey: Buffer, resendIntervalSeconds: number) {
  const digest = (t: CodeTarget, code: string) => createHmac('sha256', hashKey).update(`${codeKey(t)}:${code}`).digest('base64');
  const issueKeys = (target: CodeTarget, clientAddress: string) => [
    `code-gap:${target.channel}:${target.to}`,
    `code-rate:${clientAddress}`,
    // Per purpose: codes someone else asks for (registration, say) never use up the owner's reset codes.
    `code-daily:${target.purpose}:${target.channel}:${target.to}:${shanghaiDate()}`,
    codeKey(target),
  ];

  async function issue(target: CodeTarget, clientAddress: string, meta = '', captchaKey?: string): Promise<string> {
    const code = String(randomInt(0, 10 ** CODE_LENGTH)).padStart(CODE_LENGTH, '0');
    const outcome = await issueCode(redis, [...issueKeys(target, clientAddress), ...(captchaKey ? [captchaKey] : [])], [
      deadline(), resendIntervalSeconds, CODES_PER_CLIENT_ADDRESS_PER_HOUR, 3600, DAILY_LIMIT[target.channel],
      secondsUntilShanghaiMidnight() + 60, digest(target, code), meta, CODE_TTL_SECONDS,
    ]);
    if (outcome === ISSUED) return code;
    if (outcome === LATE) throw lateAnswer();
    if (outcome === NO_CAPTCHA) throw new AppError('CAPTCHA_REQUIRED', MESSAGES.captchaRequired);
    if (outcome === TOO_SOON) throw new AppError('RATE_LIMITED', `请${resendIntervalSeconds}秒后再获取验证码`);
    if (outcome === ADDRESS_LIMIT) throw new AppError('RATE_LIMITED', MESSAGES.rateLimited);
    throw new AppError('OTP_DAILY_LIMIT', target.channel === 'email' ? '该邮箱今日获取验证码次数已达上限，请明天再试' : MESSAGES.otpDailyLimit);
  }

  async function spend(target: CodeTarget, code: string): Promise<SpentCode> {
    const result = await consumeCode(redis, [codeKey(target)], [deadline(), digest(target, code), CODE_MAX_WRONG_TRIES]);
    if (result === LATE) throw lateAnswer();
    if (!Array.isArray(result)) throw new AppError('OTP_INVALID', MESSAGES.otpInvalid);
    const [hash, meta, wrong, msLeft] = result as [string, string, string, number];
    return { hash, meta, wrong, msLeft };
  }

  return {
    /**
     * Checks every limit, then stores a fresh code (replacing an earlier one to the same target) and returns it.
     * `meta` travels with the code to whoever spends it (the WeChat user who asked for it, for instance).
     * `captchaKey` (CaptchaService.tokenKey): the captcha token is spent in the same step, CAPTCHA_REQUIRED without it.
     */
    issue,

    /**
     * Issues a code and hands it to `deliver`. A code that could not be delivered was never the applicant's:
     * it dies and the try is given back to the daily and per-address limits, so an outage of the SMS gateway,
     * SMTP or the WeChat API costs the applicant none of the day's codes.
     */
    async issueAndDeliver(target: CodeTarget, clientAddress: string, deliver: (code: string) => Promise<void>, options: { meta?: string; captchaKey?: string } = {}) {
      const code = await issue(target, clientAddress, options.meta, options.captchaKey);
      try {
        await deliver(code);
      } catch (error) {
        await withdrawCode(redis, issueKeys(target, clientAddress), [digest(target, code)]).catch(() => undefined);
        throw error;
      }
    },

    /** Spends a code; returns the metadata it was issued with, or throws OTP_INVALID. */
    async consume(target: CodeTarget, code: string): Promise<string> {
      return (await spend(target, code)).meta;
    },

    /**
     * Spends a code on `work` (given the code's metadata): whole or not at all. When the work fails because a
     * store is unavailable, the code is put back as it was (its wrong tries and its time left), so the retry
     * can use it; any other failure leaves it spent, as one use is.
     */
    async spendOn<T>(target: CodeTarget, code: string, work: (meta: string) => Promise<T>): Promise<T> {
      const spent = await spend(target, code);
      const spentAt = Date.now();
      try {
        return await work(spent.meta);
      } catch (error) {
        const msLeft = spent.msLeft - (Date.now() - spentAt);
        if (asUnavailable(error) && msLeft > 0) {
          await restoreCode(redis, [codeKey(target)], [spent.hash, spent.meta, spent.wrong, msLeft]).catch(() => undefined);
        }
        throw error;
      }
    },
  };
}

/** The text of a code message; the same wording for SMS, mail and the WeChat conversation. */
export function codeMessage(code: string, purpose: OtpPurpose): string {
  const what = { register: '账号注册', reset: '重置密码', 'change-phone': '修改手机号码', 'change-email': '修改邮箱地址' }[purpose];
  return `【中国教师资格网】您的验证码为${code}，用于${what}，${CODE_TTL_SECONDS / 60}分钟内有效。请勿将验证码告诉他人。`;
}
