/**
 * c. 微信验证重置密码 (manual 2.2.2): for an account bound to a WeChat user (忘记密码前做过微信服务号关联的用户).
 * From the service account's 重置密码 page or the mini-program, the bound WeChat user sets a new password and
 * 重置成功 arrives in the conversation. On the site, a 取验证码 code (reset purpose, only ever sent to the
 * bound WeChat user) completes an open reset flow like an SMS code. Every session of the account ends.
 */
import { AppError } from '../../http/errors';
import type { CodeService } from '../../codes/service';
import type { WechatApi } from '../../wechat/api/client';
import type { WechatBindings } from '../../wechat/flows/bindings';
import type { WechatUser } from '../../wechat/flows/sessions';
import { TEXT } from '../../wechat/rules';
import type { Logger } from '../../log';
import type { ResetFlows } from '../flows';
import type { RecoveryService } from '../service';

export function createWechatResetStrategy(deps: {
  recovery: RecoveryService; flows: ResetFlows; codes: CodeService; bindings: WechatBindings; wechatApi: WechatApi; log: Logger;
}) {
  return {
    /** The bound WeChat user resets the password of its account; 重置成功 arrives in the service-account conversation. */
    async resetBound(user: WechatUser, newPassword: string): Promise<void> {
      const accountId = await deps.bindings.accountOf(user.key);
      if (!accountId) throw new AppError('ACCOUNT_NOT_FOUND', `${TEXT.notBound}请先绑定账号，或使用邮件、短信方式重置密码。`);
      await deps.recovery.setPassword(accountId, newPassword);
      const openid = user.app === 'service' ? user.openid : await deps.bindings.openidOf(accountId, 'service');
      if (!openid) return;
      deps.wechatApi.sendText(openid, TEXT.resetDone).catch((error: unknown) => {
        deps.log.warn({ err: error instanceof Error ? error.message : String(error) }, 'wechat reset notice not sent');
      });
    },

    /** An open reset flow (resetId) completed with a WeChat code from 取验证码. */
    async complete(resetId: string, code: string, newPassword: string): Promise<void> {
      const account = await deps.recovery.accountOfFlow(resetId);
      // The code carries the WeChat person who asked for it (their UnionID key).
      await deps.codes.spendOn({ purpose: 'reset', channel: 'wechat', to: String(account._id) }, code, async (userKey) => {
        if ((await deps.bindings.accountOf(userKey)) !== String(account._id)) throw new AppError('OTP_INVALID', '验证码错误或已失效，请重新获取');
        await deps.recovery.setPassword(String(account._id), newPassword);
        await deps.flows.close(resetId);
      });
    },
  };
}

export type WechatResetStrategy = ReturnType<typeof createWechatResetStrategy>;
