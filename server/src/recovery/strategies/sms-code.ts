/** b. 短信验证重置密码: a code to the bound phone, under the same limits as every SMS code. */
import type { CodeService } from '../../codes/service';
import type { Courier } from '../../courier/courier';
import { AppError } from '../../http/errors';
import type { FlowAccess } from '../service';
import type { RecoveryStrategy } from '../strategy';

const CODE_INVALID = '验证码错误或已失效，请重新获取';

export function createSmsCodeStrategy(deps: { flowAccess: FlowAccess; codes: CodeService; courier: Courier }): RecoveryStrategy {
  const target = (phone: string) => ({ purpose: 'reset' as const, channel: 'sms' as const, to: phone });
  return {
    id: 'sms-code',
    offers: (account) => Boolean(account.phone),

    async send(account, clientAddress) {
      if (!account.phone) throw new AppError('VALIDATION_FAILED', '账号未绑定手机号码，请选择其他重置方式');
      const phone = account.phone;
      await deps.codes.issueAndDeliver(target(phone), clientAddress, (code) => deps.courier.send('code', { channel: 'sms', to: phone }, { code, purpose: 'reset' }));
    },

    async prove(proof) {
      if (!('resetId' in proof)) throw new AppError('OTP_INVALID', CODE_INVALID);
      const { flow, account } = await deps.flowAccess.open(proof.resetId);
      if (!account.phone) throw new AppError('OTP_INVALID', CODE_INVALID);
      const { giveBack } = await deps.codes.take(target(account.phone), proof.code);
      return { accountId: flow.accountId, flowId: flow.id, giveBack };
    },
  };
}
