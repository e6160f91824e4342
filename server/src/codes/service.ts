/**
 * Verification codes: issued with their limits, stored only as an HMAC in Redis with a real TTL, spent by the
 * first correct use, dead after too many wrong tries. Delivery is the caller's business (the courier).
 */
import { createHmac, randomInt } from 'node:crypto';
import { secondsUntilShanghaiMidnight, shanghaiDate } from '../../../shared/src/dates';
import { MESSAGES } from '../../../shared/src/reference-data';
import type { OtpPurpose } from '../../../shared/src/schemas/codes';
import { AppError } from '../http/errors';
import type { Redis } from '../stores/redis';
import { ADDRESS_LIMIT, CODES_HASH_TAG, ISSUED, NO_CAPTCHA, TOO_SOON } from './scripts';
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

const codeKey = (t: CodeTarget) => `${CODES_HASH_TAG}:code:${t.purpose}:${t.channel}:${t.to}`;

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
      const outcome = await redis.issueCode([
        `${CODES_HASH_TAG}:code-gap:${target.channel}:${target.to}`,
        `${CODES_HASH_TAG}:code-rate:${clientAddress}`,
        // Per purpose: codes someone else asks for (registration, say) never use up the owner's reset codes.
        `${CODES_HASH_TAG}:code-daily:${target.purpose}:${target.channel}:${target.to}:${shanghaiDate()}`,
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
      const result = await redis.consumeCode([codeKey(target)], [digest(target, code), CODE_MAX_WRONG_TRIES]);
      if (result === null) throw new AppError('OTP_INVALID', MESSAGES.otpInvalid);
      return String(result);
    },
  };
}
