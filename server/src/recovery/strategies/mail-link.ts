/**
 * a. 邮件重置密码: a one-use link to the bound mail address, valid 24 hours. A link dies early when the password
 * changes by any other way after it was sent.
 */
import type { Courier } from '../../courier/courier';
import { AppError, asUnavailable } from '../../http/errors';
import type { AccountModel } from '../../stores/accounts';
import { hit, type Redis } from '../../stores/redis';
import type { ResetFlows } from '../flows';
import { RESET_MAILS_PER_ACCOUNT_PER_DAY } from '../rules';
import type { RecoveryStrategy } from '../strategy';

export const LINK_INVALID_MESSAGE = '重置链接无效或已过期，请重新使用“忘记密码”的“邮箱重置密码”功能发送邮件';

export function createMailLinkStrategy(deps: { flows: ResetFlows; courier: Courier; redis: Redis; accounts: AccountModel }): RecoveryStrategy {
  return {
    id: 'mail-link',
    offers: (account) => Boolean(account.email),

    async send(account) {
      if (!account.email) throw new AppError('VALIDATION_FAILED', '账号未绑定邮箱，请选择其他重置方式');
      if ((await hit(deps.redis, `reset-mail:${account._id.toString()}`, 24 * 3600)) > RESET_MAILS_PER_ACCOUNT_PER_DAY) {
        throw new AppError('RATE_LIMITED', '今日发送重置邮件的次数已达上限，请明天再试');
      }
      const token = await deps.flows.issueLink(account._id.toString());
      await deps.courier.send('resetLink', { channel: 'email', to: account.email }, { token });
    },

    async prove(proof) {
      if (!('linkToken' in proof)) throw new AppError('OTP_INVALID', LINK_INVALID_MESSAGE);
      const { linkToken } = proof;
      const link = await deps.flows.spendLink(linkToken);
      if (!link) throw new AppError('OTP_INVALID', LINK_INVALID_MESSAGE);
      // Cut off by an outage: the applicant retries with the same link. Once the password has changed, the
      // check below refuses the link, so it still changes the password only once.
      const giveBack = () => deps.flows.restoreLink(linkToken, link);
      try {
        const account = await deps.accounts.findById(link.accountId);
        if (!account || account.legacy || (account.passwordChangedAt?.getTime() ?? 0) > link.issuedAt) {
          throw new AppError('OTP_INVALID', LINK_INVALID_MESSAGE);
        }
      } catch (error) {
        if (asUnavailable(error)) await giveBack().catch(() => undefined);
        throw error;
      }
      return { accountId: link.accountId, flowId: null, giveBack };
    },
  };
}
