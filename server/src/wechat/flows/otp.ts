/**
 * 取验证码 (FAQ 微信扫码获取验证码): the applicant enters the document number in the service account and the
 * 6-digit code goes into the conversation as a customer-service message. A document without an account gets a
 * registration code (registration binds the WeChat user who asked for it); the account bound to this WeChat
 * user gets a password-reset code. Same daily limits as SMS, per document number.
 */
import { shanghaiDate, secondsUntilShanghaiMidnight } from '../../../../shared/src/dates';
import { MESSAGES } from '../../../../shared/src/reference-data';
import { idIndexOf, type AccountDirectory } from '../../accounts/lookup';
import { CODE_TTL_SECONDS } from '../../codes/rules';
import type { CodeService } from '../../codes/service';
import type { Courier } from '../../courier/courier';
import { AppError, UnavailableError } from '../../http/errors';
import type { Pii } from '../../stores/pii';
import { hit, type Redis } from '../../stores/redis';
import { TEXT, WECHAT_CODES_PER_OPENID_PER_DAY } from '../rules';
import type { WechatBindingStore } from '../../stores/wechat-bindings';
import type { WechatBindings } from './bindings';
import type { WechatUser } from './sessions';

/** The person's 取验证码 count of the day (Shanghai date). */
export const wechatCodesKeyOf = (userKey: string) => `wechat-codes:${userKey}:${shanghaiDate()}`;

export function createWechatOtp(deps: {
  directory: AccountDirectory; pii: Pii; redis: Redis; codes: CodeService; courier: Courier; bindings: WechatBindings;
  store: WechatBindingStore;
}) {
  return {
    /**
     * From the service account's page or the mini-program alike: the code goes into the person's service-account
     * conversation (their openid there, known from a visit or a follow), and carries the person (UnionID key) to
     * whoever spends it.
     */
    async send(user: WechatUser, idNumber: string, clientAddress: string) {
      // Counted before anything is said about the number, so the answers cannot probe which numbers are registered.
      const perUserKey = wechatCodesKeyOf(user.key);
      const perUser = await hit(deps.redis, perUserKey, secondsUntilShanghaiMidnight() + 60);
      if (perUser > WECHAT_CODES_PER_OPENID_PER_DAY) throw new AppError('OTP_DAILY_LIMIT', '今日获取验证码次数已达上限，请明天再试');
      const idIndex = idIndexOf(deps.pii, idNumber);
      const account = await deps.directory.byIdIndex(idIndex);
      let purpose: 'register' | 'reset' = 'register';
      if (account && !account.legacy) {
        // A registered document: only its own bound WeChat user gets a (reset) code.
        if ((await deps.bindings.accountOf(user.key)) !== String(account._id)) {
          throw new AppError('ACCOUNT_EXISTS', `${MESSAGES.accountExists}。如需通过微信重置密码，请先绑定账号`);
        }
        purpose = 'reset';
      }
      const openid = user.app === 'service' ? user.openid : await deps.store.openidIn(user.key, 'service');
      if (!openid) throw new AppError('FORBIDDEN', TEXT.followFirst);
      await deps.codes.issueAndDeliver({ purpose, channel: 'wechat', to: idIndex }, clientAddress, async (code) => {
        try {
          await deps.courier.send('code', { channel: 'wechat', to: openid }, { code, purpose });
        } catch (error) {
          // A code that never reached the person is not one of their day's codes (the code's own counts go back too).
          await deps.redis.decr(perUserKey).catch(() => undefined);
          throw new UnavailableError('wechat', error);
        }
      }, { meta: user.key });
      return { expiresIn: CODE_TTL_SECONDS, message: TEXT.codeSent };
    },
  };
}

export type WechatOtp = ReturnType<typeof createWechatOtp>;
