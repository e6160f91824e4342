/**
 * a. 邮件重置密码: a one-use link to the bound mail address, valid 24 hours. A link dies early when the password
 * changes by any other way after it was sent.
 */
import type { MailSender } from '../../adapters/mail';
import { AppError, asUnavailable } from '../../http/errors';
import type { AccountModel } from '../../stores/accounts';
import { hit, type Redis } from '../../stores/redis';
import type { ResetFlows } from '../flows';
import { RESET_LINK_TTL_SECONDS, RESET_MAILS_PER_ACCOUNT_PER_DAY } from '../rules';
import type { RecoveryService } from '../service';

export const LINK_INVALID_MESSAGE = '重置链接无效或已过期，请重新使用“忘记密码”的“邮箱重置密码”功能发送邮件';

/**
 * The app's reset page (miniapp/src/pages/reset). The token rides in the fragment, which browsers never send to a
 * server, so it stays out of request lines, access logs and Referer headers.
 */
export function resetLinkUrl(publicUrl: string, token: string): string {
  return `${publicUrl}/pages/reset/index#token=${encodeURIComponent(token)}`;
}

export function resetLinkMail(publicUrl: string, token: string): string {
  return [
    '您好！',
    '您正在中国教师资格网重置登录密码，请点击以下链接设置新密码：',
    resetLinkUrl(publicUrl, token),
    `链接${RESET_LINK_TTL_SECONDS / 3600}小时内有效，且只能使用一次。如无法打开，请复制链接到谷歌浏览器或360浏览器极速模式中操作。`,
    '如果这不是您本人的操作，请忽略本邮件，您的密码不会改变。',
  ].join('\n');
}

export function createMailLinkStrategy(deps: {
  recovery: RecoveryService; flows: ResetFlows; mail: MailSender; redis: Redis; accounts: AccountModel; publicUrl: string;
}) {
  return {
    async send(resetId: string): Promise<void> {
      const account = await deps.recovery.accountOfFlow(resetId);
      if (!account.email) throw new AppError('VALIDATION_FAILED', '账号未绑定邮箱，请选择其他重置方式');
      if ((await hit(deps.redis, `reset-mail:${account._id.toString()}`, 24 * 3600)) > RESET_MAILS_PER_ACCOUNT_PER_DAY) {
        throw new AppError('RATE_LIMITED', '今日发送重置邮件的次数已达上限，请明天再试');
      }
      const token = await deps.flows.issueLink(account._id.toString());
      await deps.mail.send({ to: account.email, subject: '中国教师资格网重置密码', text: resetLinkMail(deps.publicUrl, token) });
    },

    async complete(linkToken: string, newPassword: string): Promise<void> {
      const link = await deps.flows.spendLink(linkToken);
      if (!link) throw new AppError('OTP_INVALID', LINK_INVALID_MESSAGE);
      try {
        const account = await deps.accounts.findById(link.accountId);
        if (!account || account.legacy || (account.passwordChangedAt?.getTime() ?? 0) > link.issuedAt) {
          throw new AppError('OTP_INVALID', LINK_INVALID_MESSAGE);
        }
        await deps.recovery.setPassword(link.accountId, newPassword);
      } catch (error) {
        // Cut off by an outage: the applicant retries with the same link. Once the password has changed, the
        // check above refuses the link, so it still changes the password only once.
        if (asUnavailable(error)) await deps.flows.restoreLink(linkToken, link).catch(() => undefined);
        throw error;
      }
    },
  };
}
