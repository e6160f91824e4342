/**
 * c. 微信验证重置密码 (manual 2.2.2): for an account bound to a WeChat user (忘记密码前做过微信服务号关联的用户).
 * On the site, a 取验证码 code (reset purpose, only ever sent to the bound WeChat user) completes an open reset
 * flow like an SMS code. From the service account's 重置密码 page or the mini-program there is no flow: the bound
 * WeChat user sets a new password directly (RecoveryService.resetBound); 重置成功 arrives in the conversation.
 */
import type { CodeService } from '../../codes/service';
import { AppError } from '../../http/errors';
import type { WechatBindingStore } from '../../stores/wechat-bindings';
import type { FlowAccess } from '../service';
import type { RecoveryStrategy } from '../strategy';

const CODE_INVALID = '验证码错误或已失效，请重新获取';

export function createWechatResetStrategy(deps: { flowAccess: FlowAccess; codes: CodeService; bindings: WechatBindingStore }): RecoveryStrategy {
  return {
    id: 'wechat',
    offers: (_account, wechatBound) => wechatBound,

    async prove(proof) {
      if (!('resetId' in proof)) throw new AppError('OTP_INVALID', CODE_INVALID);
      const { flow, account } = await deps.flowAccess.open(proof.resetId);
      const accountId = String(account._id);
      // The code carries the WeChat person who asked for it (their UnionID key).
      const { meta: userKey, giveBack } = await deps.codes.take({ purpose: 'reset', channel: 'wechat', to: accountId }, proof.code);
      if ((await deps.bindings.accountOf(userKey)) !== accountId) throw new AppError('OTP_INVALID', CODE_INVALID);
      return { accountId, flowId: flow.id, giveBack };
    },
  };
}
