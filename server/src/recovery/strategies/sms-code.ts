/** b. 短信验证重置密码: a code to the bound phone, under the same limits as every SMS code. */
import { AppError } from '../../http/errors';
import type { SmsSender } from '../../adapters/sms';
import { codeMessage, type CodeService } from '../../codes/service';
import type { ResetFlows } from '../flows';
import type { RecoveryService } from '../service';

export function createSmsCodeStrategy(deps: { recovery: RecoveryService; flows: ResetFlows; codes: CodeService; sms: SmsSender }) {
  const target = (phone: string) => ({ purpose: 'reset' as const, channel: 'sms' as const, to: phone });
  return {
    async send(resetId: string, clientAddress: string): Promise<void> {
      const account = await deps.recovery.accountOfFlow(resetId);
      if (!account.phone) throw new AppError('VALIDATION_FAILED', '账号未绑定手机号码，请选择其他重置方式');
      const phone = account.phone;
      await deps.codes.issueAndDeliver(target(phone), clientAddress, (code) => deps.sms.send(phone, codeMessage(code, 'reset')));
    },

    async complete(resetId: string, code: string, newPassword: string): Promise<void> {
      const account = await deps.recovery.accountOfFlow(resetId);
      if (!account.phone) throw new AppError('OTP_INVALID', '验证码错误或已失效，请重新获取');
      await deps.codes.spendOn(target(account.phone), code, async () => {
        await deps.recovery.setPassword(account._id.toString(), newPassword);
        await deps.flows.close(resetId);
      });
    },
  };
}
